import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  classifyDueItem,
  compareDueItems,
  dueDayOffset,
  dueTimeOf,
  titleIn,
  withoutApprovedLeave,
  type DueItem,
} from '../../../functions/src/domain/mail/due-items.ts';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

describe('classifyDueItem: by calendar day in the workbook zone', () => {
  const cases = [
    {
      name: 'due 00:30 tomorrow is upcoming at 23:30, though only an hour away',
      now: '2026-11-27T23:30',
      zone: SH,
      dueAt: '2026-11-28T00:30:00+08:00',
      expected: 'upcoming',
      offset: 1,
    },
    {
      name: 'due 23:30 yesterday is overdue at 00:30, though only an hour ago',
      now: '2026-11-28T00:30',
      zone: SH,
      dueAt: '2026-11-27T23:30:00+08:00',
      expected: 'overdue',
      offset: -1,
    },
    {
      name: 'due 09:00 today is still "today" at 11:00',
      now: '2026-11-28T11:00',
      zone: SH,
      dueAt: '2026-11-28T09:00:00+08:00',
      expected: 'today',
      offset: 0,
    },
    {
      name: 'a UTC instant is placed on its Shanghai day',
      now: '2026-11-28T08:00',
      zone: SH,
      dueAt: '2026-11-27T16:30:00Z',
      expected: 'today',
      offset: 0,
    },
    {
      name: 'the same UTC instant is the previous day in New York',
      now: '2026-11-28T08:00',
      zone: NY,
      dueAt: '2026-11-28T03:30:00Z',
      expected: 'overdue',
      offset: -1,
    },
    {
      name: 'three days ahead is within a 3-day lookahead',
      now: '2026-11-28T08:00',
      zone: SH,
      dueAt: '2026-12-01T23:59:00+08:00',
      expected: 'upcoming',
      offset: 3,
    },
    {
      name: 'four days ahead is later',
      now: '2026-11-28T08:00',
      zone: SH,
      dueAt: '2026-12-02T00:00:00+08:00',
      expected: 'later',
      offset: 4,
    },
    {
      name: 'across the New York spring-forward day, days still count whole',
      now: '2026-03-07T12:00',
      zone: NY,
      dueAt: '2026-03-09T00:30:00-04:00',
      expected: 'upcoming',
      offset: 2,
    },
  ];
  it.each(cases)('$name', ({ now, zone, dueAt, expected, offset }) => {
    const at = DateTime.fromISO(now, { zone });
    expect(classifyDueItem({ dueAt }, at, zone, 3)).toBe(expected);
    expect(dueDayOffset({ dueAt }, at, zone)).toBe(offset);
  });

  it('reads a due time without an offset as workbook wall-clock time', () => {
    expect(dueTimeOf({ dueAt: '2026-11-28T00:30:00' }, SH)?.toISO()).toBe('2026-11-28T00:30:00.000+08:00');
    expect(dueTimeOf({ dueAt: '2026-11-28T00:30:00' }, NY)?.toISO()).toBe('2026-11-28T00:30:00.000-05:00');
  });

  it('cannot classify an unreadable due time', () => {
    expect(
      classifyDueItem({ dueAt: 'soon' }, DateTime.fromISO('2026-11-28T08:00', { zone: SH }), SH, 3),
    ).toBeUndefined();
  });
});

describe('titleIn and compareDueItems', () => {
  const item = (recordId: string, dueAt: string, title: DueItem['title']): DueItem => ({
    kind: 'action',
    recordId,
    recipient: 'a@example.com',
    title,
    dueAt,
  });

  it('shows a system title in the reader language and a typed title as typed', () => {
    expect(titleIn({ title: { en: 'Confirm minutes', zh: '确认纪要' } }, 'zh')).toBe('确认纪要');
    expect(titleIn({ title: '报价单' }, 'en')).toBe('报价单');
  });

  it('orders by instant (not by the text of dueAt), then title, then record', () => {
    const list = [
      item('actions/A-3', '2026-11-28T09:00:00+08:00', 'b'),
      item('actions/A-2', '2026-11-28T00:30:00Z', 'a'), // 08:30 in Shanghai
      item('actions/A-1', '2026-11-28T09:00:00+08:00', 'b'),
      item('actions/A-4', '2026-11-28T09:00:00+08:00', 'a'),
    ];
    expect([...list].sort(compareDueItems).map((i) => i.recordId)).toEqual([
      'actions/A-2',
      'actions/A-4',
      'actions/A-1',
      'actions/A-3',
    ]);
  });
});

describe('withoutApprovedLeave', () => {
  const item = (kind: string, recordId: string, recipient: string) => ({
    kind,
    recordId,
    recipient,
    title: 'T',
    dueAt: '2027-03-11T14:00:00+08:00',
  });
  const onLeave = new Map([['meetings/M-1', new Set(['r@x.example'])]]);
  it.each([
    {
      case: 'the recorder on leave from that meeting: dropped',
      item: item('meeting', 'meetings/M-1', 'R@x.example'),
      kept: false,
    },
    { case: 'the host, not on leave: kept', item: item('meeting', 'meetings/M-1', 'h@x.example'), kept: true },
    {
      case: 'on leave from another meeting only: kept',
      item: item('meeting', 'meetings/M-2', 'r@x.example'),
      kept: true,
    },
    {
      case: 'not a meeting (their action still counts): kept',
      item: item('action', 'meetings/M-1', 'r@x.example'),
      kept: true,
    },
  ])('$case', ({ item: due, kept }) => {
    expect(withoutApprovedLeave([due], onLeave)).toEqual(kept ? [due] : []);
  });
});
