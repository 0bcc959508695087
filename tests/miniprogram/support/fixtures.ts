import type { ActionResponse, TaskSummary } from '../../../typings/api';

/** A task as `tasks.list` returns it; times are UTC instants (Shanghai is UTC+8). */
export function task(overrides: Partial<TaskSummary> = {}): TaskSummary {
  return {
    id: 'task-1',
    title: '双十一爆款文章转发',
    cover: 'https://example.com/cover-1.png',
    startAt: '2024-11-20T01:00:00.000Z', // 11月20日 09:00 in Shanghai
    endAt: '2024-11-30T10:00:00.000Z', // 11月30日 18:00 in Shanghai
    status: 'active',
    claimed: true,
    goalCount: 3,
    totalPoints: 120,
    hasBenefits: true,
    ...overrides,
  };
}

export type MeData = ActionResponse<'employee', 'me.get'>;

export function me(overrides: Partial<MeData> = {}): MeData {
  return {
    userId: 'zhangwei',
    name: '张伟',
    avatar: '',
    isAdmin: false,
    isLeader: false,
    ...overrides,
  };
}
