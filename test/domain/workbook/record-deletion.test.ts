import { describe, expect, it } from 'vitest';
import {
  deletionFields,
  recordsDeletedInResync,
  resyncComplete,
  resyncPresentIds,
} from '../../../functions/src/domain/workbook/record-deletion.ts';

const DELETION = { at: '2027-03-09T10:00:00.000+08:00', by: 'li@demo.example', eventId: 'ev-1' };
const BASE = {
  deleted: true,
  dueAt: null,
  sheetRow: null,
  deletedAt: DELETION.at,
  deletedBy: DELETION.by,
  lastEventId: 'ev-1',
};

describe('what a deletion does to a record', () => {
  it.each([
    {
      case: 'a noticed meeting owes a cancellation',
      tab: 'meetings',
      notified: { cancelled: false },
      fields: { ...BASE, cancelPending: true },
    },
    {
      case: 'a meeting noticed with no flag owes one too',
      tab: 'meetings',
      notified: {},
      fields: { ...BASE, cancelPending: true },
    },
    { case: 'a meeting never noticed owes none', tab: 'meetings', notified: undefined, fields: BASE },
    { case: 'a meeting already cancelled owes none', tab: 'meetings', notified: { cancelled: true }, fields: BASE },
    { case: 'another tab never owes a cancellation', tab: 'agenda', notified: { cancelled: false }, fields: BASE },
  ] as const)('$case', ({ tab, notified, fields }) => {
    expect(deletionFields(tab, notified, DELETION)).toEqual(fields);
  });
});

describe('which records a resync finds deleted', () => {
  it.each([
    {
      case: 'saved IDs and IDs the sheet shows are present',
      saved: ['A', null],
      sheet: ['B', null, ''],
      present: ['A', 'B'],
    },
    { case: 'nothing saved, nothing shown', saved: [null], sheet: [undefined], present: [] },
  ])('$case', ({ saved, sheet, present }) => {
    expect([...resyncPresentIds(saved, sheet)].sort()).toEqual(present);
  });

  it.each([
    { applied: 1, count: 3, complete: false },
    { applied: 3, count: 3, complete: true },
    { applied: 4, count: 3, complete: true },
  ])('$applied of $count parts applied → complete: $complete', ({ applied, count, complete }) => {
    expect(resyncComplete(applied, count)).toBe(complete);
  });

  it.each([
    { live: ['A', 'B', 'C'], present: ['A', 'C'], deleted: ['B'] },
    { live: ['A'], present: ['A', 'Z'], deleted: [] },
    { live: [], present: [], deleted: [] },
  ])('live $live, present $present → deleted $deleted', ({ live, present, deleted }) => {
    expect(recordsDeletedInResync(live, new Set(present))).toEqual(deleted);
  });
});
