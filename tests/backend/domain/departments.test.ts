/**
 * 部门数据's arithmetic alone (D2-D4): roll-ups up the tree without double counting, the
 * rolling windows in Asia/Shanghai, the claim rate, one goal per department. No database.
 */
import {
  broughtDaysOf,
  claimRate,
  goalByDepartment,
  rollUpDepartments,
} from '../../../cloudfunctions/_shared/domain/departments';

const NOW = new Date('2026-12-08T02:00:00.000Z'); // 10:00 on the 8th in Shanghai
const tree = [
  { _id: '1', name: '公司', parentId: null, order: 1, path: ['1'] },
  { _id: '2', name: '华东', parentId: '1', order: 1, path: ['1', '2'] },
  { _id: '3', name: '上海', parentId: '2', order: 1, path: ['1', '2', '3'] },
  { _id: '4', name: '杭州', parentId: '2', order: 2, path: ['1', '2', '4'] },
];
const figures = (
  brought: number,
  broughtDays: Record<string, number>,
  assigned = 2,
  claimed = 1,
) => ({
  brought,
  broughtDays,
  leads: 1,
  assigned,
  claimed,
});

describe('D2: the roll-up', () => {
  it('counts an employee in two departments once for their common parent', () => {
    const rolled = rollUpDepartments(
      tree,
      [
        { _id: 'a', departmentIds: ['3', '4'] },
        { _id: 'b', departmentIds: ['4'] },
      ],
      new Map([
        ['a', figures(5, {})],
        ['b', figures(2, {})],
      ]),
      NOW,
    );
    expect(rolled.get('3')!.brought).toBe(5);
    expect(rolled.get('4')!.brought).toBe(7);
    expect(rolled.get('2')!.brought).toBe(7);
    expect(rolled.get('1')!.brought).toBe(7);
  });

  it('new today / 7 / 30 days are Shanghai days ending today, and the trend adds up', () => {
    const days = broughtDaysOf(
      [
        new Date('2026-12-07T16:30:00.000Z'), // 00:30 on the 8th in Shanghai: today
        new Date('2026-12-07T15:30:00.000Z'), // 23:30 on the 7th
        new Date('2026-12-02T01:00:00.000Z'), // 6 days ago: in the 7
        new Date('2026-12-01T01:00:00.000Z'), // 7 days ago: not in the 7
        new Date('2026-11-01T01:00:00.000Z'), // outside 30 days
      ],
      NOW,
    );
    const rolled = rollUpDepartments(
      tree,
      [{ _id: 'a', departmentIds: ['3'] }],
      new Map([['a', figures(5, days)]]),
      NOW,
    );
    const row = rolled.get('1')!;
    expect(row).toMatchObject({ newToday: 1, new7: 3, new30: 4 });
    expect(row.trend).toHaveLength(30);
    expect(row.trend[29]).toEqual({ day: '20261208', newCustomers: 1 });
    expect(row.trend.reduce((n, d) => n + d.newCustomers, 0)).toBe(4);
  });
});

describe('D3 and D4', () => {
  it('the claim rate is claimed / assigned, none without assignments', () => {
    expect(claimRate(4, 3)).toBe(0.75);
    expect(claimRate(0, 0)).toBeNull();
  });

  it('a goal per department: members’ in-window counts against target × members', () => {
    const rows = goalByDepartment(
      3,
      [
        { userId: 'a', departmentIds: ['3'] },
        { userId: 'b', departmentIds: ['4'] },
      ],
      new Map([
        ['a', 2],
        ['b', 5],
      ]),
      tree,
    );
    expect(rows).toEqual([
      { departmentId: '1', completed: 7, target: 6 },
      { departmentId: '2', completed: 7, target: 6 },
      { departmentId: '3', completed: 2, target: 3 },
      { departmentId: '4', completed: 5, target: 3 },
    ]);
  });
});
