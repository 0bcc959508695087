/** AD6: CSV that Excel opens with Chinese intact and that survives any nickname or form answer. */
import {
  BOM,
  csvField,
  csvLine,
  csvPage,
  shanghaiTime,
} from '../../../cloudfunctions/_shared/domain/csv';
import {
  customerRow,
  latestPhones,
  leadRow,
  phoneOf,
} from '../../../cloudfunctions/_shared/domain/task-admin-export';

/** A small RFC 4180 reader, to prove what a spreadsheet would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('csvField', () => {
  it.each([
    ['王女士', '王女士'],
    ['a,b', '"a,b"'],
    ['他说"你好"', '"他说""你好"""'],
    ['第一行\n第二行', '"第一行\n第二行"'],
    ['a\r\nb', '"a\r\nb"'],
    ['', ''],
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['@sum', "'@sum"],
  ])('%j -> %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('numbers, booleans and empties', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
});

describe('csvPage', () => {
  it('the first page starts with the UTF-8 BOM and the header; later pages are rows only', () => {
    const first = csvPage(['昵称', '备注'], [['王女士', '想要, "奶油风"\n客厅']], true);
    expect(first.startsWith(BOM)).toBe(true);
    expect(Buffer.from(first, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const next = csvPage(['昵称', '备注'], [['刘先生', '']], false);
    expect(next).toBe('刘先生,\r\n');
    expect(parseCsv((first + next).slice(1))).toEqual([
      ['昵称', '备注'],
      ['王女士', '想要, "奶油风"\n客厅'],
      ['刘先生', ''],
    ]);
  });

  it('a line ends with CRLF', () => {
    expect(csvLine(['a', 'b'])).toBe('a,b\r\n');
  });
});

describe('export rows', () => {
  const lookups = {
    employeeNames: new Map([['lixue', '李雪']]),
    taskTitles: new Map([['t1', '奶油风客厅']]),
  };

  it('shanghaiTime formats in Asia/Shanghai whatever the process zone', () => {
    expect(shanghaiTime(new Date('2024-11-20T16:30:05.000Z'))).toBe('2024-11-21 00:30:05');
    expect(shanghaiTime(null)).toBe('');
  });

  it('a customer row: channel, employee and task names, full phone; 非客户/直接访问 without origin', () => {
    const base = {
      _id: 'cust-1',
      unionid: null,
      nickname: '王女士',
      firstSeenAt: new Date('2024-11-20T01:00:00.000Z'),
      lastActiveAt: new Date('2024-11-21T01:00:00.000Z'),
      inArchive: true,
    };
    expect(
      customerRow(
        {
          ...base,
          origin: {
            taskId: 't1',
            rootEmployeeId: 'lixue',
            channel: 'forward',
            parentCustomerId: 'cust-0',
          },
        },
        '13812345678',
        lookups,
      ),
    ).toEqual([
      'cust-1',
      '王女士',
      '',
      '是',
      '客户转发',
      '李雪',
      'lixue',
      '奶油风客厅',
      'cust-0',
      '13812345678',
      '2024-11-20 09:00:00',
      '2024-11-21 09:00:00',
    ]);
    const direct = customerRow({ ...base, origin: null, inArchive: false }, '', lookups);
    expect(direct.slice(3, 8)).toEqual(['否', '非客户/直接访问', '', '', '']);
  });

  it('a lead row: name, phone and the other answers', () => {
    const row = leadRow(
      {
        customerId: 'cust-1',
        taskId: 't1',
        rootEmployeeId: 'gone',
        channel: 'wecom_moments',
        at: new Date('2024-11-20T01:00:00.000Z'),
        data: {
          formId: 'f1',
          fields: { name: '王女士', phone: '13812345678', city: '上海', note: '周末, 上午' },
        },
      },
      '王女士',
      lookups,
    );
    expect(row).toEqual([
      '2024-11-20 09:00:00',
      'cust-1',
      '王女士',
      '王女士',
      '13812345678',
      'city：上海；note：周末, 上午',
      'f1',
      'gone',
      'gone',
      '奶油风客厅',
      '客户朋友圈',
    ]);
  });

  it('a lead on a direct open reads 直接访问, with no employee or task', () => {
    const row = leadRow(
      {
        customerId: 'cust-9',
        taskId: null,
        rootEmployeeId: null,
        channel: null,
        at: new Date('2024-11-20T01:00:00.000Z'),
        data: { formId: 'f1', fields: { phone: '13812345678' } },
      },
      '',
      lookups,
    );
    expect(row.slice(7)).toEqual(['', '', '', '直接访问']);
  });

  it('phones: the phone field, else any mainland mobile; the latest per customer', () => {
    expect(phoneOf({ mobile: '13912345678' })).toBe('13912345678');
    expect(phoneOf({ name: 'x' })).toBe('');
    const events = [
      { customerId: 'a', data: { fields: { phone: '13800000001' } } },
      { customerId: 'a', data: { fields: { phone: '13800000002' } } },
      { customerId: 'b', data: { fields: {} } },
    ] as never[];
    expect([...latestPhones(events)]).toEqual([['a', '13800000002']]);
  });
});
