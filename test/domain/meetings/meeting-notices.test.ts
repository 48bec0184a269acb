import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type MeetingForNotices,
  type NoticeAgendaItem,
  type NotifiedVersion,
  type RosterMember,
  noticeDueAt,
  notifiedVersionAfter,
  planMeetingNotices,
} from '../../../functions/src/domain/meetings/meeting-notices.ts';
import { parseNotificationSettings } from '../../../functions/src/domain/mail/notification-settings.ts';
import { outboxMessageId, type PlannedMessage } from '../../../functions/src/domain/mail/outbox-message.ts';
import { noticeDaysFor, noticeWindowDays } from '../../../functions/src/workflows/queue-meeting-notices.ts';

const SHANGHAI = parseNotificationSettings({});
const NEW_YORK = parseNotificationSettings({ timeZone: 'America/New_York', defaultLanguage: 'en' });
const DOMAIN = 'meetings.example.com';
const sh = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' });
const ny = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' });

// Monday 30 November 2026, 09:00–10:00 in Shanghai; its 1-day notice falls on Sunday, so it goes out Friday.
const MEETING: MeetingForNotices = {
  id: 'M-0007',
  type: 'weeklySop',
  title: '销售与运营周例会',
  start: '2026-11-30T09:00:00+08:00',
  end: '2026-11-30T10:00:00+08:00',
  venue: '3F 会议室',
  host: { email: 'li@example.com', name: '李明' },
};
const AGENDA: NoticeAgendaItem[] = [
  {
    id: 'AG-2',
    order: 2,
    topic: 'Sales last week',
    presenter: 'anna@example.com',
    presenterName: 'Anna',
    minutesAllotted: 20,
    materialDue: '2026-11-27T18:00:00+08:00',
  },
  {
    id: 'AG-1',
    order: 1,
    topic: 'Review of previous decisions / 上次决议跟踪',
    presenter: 'li@example.com',
    minutesAllotted: 10,
  },
  {
    id: 'AG-3',
    order: 3,
    topic: '库存',
    presenter: 'wang@example.com',
    materialLink: 'https://docs.example.com/stock',
    materialDue: '2026-11-27T18:00:00+08:00',
  },
];
const ROSTER: RosterMember[] = [
  { email: 'li@example.com', name: '李明', language: 'zh' },
  { email: 'Anna@Example.com', name: 'Anna', language: 'en' },
  { email: 'wang@example.com', name: '王芳' },
  { email: 'zhao@example.com', name: '赵强', active: false },
];
const ACTIVE = ['anna@example.com', 'li@example.com', 'wang@example.com'];

function plan(
  now: DateTime,
  extra: {
    meeting?: Partial<MeetingForNotices>;
    previous?: NotifiedVersion;
    roster?: RosterMember[];
    agenda?: NoticeAgendaItem[];
  } = {},
  settings = SHANGHAI,
) {
  return planMeetingNotices(
    { ...MEETING, ...extra.meeting },
    extra.agenda ?? AGENDA,
    extra.roster ?? ROSTER,
    settings,
    now,
    {
      calendarDomain: DOMAIN,
      ...(extra.previous ? { previous: extra.previous } : {}),
    },
  );
}

const ofKind = (messages: PlannedMessage[], kind: string) => messages.filter((m) => m.kind === kind);
const summary = (messages: PlannedMessage[]) => messages.map((m) => `${m.kind}:${m.recipient}:${m.dueSlot}`);
const ids = (messages: PlannedMessage[]) =>
  messages.map((m) => outboxMessageId(m.kind, m.subjectRecord, m.recipient, m.dueSlot));

/** Parses the message's .ics with ical.js, registering its VTIMEZONEs so times convert to instants. */
function parseInvite(message: PlannedMessage) {
  const attachment = message.attachments?.[0];
  if (!attachment) throw new Error('no attachment');
  const text = Buffer.from(attachment.contentBase64, 'base64').toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const event = calendar.getFirstSubcomponent('vevent')!;
  const dtstart = event.getFirstProperty('dtstart')!;
  const start = dtstart.getFirstValue() as ICAL.Time;
  const end = event.getFirstPropertyValue('dtend') as ICAL.Time;
  return {
    attachment,
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: event.getFirstPropertyValue('sequence'),
    status: event.getFirstPropertyValue('status'),
    stamp: String(event.getFirstPropertyValue('dtstamp')),
    tzid: dtstart.getParameter('tzid'),
    wallStart: start.toString(),
    startInstant: DateTime.fromSeconds(start.toUnixTime()).toUTC().toISO(),
    endInstant: DateTime.fromSeconds(end.toUnixTime()).toUTC().toISO(),
    organizer: String(event.getFirstPropertyValue('organizer')).toLowerCase(),
    attendees: event.getAllProperties('attendee').map((p) =>
      String(p.getFirstValue())
        .replace(/^mailto:/iu, '')
        .toLowerCase(),
    ),
    attendeeNames: event.getAllProperties('attendee').map((p) => p.getParameter('cn')),
    location: event.getFirstPropertyValue('location'),
    summary: event.getFirstPropertyValue('summary'),
    description: String(event.getFirstPropertyValue('description')),
  };
}

describe('noticeDueAt', () => {
  const cases = [
    {
      name: 'weekly S&OP on Monday: 1 day before is Sunday, so Friday morning',
      start: MEETING.start,
      days: 1,
      expected: '2026-11-27T08:00:00.000+08:00',
    },
    {
      name: 'monthly review on Friday 4 Dec, 3 days before: Tuesday',
      start: '2026-12-04T14:00:00+08:00',
      days: 3,
      expected: '2026-12-01T08:00:00.000+08:00',
    },
    {
      name: 'dealer conference on Friday 4 Dec, 7 days before',
      start: '2026-12-04T09:00:00+08:00',
      days: 7,
      expected: '2026-11-27T08:00:00.000+08:00',
    },
  ];
  it.each(cases)('$name', ({ start, days, expected }) => {
    expect(noticeDueAt(start, days, SHANGHAI)?.toISO()).toBe(expected);
  });

  it('ad-hoc meetings (0 days) are noticed at once', () => {
    expect(noticeDueAt(MEETING.start, 0, SHANGHAI)).toBeUndefined();
  });
});

describe('planMeetingNotices: when the notice goes out', () => {
  const cases = [
    {
      name: 'not before the notice time (Fri 07:59)',
      now: sh('2026-11-27T07:59'),
      notices: [] as string[],
      notBefore: undefined,
    },
    {
      name: 'at the notice time, to every active roster member',
      now: sh('2026-11-27T08:00'),
      notices: ACTIVE,
      notBefore: '2026-11-27T08:00:00+08:00',
    },
    {
      name: 'a late tick on Saturday still sends',
      now: sh('2026-11-28T10:00'),
      notices: ACTIVE,
      notBefore: '2026-11-28T10:00:00+08:00',
    },
    {
      name: 'in quiet hours, held to their end',
      now: sh('2026-11-28T23:00'),
      notices: ACTIVE,
      notBefore: '2026-11-29T07:00:00+08:00',
    },
    { name: 'nothing once the meeting has started', now: sh('2026-11-30T09:00'), notices: [], notBefore: undefined },
  ];
  it.each(cases)('$name', ({ now, notices, notBefore }) => {
    const planned = ofKind(plan(now), 'meetingNotice');
    expect(planned.map((m) => m.recipient)).toEqual(notices);
    expect(planned.every((m) => m.dueSlot === 'seq-0' && m.subjectRecord === 'meetings/M-0007')).toBe(true);
    if (notBefore) expect(planned[0]?.notBefore).toBe(notBefore);
  });

  const byType = [
    {
      type: 'dealerConference',
      start: '2026-12-04T09:00:00+08:00',
      end: '2026-12-04T17:00:00+08:00',
      now: sh('2026-11-27T08:00'),
      sent: true,
    },
    {
      type: 'dealerConference',
      start: '2026-12-04T09:00:00+08:00',
      end: '2026-12-04T17:00:00+08:00',
      now: sh('2026-11-26T20:00'),
      sent: false,
    },
    {
      type: 'monthlyReview',
      start: '2026-12-04T14:00:00+08:00',
      end: '2026-12-04T16:00:00+08:00',
      now: sh('2026-11-30T18:00'),
      sent: false,
    },
    {
      type: 'monthlyReview',
      start: '2026-12-04T14:00:00+08:00',
      end: '2026-12-04T16:00:00+08:00',
      now: sh('2026-12-01T08:00'),
      sent: true,
    },
    {
      type: 'adHoc',
      start: '2026-12-10T15:00:00+08:00',
      end: '2026-12-10T16:00:00+08:00',
      now: sh('2026-11-27T10:00'),
      sent: true,
    },
  ];
  it.each(byType)('$type at $start: notice sent at $now is $sent', ({ type, start, end, now, sent }) => {
    expect(ofKind(plan(now, { meeting: { type, start, end } }), 'meetingNotice').length > 0).toBe(sent);
  });

  it('a later or repeated tick plans the same outbox IDs', () => {
    const first = plan(sh('2026-11-27T08:00'));
    expect(ids(plan(sh('2026-11-27T08:00')))).toEqual(ids(first));
    expect(ids(plan(sh('2026-11-27T11:00')))).toEqual(ids(first));
  });
});

describe('the .ics invitation (parsed with ical.js)', () => {
  it('is a REQUEST with the meeting UID, SEQUENCE 0, the workbook TZID, host and roster', () => {
    const [first] = ofKind(plan(sh('2026-11-27T08:00')), 'meetingNotice');
    const invite = parseInvite(first!);
    expect(invite.attachment.contentType).toBe('text/calendar; method=REQUEST; charset=UTF-8');
    expect(invite.attachment.filename).toBe('invite.ics');
    expect(invite).toMatchObject({
      method: 'REQUEST',
      uid: 'M-0007@meetings.example.com',
      sequence: 0,
      status: 'CONFIRMED',
      tzid: 'Asia/Shanghai',
      wallStart: '2026-11-30T09:00:00',
      startInstant: '2026-11-30T01:00:00.000Z',
      endInstant: '2026-11-30T02:00:00.000Z',
      organizer: 'mailto:li@example.com',
      attendees: ACTIVE,
      attendeeNames: ['Anna', '李明', '王芳'],
      location: '3F 会议室',
      summary: '销售与运营周例会',
      // DTSTAMP is the planning time in UTC, never the library's clock.
      stamp: '2026-11-27T00:00:00Z',
    });
    expect(invite.description.split('\n')).toEqual([
      '1. Review of previous decisions / 上次决议跟踪 (li@example.com,10 分钟)',
      '2. Sales last week (Anna,20 分钟)',
      '3. 库存 (wang@example.com)',
    ]);
  });

  it('keeps 09:00 New York wall-clock time on both sides of the DST change', () => {
    const meeting = { start: '2026-11-02T09:00:00-05:00', end: '2026-11-02T10:00:00-05:00', type: 'adHoc' };
    const invite = parseInvite(ofKind(plan(ny('2026-10-30T10:00'), { meeting }, NEW_YORK), 'meetingNotice')[0]!);
    expect(invite).toMatchObject({
      tzid: 'America/New_York',
      wallStart: '2026-11-02T09:00:00',
      startInstant: '2026-11-02T14:00:00.000Z',
    });
    const before = { start: '2026-10-26T09:00:00-04:00', end: '2026-10-26T10:00:00-04:00', type: 'adHoc' };
    const earlier = parseInvite(
      ofKind(plan(ny('2026-10-20T10:00'), { meeting: before }, NEW_YORK), 'meetingNotice')[0]!,
    );
    expect(earlier).toMatchObject({
      tzid: 'America/New_York',
      wallStart: '2026-10-26T09:00:00',
      startInstant: '2026-10-26T13:00:00.000Z',
    });
  });

  it('an update after the time moved bumps SEQUENCE, keeps the UID and is a new message', () => {
    const previous = { start: MEETING.start, end: MEETING.end, venue: MEETING.venue, sequence: 0 };
    const moved = { start: '2026-11-30T14:00:00+08:00', end: '2026-11-30T15:00:00+08:00' };
    const original = ofKind(plan(sh('2026-11-27T08:00')), 'meetingNotice');
    const updated = ofKind(plan(sh('2026-11-28T10:00'), { meeting: moved, previous }), 'meetingNotice');
    expect(updated.map((m) => m.dueSlot)).toEqual(['seq-1', 'seq-1', 'seq-1']);
    expect(ids(updated).some((id) => ids(original).includes(id))).toBe(false);
    const invite = parseInvite(updated[0]!);
    expect(invite).toMatchObject({
      method: 'REQUEST',
      uid: 'M-0007@meetings.example.com',
      sequence: 1,
      wallStart: '2026-11-30T14:00:00',
    });
    const li = updated.find((m) => m.recipient === 'li@example.com')!;
    expect(li.content.subject).toContain('会议变更');
    expect(li.content.text).toContain(
      '时间由 2026年11月30日(周一) 09:00–10:00 (Asia/Shanghai) 改为 2026年11月30日(周一) 14:00–15:00 (Asia/Shanghai)',
    );
  });

  it('an update after the venue changed names both venues', () => {
    const previous = { start: MEETING.start, end: MEETING.end, venue: MEETING.venue, sequence: 2 };
    const updated = ofKind(
      plan(sh('2026-11-28T10:00'), { meeting: { venue: '5F 大会议室' }, previous }),
      'meetingNotice',
    );
    expect(parseInvite(updated[0]!)).toMatchObject({ sequence: 3, location: '5F 大会议室' });
    expect(updated.find((m) => m.language === 'en')!.content.text).toContain(
      'The venue changed from 3F 会议室 to 5F 大会议室.',
    );
  });

  it('an unchanged meeting replans the same slot, so only someone added to the roster gets a new message', () => {
    const previous = { start: MEETING.start, end: MEETING.end, venue: MEETING.venue, sequence: 0 };
    const before = plan(sh('2026-11-27T08:00'));
    const roster = [...ROSTER, { email: 'new@example.com', name: 'New' }];
    const after = ofKind(plan(sh('2026-11-28T10:00'), { previous, roster }), 'meetingNotice');
    expect(ids(after).filter((id) => !ids(before).includes(id))).toHaveLength(1);
    expect(parseInvite(after[0]!).attendees).toContain('new@example.com');
  });

  it('a cancellation is METHOD:CANCEL with the next SEQUENCE and STATUS:CANCELLED', () => {
    const previous = { start: MEETING.start, end: MEETING.end, venue: MEETING.venue, sequence: 1 };
    const planned = plan(sh('2026-11-28T10:00'), { meeting: { cancelled: true }, previous });
    expect(summary(planned)).toEqual(ACTIVE.map((email) => `meetingNotice:${email}:cancel-seq-2`));
    const invite = parseInvite(planned[0]!);
    expect(invite).toMatchObject({
      method: 'CANCEL',
      uid: 'M-0007@meetings.example.com',
      sequence: 2,
      status: 'CANCELLED',
    });
    expect(invite.attachment.contentType).toBe('text/calendar; method=CANCEL; charset=UTF-8');
    expect(planned.find((m) => m.language === 'zh')!.content.subject).toContain('会议取消');
  });

  it('a cancellation already sent keeps its slot; a meeting never announced is cancelled silently', () => {
    const sent = { start: MEETING.start, end: MEETING.end, sequence: 2, cancelled: true };
    expect(
      plan(sh('2026-11-28T11:00'), { meeting: { cancelled: true }, previous: sent }).map((m) => m.dueSlot),
    ).toEqual(['cancel-seq-2', 'cancel-seq-2', 'cancel-seq-2']);
    expect(plan(sh('2026-11-28T10:00'), { meeting: { cancelled: true } })).toEqual([]);
  });
});

describe('notifiedVersionAfter', () => {
  it('records the version and sequence that was sent, nothing when no notice was planned', () => {
    const moved = { ...MEETING, start: '2026-11-30T14:00:00+08:00', end: '2026-11-30T15:00:00+08:00' };
    const previous = { start: MEETING.start, end: MEETING.end, venue: MEETING.venue, sequence: 0 };
    const planned = planMeetingNotices(moved, AGENDA, ROSTER, SHANGHAI, sh('2026-11-28T10:00'), {
      calendarDomain: DOMAIN,
      previous,
    });
    expect(notifiedVersionAfter(moved, planned)).toEqual({
      start: moved.start,
      end: moved.end,
      venue: '3F 会议室',
      sequence: 1,
    });
    expect(notifiedVersionAfter(MEETING, plan(sh('2026-11-26T10:00')))).toBeUndefined();
  });
});

describe('material and day-of reminders', () => {
  const cases = [
    { name: 'nothing a minute before the reminder time', now: sh('2026-11-26T17:59'), expected: [] as string[] },
    {
      name: 'a presenter without a material link, 1 day before the deadline',
      now: sh('2026-11-26T18:00'),
      expected: ['materialReminder:anna@example.com:2026-11-27T10:00Z'],
    },
    { name: 'nothing once the deadline has passed', now: sh('2026-11-27T18:00'), expected: [] },
    {
      name: 'on the day, 2 hours before, everyone on the roster',
      now: sh('2026-11-30T07:00'),
      expected: ACTIVE.map((e) => `meetingDayReminder:${e}:2026-11-30T01:00Z`),
    },
    { name: 'nothing 2 hours and 1 minute before', now: sh('2026-11-30T06:59'), expected: [] },
  ];
  // The notice went out on Friday, as planned.
  const noticedFriday: NotifiedVersion = {
    start: MEETING.start,
    end: MEETING.end,
    venue: MEETING.venue!,
    sequence: 0,
    noticeDate: '2026-11-27',
  };
  it.each(cases)('$name', ({ now, expected }) => {
    expect(summary(plan(now, { previous: noticedFriday }).filter((m) => m.kind !== 'meetingNotice'))).toEqual(expected);
  });

  // One "starts soon" mail per attendee: a notice that itself goes out on the meeting's day replaces it.
  const sameDay = [
    {
      name: 'first noticed within 2 hours of the start: the notice only',
      now: sh('2026-11-30T07:30'),
      previous: undefined,
      notice: true,
      reminder: false,
    },
    {
      name: 'first noticed in quiet hours that morning (sent at 07:00): the notice only',
      now: sh('2026-11-30T06:45'),
      previous: undefined,
      notice: true,
      reminder: false,
    },
    {
      name: 'noticed on Friday: the day reminder',
      now: sh('2026-11-30T07:30'),
      previous: noticedFriday,
      notice: false,
      reminder: true,
    },
    {
      name: 'noticed earlier that morning (a later tick): no reminder',
      now: sh('2026-11-30T08:00'),
      previous: { ...noticedFriday, noticeDate: '2026-11-30' },
      notice: false,
      reminder: false,
    },
    {
      name: 'venue changed that morning: the update only',
      now: sh('2026-11-30T07:30'),
      previous: { ...noticedFriday, venue: '2F' },
      notice: true,
      reminder: false,
    },
  ];
  it.each(sameDay)('$name', ({ now, previous, notice, reminder }) => {
    const planned = plan(now, previous ? { previous } : {});
    // A replan of the notice already sent has the same outbox IDs (nothing new); a new version has a new slot.
    const newNotices = ofKind(planned, 'meetingNotice').filter(
      (m) => !previous || m.dueSlot !== `seq-${previous.sequence}`,
    );
    expect(newNotices.map((m) => m.recipient).sort()).toEqual(notice ? ACTIVE : []);
    expect(
      ofKind(planned, 'meetingDayReminder')
        .map((m) => m.recipient)
        .sort(),
    ).toEqual(reminder ? ACTIVE : []);
  });

  it('a material reminder is about the agenda item, in the presenter’s language, and has no invitation', () => {
    const [reminder] = ofKind(plan(sh('2026-11-26T18:00')), 'materialReminder');
    expect(reminder).toMatchObject({ subjectRecord: 'agendaItems/AG-2', language: 'en', items: ['agendaItems/AG-2'] });
    expect(reminder!.attachments).toBeUndefined();
    expect(reminder!.content.subject).toBe('[Follow-up] Material due Fri 27 Nov 18:00: Sales last week');
  });

  it('no reminder for a presenter who is not on the roster', () => {
    const agenda = [{ ...AGENDA[0]!, presenter: 'guest@example.com' }];
    expect(ofKind(plan(sh('2026-11-26T18:00'), { agenda }), 'materialReminder')).toEqual([]);
  });

  it('a cancelled meeting gets no reminders', () => {
    const previous = { start: MEETING.start, end: MEETING.end, venue: MEETING.venue, sequence: 0 };
    expect(plan(sh('2026-11-30T07:00'), { meeting: { cancelled: true }, previous }).map((m) => m.kind)).toEqual([
      'meetingNotice',
      'meetingNotice',
      'meetingNotice',
    ]);
  });
});

describe('a member on approved leave gets no mail about attending (their substitute is on the roster instead)', () => {
  // Anna presents AG-2 and is on approved leave; sub@example.com attends in her place.
  const onLeave: RosterMember[] = [
    { email: 'li@example.com', name: '李明', language: 'zh' },
    { email: 'anna@example.com', name: 'Anna', language: 'en', onLeave: true },
    { email: 'sub@example.com', name: 'Sub' },
  ];
  const attending = ['li@example.com', 'sub@example.com'];
  const noticedFriday: NotifiedVersion = {
    start: MEETING.start,
    end: MEETING.end,
    venue: MEETING.venue!,
    sequence: 0,
    noticeDate: '2026-11-27',
  };
  const recipients = (messages: PlannedMessage[], kind: string) =>
    ofKind(messages, kind)
      .map((m) => m.recipient)
      .sort();

  it.each([
    { name: 'the notice (and its invitation)', now: sh('2026-11-27T08:00'), previous: undefined },
    {
      name: 'an update after the venue changed',
      now: sh('2026-11-28T10:00'),
      previous: { ...noticedFriday, venue: '2F' },
    },
    { name: 'the reminder on the day', now: sh('2026-11-30T07:30'), previous: noticedFriday },
  ])('$name', ({ now, previous }) => {
    const planned = plan(now, { roster: onLeave, ...(previous ? { previous } : {}) });
    const kind = previous === noticedFriday ? 'meetingDayReminder' : 'meetingNotice';
    expect(recipients(planned, kind)).toEqual(attending);
    for (const notice of ofKind(planned, 'meetingNotice'))
      expect(parseInvite(notice).attendees.sort()).toEqual(attending);
  });

  it('a cancellation', () => {
    const planned = plan(sh('2026-11-28T10:00'), {
      roster: onLeave,
      meeting: { cancelled: true },
      previous: noticedFriday,
    });
    expect(recipients(planned, 'meetingNotice')).toEqual(attending);
  });

  it('her material reminder as the presenter still comes: the material is owed whoever presents', () => {
    expect(recipients(plan(sh('2026-11-26T18:00'), { roster: onLeave }), 'materialReminder')).toEqual([
      'anna@example.com',
    ]);
  });
});

describe('mail content', () => {
  it('escapes every sheet value in the HTML and drops a javascript: link', () => {
    const meeting = {
      title: '<script>alert(1)</script> & Co',
      venue: '"Room" <b>',
      host: { email: 'li@example.com', name: '<i>Li</i>' },
    };
    const agenda = [
      { id: 'AG-9', order: 1, topic: '<img src=x onerror=alert(1)>', materialLink: 'javascript:alert(1)' },
    ];
    const [message] = ofKind(plan(sh('2026-11-27T08:00'), { meeting, agenda }), 'meetingNotice');
    const html = message!.content.html;
    expect(html).not.toMatch(/<script|<img|<i>|<b>|javascript:/u);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(html).toContain('&quot;Room&quot; &lt;b&gt;');
  });

  it('writes subject and text in each recipient’s language', () => {
    const notices = ofKind(plan(sh('2026-11-27T08:00')), 'meetingNotice');
    const byRecipient = Object.fromEntries(notices.map((m) => [m.recipient, m]));
    expect(byRecipient['li@example.com']!.content.subject).toBe(
      '[会议跟进] 会议通知:销售与运营周例会 · 11月30日(周一) 09:00',
    );
    expect(byRecipient['anna@example.com']!.content.subject).toBe(
      '[Follow-up] Meeting notice: 销售与运营周例会 · Mon 30 Nov 09:00',
    );
    expect(byRecipient['anna@example.com']!.content.text).toContain(
      'When: Mon 30 Nov 2026 09:00–10:00 (Asia/Shanghai)',
    );
    expect(byRecipient['li@example.com']!.content.text).toContain(
      '时间:2026年11月30日(周一) 09:00–10:00 (Asia/Shanghai)',
    );
  });
});

describe('"Send notice now" (noticeNow)', () => {
  const notices = (now: DateTime, options: { previous?: NotifiedVersion; noticeNow?: boolean }) =>
    ofKind(
      planMeetingNotices(MEETING, AGENDA, ROSTER, SHANGHAI, now, { calendarDomain: DOMAIN, ...options }),
      'meetingNotice',
    );

  it.each([
    {
      name: 'a week ahead, before the notice period: due at once',
      now: sh('2026-11-23T10:00'),
      notBefore: '2026-11-23T10:00:00+08:00',
    },
    {
      name: 'in quiet hours: held until they end',
      now: sh('2026-11-23T23:00'),
      notBefore: '2026-11-24T07:00:00+08:00',
    },
  ])('$name', ({ now, notBefore }) => {
    expect(notices(now, {})).toEqual([]);
    const planned = notices(now, { noticeNow: true });
    expect(planned.map((m) => m.recipient).sort()).toEqual(ACTIVE);
    expect(planned.every((m) => m.notBefore === notBefore && m.dueSlot === 'seq-0')).toBe(true);
  });

  it('plans the same outbox IDs as the scheduled notice, so the notice day sends nothing again', () => {
    const early = notices(sh('2026-11-23T10:00'), { noticeNow: true });
    const previous = notifiedVersionAfter(MEETING, early)!;
    const scheduled = notices(sh('2026-11-27T08:00'), { previous });
    expect(ids(scheduled).sort()).toEqual(ids(early).sort());
  });
});

describe('notice periods from the Settings tab', () => {
  it('override the defaults per type, and widen the window the tick reads', () => {
    const settings = parseNotificationSettings({ noticeDaysBefore: { dealerConference: 14, weeklySop: 0 } });
    const days = noticeDaysFor(settings);
    expect(days).toMatchObject({ dealerConference: 14, weeklySop: 0, monthlyReview: 3 });
    expect(noticeWindowDays(days)).toBe(14 + 14 + 1);
    expect(noticeWindowDays(noticeDaysFor(SHANGHAI))).toBe(7 + 14 + 1);
    // A weekly meeting noticed 0 days before goes out at once instead of the working day before.
    const planned = planMeetingNotices(MEETING, AGENDA, ROSTER, SHANGHAI, sh('2026-11-23T10:00'), {
      calendarDomain: DOMAIN,
      noticeDaysBefore: days,
    });
    expect(ofKind(planned, 'meetingNotice')).toHaveLength(3);
  });
});

describe('the notice window the tick reads covers notice days moved back over days off', () => {
  const ALL_ONE = { weeklySop: 1, monthlyReview: 1, taskForce: 1, adHoc: 1, dealerConference: 1, customerService: 1 };
  // Spring Festival 2027 (Feb 6–14 off, in Settings as holidays) and plain weekends.
  const FESTIVAL = [
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-02-12',
    '2027-02-13',
    '2027-02-14',
  ];
  it.each([
    ['notice days 1, a Monday meeting: noticed on Friday', ALL_ONE, [], '2026-12-07T09:00', 1, '2026-12-04'],
    [
      'notice days 1, a Monday meeting right after a long holiday',
      ALL_ONE,
      FESTIVAL,
      '2027-02-15T09:00',
      1,
      '2027-02-05',
    ],
    ['dealer conference 7 days before, falling in the holiday', {}, FESTIVAL, '2027-02-16T09:00', 7, '2027-02-05'],
  ] as const)('%s', (_, noticeDays, holidays, start, days, noticeDate) => {
    const settings = parseNotificationSettings({ noticeDaysBefore: noticeDays, holidays: [...holidays] });
    const meetingStart = sh(start);
    const due = noticeDueAt(meetingStart.toISO()!, days, settings)!;
    expect(due.toISODate()).toBe(noticeDate);
    // The tick at the notice time reads meetings up to now + window: this meeting must be among them.
    expect(due.plus({ days: noticeWindowDays(noticeDaysFor(settings)) }) >= meetingStart).toBe(true);
  });
});
