import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { DueItem } from '../../../functions/src/domain/mail/due-items.ts';
import {
  type MeetingProgress,
  meetingOwed,
  withoutStartedMeetings,
} from '../../../functions/src/domain/mail/owed-before-meeting.ts';

const SH = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone: SH });
const START = '2027-03-15T09:00:00+08:00';

const material = (extra: Partial<DueItem> = {}): DueItem => ({
  kind: 'material',
  recordId: 'agendaItems/A-0001',
  recipient: 'li.na@demo.example',
  title: 'Weekly sales and stock',
  dueAt: '2027-03-12T18:00:00+08:00',
  meeting: 'meetings/M-0001',
  ...extra,
});

describe('withoutStartedMeetings: items owed to a meeting end when it starts', () => {
  const cases: Array<{
    name: string;
    item: DueItem;
    meeting?: MeetingProgress;
    now: string;
    kept: boolean;
  }> = [
    {
      name: 'overdue material before the meeting starts is kept',
      item: material(),
      meeting: { startAt: START, deleted: false },
      now: '2027-03-15T08:10',
      kept: true,
    },
    {
      name: 'material at the very minute the meeting starts is dropped',
      item: material(),
      meeting: { startAt: START, deleted: false },
      now: '2027-03-15T09:00',
      kept: false,
    },
    {
      name: 'material a week after the meeting is dropped (the reported "10 days overdue")',
      item: material(),
      meeting: { startAt: START, deleted: false },
      now: '2027-03-22T08:10',
      kept: false,
    },
    {
      name: 'the start is compared as an instant, whatever offset it was stored with',
      item: material(),
      meeting: { startAt: '2027-03-15T01:00:00.000Z', deleted: false },
      now: '2027-03-15T08:59',
      kept: true,
    },
    {
      name: 'material of a cancelled (deleted) meeting is dropped even before its start',
      item: material(),
      meeting: { startAt: START, deleted: true },
      now: '2027-03-10T10:00',
      kept: false,
    },
    {
      name: 'material of a meeting without a readable start is kept',
      item: material(),
      meeting: { startAt: null, deleted: false },
      now: '2027-03-22T08:10',
      kept: true,
    },
    {
      name: 'material naming a meeting that is not found (a title) keeps its own due time',
      item: material({ meeting: 'meetings/Weekly S&OP' }),
      now: '2027-03-22T08:10',
      kept: true,
    },
    {
      name: 'material owed to no meeting is kept',
      item: material({ meeting: undefined }),
      now: '2027-03-22T08:10',
      kept: true,
    },
    {
      name: 'a meeting item before its start is kept',
      item: { kind: 'meeting', recordId: 'meetings/M-0001', recipient: 'h@demo.example', title: 'S&OP', dueAt: START },
      now: '2027-03-15T08:10',
      kept: true,
    },
    {
      name: 'a meeting item once it has started is dropped (no "today" line after the start)',
      item: { kind: 'meeting', recordId: 'meetings/M-0001', recipient: 'h@demo.example', title: 'S&OP', dueAt: START },
      now: '2027-03-15T09:30',
      kept: false,
    },
    {
      name: 'an overdue action decided at a meeting is kept: it outlives the meeting',
      item: {
        kind: 'action',
        recordId: 'actions/T-0001',
        recipient: 'li.na@demo.example',
        title: 'Call dealers',
        dueAt: '2027-03-12',
        allDay: true,
      },
      meeting: { startAt: START, deleted: false },
      now: '2027-03-22T08:10',
      kept: true,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const meetings = new Map<string, MeetingProgress>();
      if (c.meeting) meetings.set(c.item.meeting ?? c.item.recordId, c.meeting);
      expect(withoutStartedMeetings([c.item], meetings, at(c.now))).toEqual(c.kept ? [c.item] : []);
    });
  }

  it('judges each item by its own meeting', () => {
    const other = material({ recordId: 'agendaItems/A-0002', meeting: 'meetings/M-0002' });
    const meetings = new Map<string, MeetingProgress>([
      ['meetings/M-0001', { startAt: START, deleted: false }],
      ['meetings/M-0002', { startAt: '2027-03-25T09:00:00+08:00', deleted: false }],
    ]);
    expect(withoutStartedMeetings([material(), other], meetings, at('2027-03-22T08:10'))).toEqual([other]);
  });
});

describe('meetingOwed', () => {
  it('is the meeting itself for a meeting item, the named meeting for material, none for a visit', () => {
    expect(meetingOwed({ kind: 'meeting', recordId: 'meetings/M-1' })).toBe('meetings/M-1');
    expect(meetingOwed({ kind: 'material', recordId: 'agendaItems/A-1', meeting: 'meetings/M-1' })).toBe(
      'meetings/M-1',
    );
    expect(meetingOwed({ kind: 'visit', recordId: 'visits/V-1' })).toBeUndefined();
  });
});
