import { describe, expect, it } from 'vitest';
import { keepNewerStoredColumns, readBeforeStored } from '../../../functions/src/domain/workbook/stale-columns.ts';

describe('readBeforeStored', () => {
  it.each([
    ['2027-03-09T01:00:00.000Z', '2027-03-09T01:00:00.500Z', true],
    ['2027-03-09T01:00:00.500Z', '2027-03-09T01:00:00.000Z', false],
    // The same instant: the record may have been written after the read within that millisecond (and a pinned
    // clock gives every write the same time), so the stored columns win; an edit's own columns still come along.
    ['2027-03-09T01:00:00.000Z', '2027-03-09T09:00:00.000+08:00', true],
    ['2027-03-09T01:00:00.000Z', '2027-03-09T01:00:00.000Z', true],
    ['2027-03-09T01:00:00.000Z', null, false],
    ['2027-03-09T01:00:00.000Z', undefined, false],
    ['not a time', '2027-03-09T01:00:00.000Z', false],
  ])('read %s, stored %s → %s', (sentAt, updatedAt, expected) => {
    expect(readBeforeStored(sentAt, updatedAt)).toBe(expected);
  });
});

describe('keepNewerStoredColumns', () => {
  // Header: A id, B title, C venue, D budget, E status.
  const columns = new Map([
    ['id', 0],
    ['title', 1],
    ['venue', 2],
    ['budget', 3],
    ['status', 4],
  ]);
  const inputs = new Set(['title', 'venue', 'budget']);
  const stored = { title: 'stored title', venue: 'stored venue', budget: 1200 };
  const row = () => ({ id: 'M-1', title: 'typed title', venue: 'stale venue', budget: 900, status: 'OK' });

  it.each([
    [
      'the edited column kept, the others stored',
      { first: 2, last: 2 },
      { title: 'typed title', venue: 'stored venue', budget: 1200 },
    ],
    [
      'a block keeps every column it covers',
      { first: 2, last: 3 },
      { title: 'typed title', venue: 'stale venue', budget: 1200 },
    ],
    [
      'an edit of the last column',
      { first: 4, last: 4 },
      { title: 'stored title', venue: 'stored venue', budget: 900 },
    ],
  ])('%s', (_, edited, expected) => {
    const cells = row();
    keepNewerStoredColumns(cells, columns, inputs, edited, stored);
    expect(cells).toEqual({ id: 'M-1', status: 'OK', ...expected });
  });

  it('a field the record does not hold is empty, not the stale cell', () => {
    const cells = row();
    keepNewerStoredColumns(cells, columns, inputs, { first: 2, last: 2 }, { title: 'x' });
    expect(cells).toMatchObject({ title: 'typed title', venue: null, budget: null });
  });
});
