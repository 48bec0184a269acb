import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../functions/src/domain/errors.ts';
import { buildRowSchema, parseCellValue, validateRow } from '../../../functions/src/domain/workbook/row-schemas.ts';
import type { CellValue, RowValidationOptions } from '../../../functions/src/domain/workbook/row-schemas.ts';
import { getColumn, getTab } from '../../../functions/src/domain/workbook/workbook-schema.ts';
import type { ColumnSpec } from '../../../functions/src/domain/workbook/workbook-schema.ts';

const SHANGHAI: RowValidationOptions = { zone: 'Asia/Shanghai', lang: 'en' };

const VALID_PERSON = { email: 'li.wei@example.com', name: '李伟', role: 'rep' } as const;
const VALID_MEETING = {
  type: 'weekly S&OP',
  title: '销售与运营周例会',
  start: '2026-11-30 09:00',
  end: '2026-11-30 10:30',
} as const;

function column(tabKey: Parameters<typeof getTab>[0], key: string): ColumnSpec {
  const found = getColumn(getTab(tabKey), key);
  if (!found) throw new Error(`no column ${key}`);
  return found;
}

function cell(tabKey: Parameters<typeof getTab>[0], key: string, raw: CellValue) {
  return parseCellValue(column(tabKey, key), raw, SHANGHAI);
}

describe('validateRow: People', () => {
  it('turns a valid row into a canonical record', () => {
    const result = validateRow(
      'people',
      {
        email: '  Li.Wei@Example.COM ',
        name: ' 李伟 ',
        team: '华东一组',
        role: '销售代表',
        region: '上海',
        manager: 'Zhang.Min@example.com',
        active: '是',
        joined: '2026年3月1日',
        capacity: '120',
      },
      SHANGHAI,
    );
    expect(result).toEqual({
      ok: true,
      status: 'OK',
      notes: [],
      record: {
        email: 'li.wei@example.com',
        name: '李伟',
        team: '华东一组',
        role: 'rep',
        region: '上海',
        manager: 'zhang.min@example.com',
        active: true,
        joined: '2026-03-01',
        capacity: 120,
      },
    });
  });

  it('leaves empty optional cells out of the record', () => {
    const result = validateRow('people', { ...VALID_PERSON, team: '', region: '   ', joined: null }, SHANGHAI);
    expect(result).toMatchObject({ ok: true, record: VALID_PERSON });
    expect(result.ok && Object.keys(result.record)).toEqual(['email', 'name', 'role']);
  });

  it('ignores what is typed into system-owned columns', () => {
    const result = validateRow('people', { ...VALID_PERSON, id: 'P-FAKE', status: 'I fixed it' }, SHANGHAI);
    expect(result).toMatchObject({ ok: true, record: VALID_PERSON });
    expect(result.ok && 'id' in result.record).toBe(false);
  });

  it('accepts cells given as a Map keyed by column', () => {
    const result = validateRow('people', new Map<string, CellValue>(Object.entries(VALID_PERSON)), SHANGHAI);
    expect(result).toMatchObject({ ok: true, record: VALID_PERSON });
  });

  it.each([
    ['英文', 'sales rep', 'rep'],
    ['中文', '销售代表', 'rep'],
    ['the seed’s word for a rep', '满意代表', 'rep'],
    ['the canonical key', 'rep', 'rep'],
    ['upper case', 'MANAGER', 'manager'],
    ['full-width letters', 'ａｄｍｉｎ', 'admin'],
    ['Chinese doctor title', '顾服主管医生', 'doctor'],
    ['Chinese staff', '员工', 'staff'],
  ])('reads a role written in %s', (_case, typed, key) => {
    expect(validateRow('people', { ...VALID_PERSON, role: typed }, SHANGHAI)).toMatchObject({
      ok: true,
      record: { role: key },
    });
  });

  it.each([
    [
      'a missing required value',
      { name: '' },
      { code: 'VALUE_REQUIRED', column: 'name', en: '"Name" is required: fill it in.', zh: '“姓名”为必填项,请填写。' },
    ],
    [
      'an invalid email',
      { email: 'li.wei@' },
      {
        code: 'EMAIL_INVALID',
        column: 'email',
        en: '"Email": "li.wei@" is not an email address; type it like name@example.com.',
        zh: '“邮箱”:“li.wei@”不是有效的邮箱地址,请按 name@example.com 的格式填写。',
      },
    ],
    [
      'an unknown role',
      { role: '组长' },
      {
        code: 'ENUM_INVALID',
        column: 'role',
        en:
          '"Role": "组长" is not an allowed value; choose one of: "admin", "manager", "sales rep", "service doctor",' +
          ' "staff".',
        zh: '“角色”:“组长”不是可选值,请从以下选项中选择:“管理员”、“经理”、“销售代表”、“顾服医生”、“员工”。',
      },
    ],
    [
      'a yes/no cell with something else',
      { active: 'maybe' },
      {
        code: 'BOOLEAN_INVALID',
        column: 'active',
        en: '"Active": "maybe" is not yes or no; type yes or no (是 / 否 also work).',
        zh: '“在职”:“maybe”无法识别为是或否,请填写“是”或“否”(也可填 yes / no)。',
      },
    ],
    [
      'an impossible date',
      { joined: '2026/02/30' },
      {
        code: 'DATE_NONEXISTENT',
        column: 'joined',
        en: '"Joined": "2026/02/30" is not a real calendar date; check the month and the day.',
        zh: '“入职日期”:“2026/02/30”不是真实存在的日期,请检查月份和日期。',
      },
    ],
    [
      'a year-last date',
      { joined: '03/01/2026' },
      {
        code: 'DATE_AMBIGUOUS',
        column: 'joined',
        en:
          '"Joined": "03/01/2026" puts the year last, so day and month could be read either way; type the year ' +
          'first, e.g. 2026-11-28.',
        zh: '“入职日期”:“03/01/2026”把年份写在最后,日和月可能被误读,请把年份写在前面,如 2026-11-28。',
      },
    ],
    [
      'a fractional capacity',
      { capacity: '12.5' },
      {
        code: 'INTEGER_INVALID',
        column: 'capacity',
        en: '"Capacity": "12.5" is not a whole number; type a whole number such as 3.',
        zh: '“客户容量”:“12.5”不是整数,请填写整数,如 3。',
      },
    ],
    [
      'a negative capacity',
      { capacity: -1 },
      {
        code: 'NUMBER_TOO_SMALL',
        column: 'capacity',
        en: '"Capacity": -1 is too small; the lowest allowed value is 0.',
        zh: '“客户容量”:-1 太小,最小允许值为 0。',
      },
    ],
    [
      'a name longer than the column allows',
      { name: '名'.repeat(101) },
      {
        code: 'TEXT_TOO_LONG',
        column: 'name',
        en: '"Name" is 101 characters long; shorten it to at most 100.',
        zh: '“姓名”长度为 101 个字符,请缩短到 100 个字符以内。',
      },
    ],
  ])('refuses %s with a bilingual message naming the column and the value', (_case, change, message) => {
    const result = validateRow('people', { ...VALID_PERSON, ...change }, SHANGHAI);
    expect(result).toMatchObject({ ok: false, messages: [message], status: message.en });
  });

  it('reports every invalid cell of a row at once', () => {
    const result = validateRow('people', { email: 'nope', name: '', role: 'boss' }, SHANGHAI);
    expect(result.ok ? [] : result.messages.map((m) => [m.column, m.code])).toEqual([
      ['email', 'EMAIL_INVALID'],
      ['name', 'VALUE_REQUIRED'],
      ['role', 'ENUM_INVALID'],
    ]);
  });

  it.each([
    ['en', '"Name" is required: fill it in.'],
    ['zh', '“姓名”为必填项,请填写。'],
    ['mixed', '“姓名”为必填项,请填写。 / "Name" is required: fill it in.'],
  ] as const)('writes the Status cell in the workbook language (%s)', (lang, status) => {
    expect(validateRow('people', { ...VALID_PERSON, name: '' }, { ...SHANGHAI, lang })).toMatchObject({
      ok: false,
      status,
    });
  });

  it('puts each problem on its own line in the Status cell', () => {
    const result = validateRow('people', { email: 'nope', name: '', role: 'rep' }, { ...SHANGHAI, lang: 'zh' });
    expect(result.status.split('\n')).toHaveLength(2);
  });

  it('checks references against the workbook when a resolver is given', () => {
    const people = new Map([['zhang.min@example.com', 'P-0001']]);
    const options = { ...SHANGHAI, resolveRef: (_kind: string, text: string) => people.get(text) };
    expect(validateRow('people', { ...VALID_PERSON, manager: 'Zhang.Min@example.com' }, options)).toMatchObject({
      ok: true,
      record: { manager: 'P-0001' },
    });
    expect(validateRow('people', { ...VALID_PERSON, manager: 'nobody@example.com' }, options)).toMatchObject({
      ok: false,
      messages: [
        {
          code: 'REF_UNKNOWN',
          column: 'manager',
          en:
            '"Manager": nothing in the People tab matches "nobody@example.com"; type the ID (or, for people, the ' +
            'email) exactly as it appears there.',
        },
      ],
    });
  });

  it('refuses to work with a time zone that does not exist', () => {
    expect(() => validateRow('people', VALID_PERSON, { zone: 'Mars/Olympus', lang: 'en' })).toThrow(AppError);
  });
});

describe('validateRow: Meetings', () => {
  it('turns a valid row into a canonical record with ISO times in the workbook zone', () => {
    const result = validateRow(
      'meetings',
      {
        ...VALID_MEETING,
        series: 'weekly-sop',
        recurrence: '每周一 09:00',
        venue: '三楼会议室',
        host: 'zhang.min@example.com',
        recorder: 'li.wei@example.com',
        lodging: '外地人员入住公司协议酒店',
        budget: '¥1,234.50',
        actualCost: 980,
      },
      SHANGHAI,
    );
    expect(result).toEqual({
      ok: true,
      status: 'OK',
      notes: [],
      record: {
        type: 'weeklySop',
        title: '销售与运营周例会',
        series: 'weekly-sop',
        recurrence: '每周一 09:00',
        start: '2026-11-30T09:00:00+08:00',
        end: '2026-11-30T10:30:00+08:00',
        venue: '三楼会议室',
        host: 'zhang.min@example.com',
        recorder: 'li.wei@example.com',
        lodging: '外地人员入住公司协议酒店',
        budget: 1234.5,
        actualCost: 980,
      },
    });
  });

  it.each([
    ['周例会', 'weeklySop'],
    ['月度总结会', 'monthlyReview'],
    ['专题会', 'taskForce'],
    ['临时会议', 'adHoc'],
    ['销售商会议', 'dealerConference'],
    ['客服专题会', 'customerService'],
    ['Ad-Hoc', 'adHoc'],
    ['ad hoc', 'adHoc'],
    ['Task Force', 'taskForce'],
    ['  Dealer   Conference ', 'dealerConference'],
  ])('reads the meeting type %j as %s', (typed, key) => {
    expect(validateRow('meetings', { ...VALID_MEETING, type: typed }, SHANGHAI)).toMatchObject({
      ok: true,
      record: { type: key },
    });
  });

  it('reads start and end given as Sheets serial numbers', () => {
    const result = validateRow('meetings', { ...VALID_MEETING, start: 46354 + 14 / 24, end: 46354.625 }, SHANGHAI);
    expect(result).toMatchObject({
      ok: true,
      record: { start: '2026-11-28T14:00:00+08:00', end: '2026-11-28T15:00:00+08:00' },
    });
  });

  it('keeps New York offsets across a DST change inside one meeting', () => {
    const result = validateRow(
      'meetings',
      { ...VALID_MEETING, start: '2026-11-01 00:30', end: '2026-11-01 03:00' },
      { zone: 'America/New_York', lang: 'en' },
    );
    expect(result).toMatchObject({
      ok: true,
      record: { start: '2026-11-01T00:30:00-04:00', end: '2026-11-01T03:00:00-05:00' },
    });
  });

  it.each([
    [
      'ends before it starts',
      { end: '2026-11-30 08:00' },
      '"End" (2026-11-30 08:00) must be later than "Start" (2026-11-30 09:00); correct one of them.',
    ],
    [
      'ends when it starts',
      { end: '2026-11-30 09:00' },
      '"End" (2026-11-30 09:00) must be later than "Start" (2026-11-30 09:00); correct one of them.',
    ],
  ])('refuses a meeting that %s', (_case, change, en) => {
    const result = validateRow('meetings', { ...VALID_MEETING, ...change }, SHANGHAI);
    expect(result).toMatchObject({ ok: false, messages: [{ code: 'END_NOT_AFTER_START', column: 'end', en }] });
    expect(result.ok ? '' : result.messages[0]?.zh).toBe(
      `“结束时间”(${change.end.slice(0, 16)})必须晚于“开始时间”(2026-11-30 09:00),请修改其中一项。`,
    );
  });

  it.each([
    ['an unknown type', { type: '周会' }, 'type', 'ENUM_INVALID'],
    ['no title', { title: '   ' }, 'title', 'VALUE_REQUIRED'],
    ['no start', { start: undefined }, 'start', 'VALUE_REQUIRED'],
    ['an unreadable start', { start: 'next Monday' }, 'start', 'DATETIME_INVALID'],
    ['a start in US order', { start: '11/30/2026 09:00' }, 'start', 'DATE_AMBIGUOUS'],
    ['an hour that does not exist', { start: '2026-11-30 25:00' }, 'start', 'TIME_INVALID'],
    ['a European decimal comma in the budget', { budget: '1,5' }, 'budget', 'NUMBER_INVALID'],
    ['a negative actual cost', { actualCost: '-10' }, 'actualCost', 'NUMBER_TOO_SMALL'],
    ['a budget in words', { budget: '一千' }, 'budget', 'NUMBER_INVALID'],
  ])('refuses %s', (_case, change, columnKey, code) => {
    const result = validateRow('meetings', { ...VALID_MEETING, ...change }, SHANGHAI);
    expect(result.ok ? [] : result.messages.map((m) => [m.column, m.code])).toEqual([[columnKey, code]]);
  });

  it('shows a DST-skipped start time with the zone so the user knows why', () => {
    const result = validateRow(
      'meetings',
      { ...VALID_MEETING, start: '2026-03-08 02:30', end: '2026-03-08 04:00' },
      { zone: 'America/New_York', lang: 'en' },
    );
    expect(result).toMatchObject({
      ok: false,
      messages: [
        {
          code: 'TIME_SKIPPED_BY_DST',
          column: 'start',
          en: expect.stringContaining('does not exist in time zone America/New_York'),
        },
      ],
    });
  });

  it('names the columns in Chinese for a Chinese reader', () => {
    const result = validateRow('meetings', { ...VALID_MEETING, type: '', start: 'x' }, { ...SHANGHAI, lang: 'zh' });
    expect(result.ok ? [] : result.messages.map((m) => m.zh)).toEqual([
      '“会议类型”为必填项,请填写。',
      '“开始时间”:无法识别日期时间“x”,请按 2026-11-28 14:00 的格式填写(也可写 2026年11月28日 14:00)。',
    ]);
  });
});

describe('validateRow: other tabs’ row rules', () => {
  it('requires an owner and a due date on an action line of the minutes', () => {
    const result = validateRow('minutes', { meeting: 'M-1', kind: '行动项', text: '整理客户名单' }, SHANGHAI);
    expect(result.ok ? [] : result.messages.map((m) => [m.column, m.code, m.en])).toEqual([
      ['owner', 'VALUE_REQUIRED_WHEN', '"Owner" is required when "Kind" is "action": fill it in.'],
      ['due', 'VALUE_REQUIRED_WHEN', '"Due" is required when "Kind" is "action": fill it in.'],
    ]);
  });

  it('does not require an owner on a discussion line', () => {
    expect(validateRow('minutes', { meeting: 'M-1', kind: '讨论', text: '讨论库存' }, SHANGHAI).ok).toBe(true);
  });

  it('needs a person or a team on a target', () => {
    expect(validateRow('targets', { month: '2026年11月', target: '10,000' }, SHANGHAI)).toMatchObject({
      ok: false,
      messages: [
        {
          code: 'ONE_OF_REQUIRED',
          en: 'Fill in at least one of "Person" or "Team".',
          zh: '请至少填写“人员”或“团队”中的一项。',
        },
      ],
    });
    expect(validateRow('targets', { team: '华东', month: '2026年11月', target: '10,000' }, SHANGHAI)).toMatchObject({
      ok: true,
      record: { team: '华东', month: '2026-11', target: 10_000 },
    });
  });

  it('refuses a check-out before the check-in', () => {
    const result = validateRow(
      'attendance',
      { meeting: 'M-1', person: 'P-1', checkIn: '2026-11-30 09:05', checkOut: '2026-11-30 09:00' },
      SHANGHAI,
    );
    expect(result).toMatchObject({ ok: false, messages: [{ code: 'END_NOT_AFTER_START', column: 'checkOut' }] });
  });
});

describe('cell parsing', () => {
  it.each([
    [true, true],
    [false, false],
    ['yes', true],
    ['No', false],
    ['TRUE', true],
    ['false', false],
    ['Y', true],
    ['n', false],
    ['是', true],
    ['否', false],
    ['✓', true],
    ['✔', true],
    ['✗', false],
    [1, true],
    [0, false],
    ['ｙｅｓ', true],
  ] as const)('reads %j as the boolean %s', (raw, expected) => {
    expect(cell('people', 'active', raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['1,234.5', 1234.5],
    ['1234.5', 1234.5],
    ['１，２３４．５', 1234.5],
    ['1,234,567', 1_234_567],
    ['¥1,200', 1200],
    ['￥1200', 1200],
    ['1200元', 1200],
    ['.5', 0.5],
    ['+3', 3],
    [1234.5, 1234.5],
    ['0', 0],
  ] as const)('reads %j as the number %d', (raw, expected) => {
    expect(cell('meetings', 'budget', raw)).toEqual({ ok: true, value: expected });
  });

  it.each(['1,5', '12,34', '1.2.3', '1 234', 'abc', '1e3', '--1', ',123'])('refuses %j as a number', (raw) => {
    expect(cell('meetings', 'budget', raw)).toMatchObject({ ok: false, code: 'NUMBER_INVALID' });
  });

  // Issue 13: one number, one stored form (E.164, read in China unless the Settings tab names another region).
  it.each([
    ['13812345678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['0086 138 1234 5678', '+8613812345678'],
    ['(010) 6512-3456', '+861065123456'],
    ['010-12345678', '+861012345678'],
    ['１３８１２３４５６７８', '+8613812345678'],
    [13812345678, '+8613812345678'],
    ['13812345678 转 12', '+8613812345678;ext=12'],
  ] as const)('reads the phone number %j as %s', (raw, expected) => {
    expect(cell('customers', 'phone', raw)).toEqual({ ok: true, value: expected });
  });

  it.each(['12345', '138-abcd-5678', '+86 138 1234 5678 9999 1', '1.5', '12345678901', '110'])(
    'refuses %j as a phone number',
    (raw) => {
      expect(cell('customers', 'phone', raw)).toMatchObject({ ok: false, code: 'PHONE_INVALID' });
    },
  );

  it('reads a number without a country code in the region the workbook names', () => {
    const column = getColumn(getTab('customers'), 'phone')!;
    expect(parseCellValue(column, '9123 4567', { ...SHANGHAI, phoneRegion: 'HK' })).toEqual({
      ok: true,
      value: '+85291234567',
    });
    expect(parseCellValue(column, '9123 4567', SHANGHAI)).toMatchObject({ ok: false, code: 'PHONE_INVALID' });
  });

  it.each([
    ['https://docs.google.com/presentation/d/abc', true],
    ['http://intranet.example.com/a.pdf', true],
    ['docs.google.com/presentation/d/abc', false],
    ['ftp://example.com/file', false],
    ['javascript:alert(1)', false],
  ] as const)('accepts %j as a material link: %s', (raw, ok) => {
    expect(cell('agenda', 'materialLink', raw).ok).toBe(ok);
  });

  it('reads an email typed with a full-width at sign', () => {
    expect(cell('people', 'email', 'Li.Wei＠Example.com')).toEqual({ ok: true, value: 'li.wei@example.com' });
  });

  it('keeps a number typed into a text column as text', () => {
    expect(cell('people', 'team', 3)).toEqual({ ok: true, value: '3' });
  });

  it('accepts satisfaction scores 1 to 5 only', () => {
    expect([0, 1, 5, 6].map((score) => cell('feedback', 'satisfaction', score))).toMatchObject([
      { ok: false, code: 'NUMBER_TOO_SMALL' },
      { ok: true, value: 1 },
      { ok: true, value: 5 },
      { ok: false, code: 'NUMBER_TOO_LARGE' },
    ]);
  });
});

describe('row schema', () => {
  it('is a zod schema that can be used directly', () => {
    const schema = buildRowSchema('people', SHANGHAI);
    expect(schema.safeParse({ email: 'a@b.co', name: 'A', role: 'staff' }).success).toBe(true);
  });

  it('reads any integer printed with thousands separators back to the same number', () => {
    const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        // One division, so the value is the double nearest the decimal
        // (whole + cents / 100 is not: 4.9399999999999995).
        const value = (whole * 100 + cents) / 100;
        expect(cell('meetings', 'budget', grouped.format(value))).toEqual({ ok: true, value });
      }),
    );
  });

  it('never throws on any cell value', () => {
    const anyCell = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record({
          email: anyCell,
          name: anyCell,
          role: anyCell,
          active: anyCell,
          joined: anyCell,
          capacity: anyCell,
        }),
        (cells) => {
          const result = validateRow('people', cells, SHANGHAI);
          expect(typeof result.status).toBe('string');
        },
      ),
    );
  });
});

describe('a column that defaults to another (a customer’s Owner)', () => {
  const intake = { name: '张三', collectedBy: 'Rep1@X.cn' };
  it.each([
    ['empty Owner: the collector owns it (seed 001)', { ...intake, owner: '' }, 'rep1@x.cn'],
    ['absent Owner column: the same', intake, 'rep1@x.cn'],
    ['an assigned Owner is kept', { ...intake, owner: 'boss@x.cn' }, 'boss@x.cn'],
  ])('%s', (_, cells, owner) => {
    const result = validateRow('customers', cells, SHANGHAI);
    expect(result.ok && result.record).toMatchObject({ owner });
  });
});
