import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  digestHorizon,
  planDailyDigests,
  planSetupCheckMail,
  planUrgentReminders,
  type DigestPerson,
} from '../../../functions/src/domain/mail/daily-digest.ts';
import type { DueItem } from '../../../functions/src/domain/mail/due-items.ts';
import { parseNotificationSettings } from '../../../functions/src/domain/mail/notification-settings.ts';
import { outboxMessageId, type PlannedMessage } from '../../../functions/src/domain/mail/outbox-message.ts';

const SHANGHAI = parseNotificationSettings({});
const NEW_YORK = parseNotificationSettings({ timeZone: 'America/New_York', defaultLanguage: 'en' });
// 2026 National Day: 1–7 October off (Thu–Wed), Saturday 10 October is a make-up working day.
const NATIONAL_DAY = parseNotificationSettings({
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  extraWorkingDays: ['2026-10-10'],
});

const sh = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' });
const ny = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' });

const LI: DigestPerson = { email: 'li@example.com', name: '李明', language: 'zh' };
const ANNA: DigestPerson = { email: 'anna@example.com', name: 'Anna', language: 'en' };
const WANG: DigestPerson = { email: 'wang@example.com', name: '王芳' };
const PEOPLE = [LI, ANNA, WANG];

function item(recordId: string, recipient: string, dueAt: string, extra: Partial<DueItem> = {}): DueItem {
  const kind = recordId.startsWith('meetings/') ? 'meeting' : recordId.startsWith('visits/') ? 'visit' : 'action';
  return { kind, recordId, recipient, title: `Title of ${recordId}`, dueAt, ...extra };
}

const ids = (messages: PlannedMessage[]) =>
  messages.map((m) => outboxMessageId(m.kind, m.subjectRecord, m.recipient, m.dueSlot));
const recipients = (messages: PlannedMessage[]) => messages.map((m) => m.recipient);

// Friday 27 November 2026 unless a case says otherwise.
const ITEMS: DueItem[] = [
  item('actions/A-1', 'li@example.com', '2026-11-25T00:00:00+08:00', { allDay: true }), // Wed: overdue
  item('meetings/M-1', 'li@example.com', '2026-11-27T14:00:00+08:00'), // today
  item('visits/V-1', 'li@example.com', '2026-11-29T10:00:00+08:00'), // Sunday: upcoming
  item('actions/A-9', 'li@example.com', '2026-12-03T00:00:00+08:00', { allDay: true }), // beyond lookahead
  item('actions/A-2', 'ANNA@example.com', '2026-11-30T00:00:00+08:00', { allDay: true }), // Monday: upcoming
];

describe('planDailyDigests: when a digest goes out', () => {
  const cases = [
    { name: 'nothing before digestTime (07:59)', now: sh('2026-11-27T07:59'), settings: SHANGHAI, expected: [] },
    {
      name: 'at digestTime, to each person with something due',
      now: sh('2026-11-27T08:00'),
      settings: SHANGHAI,
      expected: ['anna@example.com', 'li@example.com'],
    },
    {
      name: 'a late tick (11:00) still sends',
      now: sh('2026-11-27T11:00'),
      settings: SHANGHAI,
      expected: ['anna@example.com', 'li@example.com'],
    },
    {
      name: 'not once quiet hours have begun (22:30): the next digest covers it',
      now: sh('2026-11-27T22:30'),
      settings: SHANGHAI,
      expected: [],
    },
    { name: 'not on a Saturday', now: sh('2026-11-28T09:00'), settings: SHANGHAI, expected: [] },
    { name: 'not on a Sunday', now: sh('2026-11-29T09:00'), settings: SHANGHAI, expected: [] },
    { name: 'not on a public holiday (1 October)', now: sh('2026-10-01T09:00'), settings: NATIONAL_DAY, expected: [] },
  ];
  it.each(cases)('$name', ({ now, settings, expected }) => {
    expect(recipients(planDailyDigests(ITEMS, PEOPLE, settings, now))).toEqual(expected);
  });

  it('goes out on a make-up working Saturday (调休)', () => {
    const items = [item('actions/A-1', 'li@example.com', '2026-10-10T17:00:00+08:00')];
    expect(recipients(planDailyDigests(items, PEOPLE, NATIONAL_DAY, sh('2026-10-10T08:05')))).toEqual([
      'li@example.com',
    ]);
  });

  it('is due at the local digest time, later ticks of the day keep that slot and notBefore follows a late tick', () => {
    const onTime = planDailyDigests(ITEMS, PEOPLE, SHANGHAI, sh('2026-11-27T08:00'));
    const late = planDailyDigests(ITEMS, PEOPLE, SHANGHAI, sh('2026-11-27T11:00'));
    expect(onTime.map((m) => [m.dueSlot, m.notBefore])).toEqual([
      ['2026-11-27', '2026-11-27T08:00:00+08:00'],
      ['2026-11-27', '2026-11-27T08:00:00+08:00'],
    ]);
    expect(late.map((m) => m.notBefore)).toEqual(['2026-11-27T11:00:00+08:00', '2026-11-27T11:00:00+08:00']);
    expect(ids(late)).toEqual(ids(onTime));
  });

  it('a digest time inside quiet hours waits for their end the same morning', () => {
    const early = parseNotificationSettings({ digestTime: '06:00' });
    const [message] = planDailyDigests(ITEMS, PEOPLE, early, sh('2026-11-27T06:15'));
    expect(message?.notBefore).toBe('2026-11-27T07:00:00+08:00');
  });

  it('New York: 08:00 local on the spring-forward Monday is 12:00 UTC, and 07:59 is too early', () => {
    const items = [item('actions/A-1', 'anna@example.com', '2026-03-09T17:00:00-04:00')];
    expect(planDailyDigests(items, PEOPLE, NEW_YORK, ny('2026-03-09T07:59'))).toEqual([]);
    const [message] = planDailyDigests(items, PEOPLE, NEW_YORK, DateTime.fromISO('2026-03-09T12:00:00Z'));
    expect(message?.dueSlot).toBe('2026-03-09');
    expect(DateTime.fromISO(message!.notBefore).toUTC().toISO()).toBe('2026-03-09T12:00:00.000Z');
  });
});

describe('planDailyDigests: what a digest holds', () => {
  it('lists overdue, due-today and upcoming items, leaving out those beyond the lookahead', () => {
    const [li] = planDailyDigests(ITEMS, [LI], SHANGHAI, sh('2026-11-27T08:00'));
    expect(li?.items).toEqual(['actions/A-1', 'meetings/M-1', 'visits/V-1']);
    expect(li?.content.text).toMatch(/已逾期 \(1\)[\s\S]*今日到期 \(1\)[\s\S]*即将到期 \(1\)/u);
    expect(li?.content.text).not.toContain('A-9');
  });

  it('sorts each group by due time', () => {
    const items = [
      item('actions/A-3', 'li@example.com', '2026-11-27T18:00:00+08:00'),
      item('actions/A-1', 'li@example.com', '2026-11-27T09:00:00+08:00'),
      item('actions/A-2', 'li@example.com', '2026-11-27T01:00:00Z'), // 09:00 Shanghai, same instant as A-1
    ];
    expect(planDailyDigests(items, [LI], SHANGHAI, sh('2026-11-27T08:00'))[0]?.items).toEqual([
      'actions/A-1',
      'actions/A-2',
      'actions/A-3',
    ]);
  });

  it('rolls weekend items into Monday as overdue', () => {
    const items = [
      item('visits/V-1', 'li@example.com', '2026-11-29T10:00:00+08:00'),
      item('actions/A-5', 'li@example.com', '2026-11-30T15:00:00+08:00'),
    ];
    const [monday] = planDailyDigests(items, [LI], SHANGHAI, sh('2026-11-30T08:00'));
    expect(monday?.items).toEqual(['visits/V-1', 'actions/A-5']);
    expect(monday?.content.text).toMatch(
      /已逾期 \(1\)\n- 11月29日\(周日\) 10:00 \[客户回访\] Title of visits\/V-1 · 逾期 1 天/u,
    );
  });

  it('before a week of holidays, looks ahead to the day before the next working day', () => {
    expect(digestHorizon('2026-09-30', NATIONAL_DAY)).toBe('2026-10-07');
    expect(digestHorizon('2026-11-27', SHANGHAI)).toBe('2026-11-30');
    const items = [item('actions/A-7', 'li@example.com', '2026-10-06T12:00:00+08:00')];
    expect(planDailyDigests(items, [LI], NATIONAL_DAY, sh('2026-09-30T08:00'))[0]?.items).toEqual(['actions/A-7']);
  });

  it('does not call a meeting that has already taken place overdue', () => {
    const items = [item('meetings/M-0', 'li@example.com', '2026-11-26T14:00:00+08:00')];
    expect(planDailyDigests(items, [LI], SHANGHAI, sh('2026-11-27T08:00'))).toEqual([]);
  });

  const skipped = [
    { name: 'a person with nothing due', people: [WANG] },
    { name: 'an inactive person', people: [{ ...LI, active: false }] },
    { name: 'an address not on the People tab', people: [ANNA] },
  ];
  it.each(skipped)('sends nothing to $name', ({ people }) => {
    const items = [item('actions/A-1', 'li@example.com', '2026-11-27T12:00:00+08:00')];
    expect(planDailyDigests(items, people, SHANGHAI, sh('2026-11-27T08:00'))).toEqual([]);
  });

  it('lists a record once even when the store returned it twice', () => {
    const twice = [
      item('actions/A-1', 'li@example.com', '2026-11-27T12:00:00+08:00'),
      item('actions/A-1', 'LI@example.com', '2026-11-27T04:00:00Z'),
    ];
    expect(planDailyDigests(twice, [LI], SHANGHAI, sh('2026-11-27T08:00'))[0]?.items).toEqual(['actions/A-1']);
  });
});

describe('language choice per person', () => {
  const items = [
    item('actions/A-1', 'li@example.com', '2026-11-27T12:00:00+08:00'),
    item('actions/A-2', 'anna@example.com', '2026-11-27T12:00:00+08:00'),
    item('actions/A-3', 'wang@example.com', '2026-11-27T12:00:00+08:00'),
  ];
  const cases = [
    {
      name: 'a person who chose Chinese',
      settings: SHANGHAI,
      email: 'li@example.com',
      language: 'zh',
      subject: /^\[会议跟进\] 今日待办 1 项 · 2026-11-27$/u,
      bilingual: false,
    },
    {
      name: 'a person who chose English',
      settings: SHANGHAI,
      email: 'anna@example.com',
      language: 'en',
      subject: /^\[Follow-up\] 1 item due · 27 Nov 2026$/u,
      bilingual: false,
    },
    {
      name: 'a person without a choice gets the workbook default',
      settings: SHANGHAI,
      email: 'wang@example.com',
      language: 'zh',
      subject: /^\[会议跟进\]/u,
      bilingual: false,
    },
    {
      name: 'in an English workbook, a person without a choice gets English',
      settings: parseNotificationSettings({ defaultLanguage: 'en' }),
      email: 'wang@example.com',
      language: 'en',
      subject: /^\[Follow-up\]/u,
      bilingual: false,
    },
    {
      name: 'in a mixed workbook, a person without a choice gets both, default first',
      settings: parseNotificationSettings({ appendOtherLanguage: true }),
      email: 'wang@example.com',
      language: 'zh',
      subject: /^\[会议跟进\]/u,
      bilingual: true,
    },
    {
      name: 'in a mixed workbook, a person who chose English still gets English only',
      settings: parseNotificationSettings({ appendOtherLanguage: true }),
      email: 'anna@example.com',
      language: 'en',
      subject: /^\[Follow-up\]/u,
      bilingual: false,
    },
  ];
  it.each(cases)('$name', ({ settings, email, language, subject, bilingual }) => {
    const message = planDailyDigests(items, PEOPLE, settings, sh('2026-11-27T08:00')).find(
      (m) => m.recipient === email,
    )!;
    expect(message.language).toBe(language);
    expect(message.content.subject).toMatch(subject);
    const hasChinese = message.content.text.includes('今日到期');
    const hasEnglish = message.content.text.includes('Due today');
    expect(hasChinese && hasEnglish).toBe(bilingual);
  });
});

describe('planUrgentReminders', () => {
  const now = sh('2026-11-27T10:00');
  const cases = [
    { name: 'an action due in 2 hours gets one', dueAt: '2026-11-27T12:00:00+08:00', extra: {}, expected: true },
    { name: 'an action due in 3 hours does not (yet)', dueAt: '2026-11-27T13:00:00+08:00', extra: {}, expected: false },
    {
      name: 'an action overdue since this morning gets one',
      dueAt: '2026-11-27T09:00:00+08:00',
      extra: {},
      expected: true,
    },
    {
      name: 'an action overdue for more than a day is left to the digest',
      dueAt: '2026-11-26T08:00:00+08:00',
      extra: {},
      expected: false,
    },
    {
      name: 'an all-day item never does',
      dueAt: '2026-11-27T00:00:00+08:00',
      extra: { allDay: true },
      expected: false,
    },
  ];
  it.each(cases)('$name', ({ dueAt, extra, expected }) => {
    const messages = planUrgentReminders([item('actions/A-1', 'li@example.com', dueAt, extra)], PEOPLE, SHANGHAI, now);
    expect(messages.length).toBe(expected ? 1 : 0);
  });

  it('reminds of a meeting before it starts, never after', () => {
    expect(
      planUrgentReminders([item('meetings/M-1', 'li@example.com', '2026-11-27T11:30:00+08:00')], PEOPLE, SHANGHAI, now),
    ).toHaveLength(1);
    expect(
      planUrgentReminders([item('meetings/M-1', 'li@example.com', '2026-11-27T09:30:00+08:00')], PEOPLE, SHANGHAI, now),
    ).toHaveLength(0);
  });

  it('is not held back on a Saturday', () => {
    const saturday = planUrgentReminders(
      [item('meetings/M-1', 'li@example.com', '2026-11-28T11:00:00+08:00')],
      PEOPLE,
      SHANGHAI,
      sh('2026-11-28T09:30'),
    );
    expect(saturday.map((m) => m.notBefore)).toEqual(['2026-11-28T09:30:00+08:00']);
  });

  it('waits for the end of quiet hours', () => {
    const messages = planUrgentReminders(
      [item('actions/A-1', 'li@example.com', '2026-11-28T00:30:00+08:00')],
      PEOPLE,
      SHANGHAI,
      sh('2026-11-27T23:00'),
    );
    expect(messages.map((m) => m.notBefore)).toEqual(['2026-11-28T07:00:00+08:00']);
  });

  it('drops a meeting reminder that quiet hours would hold past the start', () => {
    expect(
      planUrgentReminders(
        [item('meetings/M-1', 'li@example.com', '2026-11-28T06:30:00+08:00')],
        PEOPLE,
        SHANGHAI,
        sh('2026-11-28T05:00'),
      ),
    ).toEqual([]);
  });

  it('uses the due minute in UTC as the slot, so "due soon" and later "overdue" are one message', () => {
    const action = item('actions/A-1', 'li@example.com', '2026-11-27T12:00:00+08:00');
    const [soon] = planUrgentReminders([action], PEOPLE, SHANGHAI, sh('2026-11-27T10:00'));
    const [overdue] = planUrgentReminders([action], PEOPLE, SHANGHAI, sh('2026-11-27T12:15'));
    expect(soon?.dueSlot).toBe('2026-11-27T04:00Z');
    expect(soon?.subjectRecord).toBe('actions/A-1');
    expect(soon?.content.subject).toBe('[会议跟进] 11月27日 12:00 到期:Title of actions/A-1');
    expect(overdue?.content.subject).toBe('[会议跟进] 已逾期:Title of actions/A-1');
    expect(ids([overdue!])).toEqual(ids([soon!]));
  });

  it('is off when the workbook does not want urgent items separately', () => {
    const settings = parseNotificationSettings({ urgentSeparately: false });
    expect(
      planUrgentReminders([item('actions/A-1', 'li@example.com', '2026-11-27T11:00:00+08:00')], PEOPLE, settings, now),
    ).toEqual([]);
  });

  it('only mails active people on the People tab', () => {
    const items = [
      item('actions/A-1', 'li@example.com', '2026-11-27T11:00:00+08:00'),
      item('actions/A-2', 'ghost@example.com', '2026-11-27T11:00:00+08:00'),
    ];
    expect(recipients(planUrgentReminders(items, [{ ...LI, active: false }], SHANGHAI, now))).toEqual([]);
    expect(recipients(planUrgentReminders(items, PEOPLE, SHANGHAI, now))).toEqual(['li@example.com']);
  });
});

describe('planSetupCheckMail', () => {
  it('sends one message to the requester at once, even in quiet hours, keyed by the request', () => {
    const request = { requestedBy: 'Admin@Example.com', spreadsheetId: 'sheet-1', requestId: 'req-42' };
    const message = planSetupCheckMail(request, SHANGHAI, sh('2026-11-27T23:10'));
    expect(message).toMatchObject({
      kind: 'setupCheck',
      recipient: 'admin@example.com',
      dueSlot: 'req-42',
      notBefore: '2026-11-27T23:10:00+08:00',
      language: 'zh',
    });
    expect(message.content.subject).toBe('[会议跟进] 邮件发送测试成功');
    expect(message.content.text).toContain('sheet-1');
    expect(ids([planSetupCheckMail(request, SHANGHAI, sh('2026-11-27T23:25'))])).toEqual(ids([message]));
  });

  it('writes in the requester language when the sheet knows it', () => {
    const message = planSetupCheckMail(
      { requestedBy: 'a@example.com', spreadsheetId: 's', requestId: 'r', name: 'Anna', language: 'en' },
      SHANGHAI,
      sh('2026-11-27T10:00'),
    );
    expect(message.content.subject).toBe('[Follow-up] Mail setup check: it works');
    expect(message.content.text).toContain('Hello Anna,');
  });
});

describe('idempotent planning', () => {
  it('planning the same inputs twice yields identical messages and IDs', () => {
    const now = sh('2026-11-27T10:00');
    const items = [...ITEMS, item('actions/A-8', 'li@example.com', '2026-11-27T11:00:00+08:00')];
    const plan = () => [
      ...planDailyDigests(items, PEOPLE, SHANGHAI, now),
      ...planUrgentReminders(items, PEOPLE, SHANGHAI, now),
    ];
    expect(plan()).toEqual(plan());
    expect(new Set(ids(plan())).size).toBe(plan().length);
  });

  it('yields the same IDs whatever order the store returns items and people in (property)', () => {
    const people = PEOPLE;
    const itemArb = fc.record({
      n: fc.integer({ min: 1, max: 20 }),
      who: fc.constantFrom('li@example.com', 'anna@example.com', 'wang@example.com', 'ghost@example.com'),
      minutes: fc.integer({ min: -3 * 24 * 60, max: 5 * 24 * 60 }),
      meeting: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(itemArb, { selector: (i) => `${i.n}-${i.who}` }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        (specs, minuteOfDay) => {
          const now = sh('2026-11-27T00:00').plus({ minutes: minuteOfDay });
          const items = specs.map((s) =>
            item(`${s.meeting ? 'meetings' : 'actions'}/X-${s.n}`, s.who, now.plus({ minutes: s.minutes }).toISO()!),
          );
          const plan = (is: DueItem[], ps: DigestPerson[]) =>
            ids([...planDailyDigests(is, ps, SHANGHAI, now), ...planUrgentReminders(is, ps, SHANGHAI, now)]).sort();
          expect(plan([...items].reverse(), [...people].reverse())).toEqual(plan(items, people));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('planDailyDigests: escalated actions (issue 14)', () => {
  const now = sh('2026-11-27T08:05');
  const team = [
    item('actions/A-7', 'wang@example.com', '2026-11-20', {
      allDay: true,
      title: '发送价格表',
      detail: { zh: '负责人:李明,逾期 7 天', en: 'Owner: 李明, 7 days overdue' },
    }),
  ];
  const hosted = [item('actions/A-8', 'anna@example.com', '2026-11-26', { allDay: true, title: 'Call the dealer' })];

  it('gives a manager with nothing of their own a digest with the team heading, and a host theirs', () => {
    const messages = planDailyDigests([], PEOPLE, SHANGHAI, now, { team, hosted });
    expect(recipients(messages)).toEqual(['anna@example.com', 'wang@example.com']);
    const wang = messages.find((m) => m.recipient === 'wang@example.com')!;
    expect(wang.content.text).toContain('下属逾期行动项');
    expect(wang.content.text).toContain('发送价格表');
    expect(wang.content.text).toContain('负责人:李明,逾期 7 天');
    expect(wang.content.subject).toContain('逾期行动项跟踪 1 项');
    const anna = messages.find((m) => m.recipient === 'anna@example.com')!;
    expect(anna.content.text).toContain('Overdue actions of meetings you host');
    expect(anna.content.text).not.toContain('Overdue actions of your team');
  });

  it('puts the team heading after the reader’s own items', () => {
    const own = [item('actions/A-1', 'wang@example.com', '2026-11-27', { allDay: true, title: 'own task' })];
    const [message] = planDailyDigests(own, PEOPLE, SHANGHAI, now, { team, hosted: [] });
    const text = message!.content.text;
    expect(text.indexOf('今日到期')).toBeLessThan(text.indexOf('下属逾期行动项'));
    expect(message!.items).toEqual(['actions/A-1', 'actions/A-7']);
  });
});
