import { describe, expect, it } from 'vitest';
import {
  type RowIdClaim,
  type RowIdentity,
  type StoredRecord,
  decideRowIdentities,
  idsShownElsewhere,
  rowsToLocate,
} from '../../../functions/src/domain/workbook/record-ownership.ts';

const A = 'M-AAAAAAAA';
const B = 'M-BBBBBBBB';
const GONE = 'M-DDDDDDDD';
const NEVER = 'M-00000000';

/** A at row 2, B at row 3, GONE deleted (was at row 4). */
const byId = new Map<string, StoredRecord>([
  [A, { id: A, sheetRow: 2, deleted: false, data: { title: 'A' } }],
  [B, { id: B, sheetRow: 3, deleted: false, data: { title: 'B' } }],
  [GONE, { id: GONE, sheetRow: null, deleted: true, data: {}, deletedAt: '2027-03-01T10:00:00+08:00' }],
]);
const atRow = new Map<number, StoredRecord>([
  [2, byId.get(A)!],
  [3, byId.get(B)!],
]);

/** What a verdict comes to: 'holds X', 'new', or 'CODE → answer'. */
function summary(identity: RowIdentity | undefined): string {
  if (!identity) return 'none';
  if (identity.ok) return identity.record ? `holds ${identity.record.id}` : 'new';
  return `${identity.code} → ${identity.answerId ?? 'cleared'}`;
}

const rows = (...pairs: Array<[number, string | null]>): RowIdClaim[] =>
  pairs.map(([row, sheetId]) => ({ row, sheetId }));

describe('which record a row holds', () => {
  it.each<[string, 'edit' | 'resync', RowIdClaim[], Record<number, string>]>([
    ['its own ID at its own row', 'edit', rows([2, A]), { 2: `holds ${A}` }],
    ['no ID: the record stored at its row (a lost write-back)', 'edit', rows([2, null]), { 2: `holds ${A}` }],
    ['no ID on a new row', 'edit', rows([9, null]), { 9: 'new' }],
    ['text that is not an ID counts as no ID', 'edit', rows([2, 'abc']), { 2: `holds ${A}` }],
    [
      'another row’s ID in an edit: refused, the cell left as it is',
      'edit',
      rows([2, B]),
      { 2: `ID_OWNED_ELSEWHERE → ${B}` },
    ],
    [
      'another row’s ID in a resync that does not show it elsewhere: the row moved',
      'resync',
      rows([7, B]),
      {
        7: `holds ${B}`,
      },
    ],
    [
      'an edit that shows the old row with something else: moved',
      'edit',
      rows([3, null], [8, B]),
      {
        3: 'new',
        8: `holds ${B}`,
      },
    ],
    ['an ID never issued, in an edit: cleared', 'edit', rows([9, NEVER]), { 9: 'ID_UNKNOWN → cleared' }],
    [
      'an ID never issued over a row with a record, in a resync: its own ID back',
      'resync',
      rows([2, NEVER]),
      {
        2: `ID_UNKNOWN → ${A}`,
      },
    ],
    ['a deleted record’s ID: refused, cleared', 'edit', rows([9, GONE]), { 9: 'ID_DELETED → cleared' }],
    [
      'one ID in two rows of a paste, one at its record: the copy is cleared',
      'edit',
      rows([2, B], [3, B]),
      {
        2: 'ID_REPEATED → cleared',
        3: `holds ${B}`,
      },
    ],
    [
      'one ID in two rows of a resync: the copy gets its own ID back',
      'resync',
      rows([2, B], [3, B]),
      {
        2: `ID_REPEATED → ${A}`,
        3: `holds ${B}`,
      },
    ],
    [
      'one ID in two rows, neither at its record: both refused, both keep it',
      'resync',
      rows([7, B], [8, B]),
      {
        7: `ID_REPEATED → ${B}`,
        8: `ID_REPEATED → ${B}`,
      },
    ],
    [
      'a row without ID is not matched to a record another row shows',
      'resync',
      rows([2, null], [6, A]),
      {
        2: 'new',
        6: `holds ${A}`,
      },
    ],
  ])('%s', (_name, kind, claims, expected) => {
    const identities = decideRowIdentities(kind, claims, { byId, atRow });
    const got = Object.fromEntries(claims.map(({ row }) => [row, summary(identities.get(row))]));
    expect(got).toEqual(expected);
  });

  it('takes the IDs of rows the server wrote itself as they are', () => {
    const identities = decideRowIdentities('edit', rows([9, NEVER], [10, A]), { byId, atRow }, { trusted: true });
    expect(summary(identities.get(9))).toBe('new');
    expect(summary(identities.get(10))).toBe(`holds ${A}`);
  });

  it('saves a row under an ID the server issued to it (a series row it could not save yet)', () => {
    const identities = decideRowIdentities('edit', rows([9, NEVER]), { byId, atRow, issued: new Set([NEVER]) });
    expect(summary(identities.get(9))).toBe('new');
  });

  it('names the row a refused ID belongs to, and the deletion date', () => {
    const identities = decideRowIdentities('edit', rows([5, B], [6, GONE]), { byId, atRow });
    expect(identities.get(5)).toMatchObject({ ok: false, params: { id: B, row: 3 } });
    expect(identities.get(6)).toMatchObject({ ok: false, params: { id: GONE, date: '2027-03-01' } });
  });

  it('locates every row except those showing the record stored at that very row', () => {
    expect(rowsToLocate(rows([2, A], [3, A], [4, null], [5, NEVER]), byId)).toEqual([3, 4, 5]);
  });

  it.each<[string, Array<[string, number[]]>, RowIdClaim[], Record<number, string>]>([
    [
      "a later part of a split resync: a copy of an ID an earlier part showed at the record's row is refused",
      [[A, [2]]],
      rows([600, A]),
      { 600: `ID_REPEATED → cleared` },
    ],
    [
      'a later part: an ID an earlier part did not show is the row’s (moved there)',
      [[B, [3]]],
      rows([600, A]),
      { 600: `holds ${A}` },
    ],
    [
      'a later part: its own row keeps the ID an earlier part showed elsewhere (the record is stored here)',
      [[A, [9]]],
      rows([2, A]),
      { 2: `holds ${A}` },
    ],
  ])('%s', (_name, before, claims, expected) => {
    const identities = decideRowIdentities('resync', claims, { byId, atRow }, { shownBefore: new Map(before) });
    for (const [row, verdict] of Object.entries(expected)) expect(summary(identities.get(Number(row)))).toBe(verdict);
  });
});

describe('which record a row holds, in a resync sent in parts that carry the whole tab’s ID column', () => {
  const C = 'M-CCCCCCCC';
  /** A at row 2 (the first part), C at row 600 (the second part). */
  const records = new Map<string, StoredRecord>([
    [A, { id: A, sheetRow: 2, deleted: false, data: { title: 'A' } }],
    [C, { id: C, sheetRow: 600, deleted: false, data: { title: 'C' } }],
  ]);
  const stored = { byId: records, atRow: new Map([...records.values()].map((r) => [r.sheetRow!, r])) };
  /** Parts of 500 rows, as the script cuts a tab whose rows are all filled in: rows 2–501, then 502 on. */
  const part = (row: number) => (row <= 501 ? 0 : 1);

  function inParts(tab: RowIdClaim[]): Map<number, RowIdentity> {
    const decided = new Map<number, RowIdentity>();
    for (const index of [0, 1]) {
      const claims = tab.filter((row) => part(row.row) === index);
      for (const [row, identity] of decideRowIdentities('resync', claims, stored, { wholeTab: tab }))
        decided.set(row, identity);
    }
    return decided;
  }

  it.each<[string, RowIdClaim[], Record<number, string>]>([
    [
      'a copy in an earlier part than its original (at the record’s row): the copy is refused and cleared',
      rows([10, C], [600, C]),
      { 10: 'ID_REPEATED → cleared', 600: `holds ${C}` },
    ],
    [
      'a copy pasted over the row of another record, in an earlier part: that record’s ID comes back',
      rows([2, C], [600, C]),
      { 2: `ID_REPEATED → ${A}`, 600: `holds ${C}` },
    ],
    [
      'a copy in a later part than its original: refused and cleared',
      rows([2, A], [700, A]),
      { 2: `holds ${A}`, 700: 'ID_REPEATED → cleared' },
    ],
    [
      'a sort that swapped two records between the parts: each goes with its row',
      rows([2, C], [600, A]),
      { 2: `holds ${C}`, 600: `holds ${A}` },
    ],
    [
      'a row without an ID where a record moved to another part was stored: a new row, not that record',
      rows([2, null], [600, A]),
      { 2: 'new', 600: `holds ${A}` },
    ],
    [
      'two rows show an ID, neither at its record’s row: both refused, both keep it for the user to settle',
      rows([10, C], [700, C]),
      { 10: `ID_REPEATED → ${C}`, 700: `ID_REPEATED → ${C}` },
    ],
  ])('%s (as a resync of one part decides)', (_name, tab, expected) => {
    const decided = inParts(tab);
    for (const [row, verdict] of Object.entries(expected)) expect(summary(decided.get(Number(row)))).toBe(verdict);
    const whole = decideRowIdentities('resync', tab, stored);
    for (const { row } of tab) expect(summary(decided.get(row)), `row ${row}`).toBe(summary(whole.get(row)));
  });

  it('takes a part’s own rows as it reads them, not as the list has them', () => {
    const identities = decideRowIdentities('resync', rows([2, A]), stored, { wholeTab: rows([2, C], [600, C]) });
    expect(summary(identities.get(2))).toBe(`holds ${A}`);
  });

  it('names the IDs the other parts show, so the store matches no row without an ID to their records', () => {
    const tab = rows([2, null], [10, 'not an ID'], [600, A], [601, C]);
    expect(idsShownElsewhere(rows([2, null], [10, 'x'], [601, C]), { wholeTab: tab })).toEqual(new Set([A]));
    expect(idsShownElsewhere(rows([600, A]), { shownBefore: new Map([[C, [9]]]) })).toEqual(new Set([C]));
    expect(idsShownElsewhere(rows([600, A]), {})).toEqual(new Set());
  });
});
