import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeHeaderProblem,
  describeUnknownTab,
  findTab,
  matchHeaders,
  normalizeHeader,
  toColumnLetter,
} from '../../../functions/src/domain/workbook/header-matching.ts';
import { WORKBOOK_TABS, listHeaders } from '../../../functions/src/domain/workbook/workbook-schema.ts';
import type { TabSpec } from '../../../functions/src/domain/workbook/workbook-schema.ts';

const PEOPLE_EN = [
  'ID',
  'Status',
  'Email',
  'Name',
  'Team',
  'Role',
  'Region',
  'Manager',
  'Active',
  'Joined',
  'Capacity',
];
const PEOPLE_ZH = ['编号', '状态', '邮箱', '姓名', '团队', '角色', '区域', '上级', '在职', '入职日期', '客户容量'];
const PEOPLE_KEYS = [
  'id',
  'status',
  'email',
  'name',
  'team',
  'role',
  'region',
  'manager',
  'active',
  'joined',
  'capacity',
];

function indexByKey(keys: readonly string[]): Map<string, number> {
  return new Map(keys.map((key, index) => [key, index]));
}

/** ASCII → full-width (U+FF01–FF5E), and the ordinary space → the ideographic space, as a Chinese IME types them. */
function toFullWidth(text: string): string {
  return [...text]
    .map((ch) => (ch === ' ' ? '\u3000' : ch >= '!' && ch <= '~' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch))
    .join('');
}

describe('matchHeaders', () => {
  it.each([
    ['English headers', PEOPLE_EN],
    ['Chinese headers', PEOPLE_ZH],
    ['English and Chinese mixed in one sheet', PEOPLE_EN.map((en, i) => (i % 2 === 0 ? en : (PEOPLE_ZH[i] ?? en)))],
    ['any letter case', PEOPLE_EN.map((h, i) => (i % 2 === 0 ? h.toUpperCase() : h.toLowerCase()))],
    ['surrounding spaces, tabs and line breaks', PEOPLE_EN.map((h) => `  ${h}\t\n`)],
    ['full-width letters and ideographic spaces', PEOPLE_EN.map((h) => `\u3000${toFullWidth(h)}`)],
  ])('matches People %s', (_case, headers) => {
    const result = matchHeaders('people', headers);
    expect(result.problems).toEqual([]);
    expect(result.columns).toEqual(indexByKey(PEOPLE_KEYS));
  });

  it('matches columns in any order', () => {
    const reversed = [...PEOPLE_EN].reverse();
    const result = matchHeaders('people', reversed);
    expect(result.problems).toEqual([]);
    expect(result.columns.get('id')).toBe(10);
    expect(result.columns.get('capacity')).toBe(0);
  });

  it.each([
    ['Actual  cost', 'actualCost'],
    ['ACTUAL COST', 'actualCost'],
    ['Ａｃｔｕａｌ　ｃｏｓｔ', 'actualCost'],
    ['实际费用', 'actualCost'],
    ['Lodging note', 'lodging'],
    ['食宿安排', 'lodging'],
    ['会议类型', 'type'],
    ['Meeting type', 'type'],
  ])('matches the Meetings header %j to %s', (header, key) => {
    const result = matchHeaders('meetings', ['ID', 'Status', 'Title', 'Start', 'End', header]);
    expect(result.columns.get(key)).toBe(5);
  });

  it('matches a Chinese header typed with half-width parentheses against its full-width declaration', () => {
    const result = matchHeaders('agenda', ['ID', 'Status', '会议', '序号', '议题', '时长(分钟)']);
    expect(result.problems).toEqual([]);
    expect(result.columns.get('minutesAllotted')).toBe(5);
  });

  it('ignores empty header cells, wherever they are', () => {
    const result = matchHeaders('people', [
      '',
      ...PEOPLE_EN.slice(0, 5),
      '   ',
      null,
      undefined,
      ...PEOPLE_EN.slice(5),
      '',
    ]);
    expect(result.problems).toEqual([]);
    expect(result.columns.get('email')).toBe(3);
    expect(result.columns.get('role')).toBe(9);
  });

  it('reports an unknown header with its position and never guesses a near match', () => {
    const result = matchHeaders('people', [...PEOPLE_EN, 'Emial', 'Notes']);
    expect(result.problems).toEqual([
      { code: 'HEADER_UNKNOWN', header: 'Emial', index: 11 },
      { code: 'HEADER_UNKNOWN', header: 'Notes', index: 12 },
    ]);
    expect(result.columns).toEqual(indexByKey(PEOPLE_KEYS));
  });

  it.each([
    ['the same header twice', ['Email', 'Email']],
    ['the same header in two languages', ['Email', '邮箱']],
    ['the same header in different case and width', ['email', 'ＥＭＡＩＬ']],
  ])('reports %s as a duplicate and maps neither copy', (_case, emailHeaders) => {
    const result = matchHeaders('people', [...PEOPLE_EN.filter((h) => h !== 'Email'), ...emailHeaders]);
    expect(result.problems).toEqual([
      { code: 'HEADER_DUPLICATE', header: emailHeaders[1], index: 11, columnKey: 'email', firstIndex: 10 },
    ]);
    expect(result.columns.has('email')).toBe(false);
  });

  it('points every later copy of a column at the first one', () => {
    const result = matchHeaders('people', ['ID', 'Status', 'Name', 'Role', 'Email', '邮箱', 'E-mail']);
    expect(result.problems.map((p) => [p.code, p.index, p.firstIndex])).toEqual([
      ['HEADER_DUPLICATE', 5, 4],
      ['HEADER_DUPLICATE', 6, 4],
    ]);
  });

  it('reads back the header row the system writes, in either language', () => {
    for (const lang of ['en', 'zh'] as const) {
      for (const tab of WORKBOOK_TABS) {
        const result = matchHeaders(tab.key, listHeaders(tab, lang));
        expect(result.problems).toEqual([]);
        expect([...result.columns.keys()]).toEqual(tab.columns.map((c) => c.key));
      }
    }
  });

  it('reports every missing required column, including ID and Status', () => {
    const result = matchHeaders('people', ['Team', 'Region']);
    expect(result.problems).toEqual([
      { code: 'HEADER_MISSING_REQUIRED', header: 'ID', index: -1, columnKey: 'id' },
      { code: 'HEADER_MISSING_REQUIRED', header: 'Status', index: -1, columnKey: 'status' },
      { code: 'HEADER_MISSING_REQUIRED', header: 'Email', index: -1, columnKey: 'email' },
      { code: 'HEADER_MISSING_REQUIRED', header: 'Name', index: -1, columnKey: 'name' },
      { code: 'HEADER_MISSING_REQUIRED', header: 'Role', index: -1, columnKey: 'role' },
    ]);
  });

  it('accepts a sheet without optional columns', () => {
    expect(matchHeaders('people', ['ID', 'Status', 'Email', 'Name', 'Role']).problems).toEqual([]);
  });

  it('treats the Actions progress column and the system Status column as different columns', () => {
    const result = matchHeaders('actions', ['ID', 'Status', 'Action', 'Owner', 'Due', 'Action status']);
    expect(result.problems).toEqual([]);
    expect(result.columns.get('status')).toBe(1);
    expect(result.columns.get('state')).toBe(5);
  });
});

describe('describeHeaderProblem', () => {
  it('tells the user, in both languages, which cell to rename and to what', () => {
    const text = describeHeaderProblem('people', { code: 'HEADER_UNKNOWN', header: 'Emial', index: 11 });
    expect(text.en).toContain('Tab People, column L: header "Emial" is not a known column');
    expect(text.en).toContain('"Email"');
    expect(text.zh).toContain('“人员”表第 L 列:表头“Emial”无法识别');
    expect(text.zh).toContain('“邮箱”');
  });

  it('points a duplicate at the first copy', () => {
    const text = describeHeaderProblem('people', {
      code: 'HEADER_DUPLICATE',
      header: '邮箱',
      index: 3,
      columnKey: 'email',
      firstIndex: 2,
    });
    expect(text.en).toBe(
      'Tab People, column D: header "邮箱" names the same column as column C; keep only one of them.',
    );
  });

  it('names a missing column in the reader’s language', () => {
    const text = describeHeaderProblem('people', {
      code: 'HEADER_MISSING_REQUIRED',
      header: 'Email',
      index: -1,
      columnKey: 'email',
    });
    expect(text).toEqual({
      code: 'HEADER_MISSING_REQUIRED',
      en: 'Tab People has no "Email" column; add a header named "Email".',
      zh: '“人员”表缺少“邮箱”列,请添加名为“邮箱”的表头。',
    });
  });
});

describe('findTab', () => {
  it.each([
    ['People', 'people'],
    ['人员', 'people'],
    [' meetings ', 'meetings'],
    ['ＭＥＥＴＩＮＧＳ', 'meetings'],
    ['客户档案', 'customers'],
    ['My customers', 'customers'],
    ['发送记录', 'outbox'],
    ['评估汇总', 'summary'],
  ])('resolves %j to %s', (name, key) => {
    expect(findTab(name)?.key).toBe(key);
  });

  it.each(['Sheet1', '', 'Peoples'])('does not resolve %j', (name) => {
    expect(findTab(name)).toBeUndefined();
  });

  it('explains an unknown tab name in both languages', () => {
    const text = describeUnknownTab('Sheet1');
    expect(text.en).toMatch(
      /^Sheet "Sheet1" is not a tab this system knows; rename it to one of: "People", "Meetings"/,
    );
    expect(text.zh).toMatch(/^工作表“Sheet1”无法识别,请改名为以下之一:“人员”、“会议”/);
  });
});

describe('toColumnLetter', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('column %i is %s', (index, letters) => {
    expect(toColumnLetter(index)).toBe(letters);
  });
});

describe('header normalization properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(normalizeHeader(normalizeHeader(text))).toBe(normalizeHeader(text));
      }),
    );
  });

  const tabs: readonly TabSpec[] = WORKBOOK_TABS;
  const columnHeader = fc
    .constantFrom(...tabs)
    .chain((tab) => fc.record({ tab: fc.constant(tab), column: fc.constantFrom(...tab.columns) }))
    .chain(({ tab, column }) =>
      fc.record({ tab: fc.constant(tab), column: fc.constant(column), header: fc.constantFrom(column.en, column.zh) }),
    );

  it('matches any declared header whatever its case, width and padding', () => {
    fc.assert(
      fc.property(
        columnHeader,
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('', ' ', '\u3000', '\t', '  '),
        ({ tab, column, header }, upper, fullWidth, padding) => {
          let typed = upper ? header.toUpperCase() : header.toLowerCase();
          if (fullWidth) typed = toFullWidth(typed);
          typed = `${padding}${typed.replaceAll(' ', `${padding} `)}${padding}`;
          expect(matchHeaders(tab, [typed]).columns.get(column.key)).toBe(0);
        },
      ),
    );
  });

  it('maps every column of a shuffled header row to its position', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...tabs).chain((tab) =>
          fc.record({
            tab: fc.constant(tab),
            order: fc.shuffledSubarray([...tab.columns], { minLength: tab.columns.length }),
          }),
        ),
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        ({ tab, order }, useChinese) => {
          const headers = order.map((column, i) => (useChinese[i] ? column.zh : column.en));
          const result = matchHeaders(tab, headers);
          expect(result.problems).toEqual([]);
          for (const [index, column] of order.entries()) expect(result.columns.get(column.key)).toBe(index);
        },
      ),
    );
  });
});
