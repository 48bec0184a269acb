import { describe, expect, it } from 'vitest';
import { DUE_TABS, deriveDueFields, deriveStartAt } from '../../../functions/src/domain/workbook/record-due-fields.ts';

const ZONE = 'Asia/Shanghai';

describe('deriveDueFields: when a record falls due and for whom', () => {
  const cases = [
    {
      name: 'a meeting is due at its start, for host and recorder',
      tab: 'meetings' as const,
      data: {
        title: 'Weekly',
        start: '2026-11-30T09:00:00+08:00',
        host: 'Wang@Example.com',
        recorder: 'zhao@example.com',
      },
      expected: {
        dueAt: '2026-11-30T09:00:00.000+08:00',
        dueFor: ['wang@example.com', 'zhao@example.com'],
        dueTitle: 'Weekly',
        dueAllDay: false,
      },
    },
    {
      name: 'the same person as host and recorder is listed once',
      tab: 'meetings' as const,
      data: { title: 'Solo', start: '2026-11-30T09:00:00+08:00', host: 'a@example.com', recorder: 'A@example.com' },
      expected: {
        dueAt: '2026-11-30T09:00:00.000+08:00',
        dueFor: ['a@example.com'],
        dueTitle: 'Solo',
        dueAllDay: false,
      },
    },
    {
      name: 'a date-only action due date is due at the start of that day in the workbook zone',
      tab: 'actions' as const,
      data: { text: 'Send quote', due: '2026-12-01', owner: 'li@example.com' },
      expected: {
        dueAt: '2026-12-01T00:00:00.000+08:00',
        dueFor: ['li@example.com'],
        dueTitle: 'Send quote',
        dueAllDay: true,
      },
    },
    {
      name: 'a finished action is not due',
      tab: 'actions' as const,
      data: { text: 'Send quote', due: '2026-12-01', owner: 'li@example.com', state: 'done' },
      expected: { dueAt: null, dueFor: [], dueTitle: null, dueAllDay: false },
    },
    {
      name: 'a visit with a done-on date is not due',
      tab: 'visits' as const,
      data: { customer: 'C-1', due: '2026-12-01', visitor: 'li@example.com', doneOn: '2026-11-30' },
      expected: { dueAt: null, dueFor: [], dueTitle: null, dueAllDay: false },
    },
    {
      name: 'an agenda item with its material already linked is not due',
      tab: 'agenda' as const,
      data: {
        topic: 'Q4',
        materialDue: '2026-11-29T18:00:00+08:00',
        presenter: 'p@example.com',
        materialLink: 'https://docs.example/x',
      },
      expected: { dueAt: null, dueFor: [], dueTitle: null, dueAllDay: false },
    },
    {
      name: 'a person reference that is not an e-mail is not a recipient',
      tab: 'meetings' as const,
      data: { title: 'X', start: '2026-11-30T09:00:00+08:00', host: 'P-ABCDEFGH' },
      expected: { dueAt: '2026-11-30T09:00:00.000+08:00', dueFor: [], dueTitle: 'X', dueAllDay: false },
    },
    {
      name: 'people records are never due',
      tab: 'people' as const,
      data: { email: 'a@example.com' },
      expected: { dueAt: null, dueFor: [], dueTitle: null, dueAllDay: false },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(deriveDueFields(c.tab, c.data, ZONE)).toEqual(c.expected);
    });
  }
});

describe('deriveStartAt: the start a meeting record keeps after its row is deleted', () => {
  it.each([
    {
      name: 'a meeting: its start',
      tab: 'meetings' as const,
      data: { start: '2026-11-30T09:00:00+08:00' },
      expected: '2026-11-30T09:00:00.000+08:00',
    },
    {
      name: 'a meeting without a readable start: null',
      tab: 'meetings' as const,
      data: { start: 'soon' },
      expected: null,
    },
    { name: 'other tabs carry none', tab: 'actions' as const, data: { due: '2026-12-01' }, expected: undefined },
  ])('$name', ({ tab, data, expected }) => {
    expect(deriveStartAt(tab, data)).toBe(expected);
  });
});

describe('DUE_TABS: the one table of tabs that fall due, which the tick queries', () => {
  it('names each due tab with the kind of due item it makes, and the meeting column of items owed to one', () => {
    // Material is owed to its meeting (reminded of only until it starts); actions outlive theirs.
    expect(DUE_TABS).toEqual([
      { tab: 'meetings', kind: 'meeting' },
      { tab: 'agenda', kind: 'material', meetingColumn: 'meeting' },
      { tab: 'actions', kind: 'action' },
      { tab: 'visits', kind: 'visit' },
    ]);
  });

  it('a minutes action line is not due itself: its Actions record is, so closing it stops reminders', () => {
    const line = { kind: 'action', text: 'Send the price list', owner: 'li@x.cn', due: '2027-03-12' };
    expect(deriveDueFields('minutes', line, 'Asia/Shanghai').dueAt).toBeNull();
    const action = { text: 'Send the price list', owner: 'li@x.cn', due: '2027-03-12' };
    expect(deriveDueFields('actions', action, 'Asia/Shanghai').dueFor).toEqual(['li@x.cn']);
    expect(deriveDueFields('actions', { ...action, state: 'done' }, 'Asia/Shanghai').dueAt).toBeNull();
  });

  it.each(DUE_TABS)('$tab records can fall due (deriveDueFields has a rule for them)', ({ tab }) => {
    const none = deriveDueFields(tab, {}, 'Asia/Shanghai');
    expect(none.dueAt).toBeNull();
    expect(deriveDueFields('people', { start: '2027-03-09T09:00:00+08:00' }, 'Asia/Shanghai').dueAt).toBeNull();
  });
});
