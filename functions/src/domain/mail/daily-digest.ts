// The first reminder rules: each person's daily digest, urgent reminders for items about to fall due (or just
// overdue), and the test mail an admin requests from the sheet menu. Each rule answers "what should have been
// sent by now?"; the tick may ask every 15 minutes, late, or twice, and gets the same messages with the same
// identities, so the outbox enqueues each once.
//
// Decisions:
// - A digest goes out on working days only, at digestTime or at the first tick after it (a late tick still
//   sends). If quiet hours have started before it could go out, that day's digest is dropped: delivered next
//   morning it would arrive beside that day's own digest, which covers everything it held.
// - Nothing is lost over weekends and holidays: the digest before a run of days off looks ahead at least up to
//   the next working day, and items that fell due on days off show as overdue in the next working day's digest.
// - Only people on the People tab who are active get mail; an item for an unknown address is skipped.
// - Urgent reminders ignore working days (a Saturday meeting still gets one) but wait for the end of quiet
//   hours. One per item and due time: the due slot is the due minute, so "due soon" and, later, "overdue" for
//   the same item are the same message. Items only overdue for longer than a day are left to the digest, so
//   a tick that was down (or an item typed in already late) does not set off a burst of stale "urgent" mail.
// - All-day items (a due date without a time) are never urgent; meetings are reminded of only before they
//   start, and a reminder that quiet hours would hold past the start is not sent at all.
import { DateTime } from 'luxon';
import { type DueItem, classifyDueItem, compareDueItems, dueDateOf, dueTimeOf, isEventKind } from './due-items.ts';
import {
  type DigestGroups,
  chooseMailLanguages,
  renderDigestMail,
  renderSetupCheckMail,
  renderUrgentMail,
} from './mail-templates.ts';
import type { Lang } from '../messages.ts';
import {
  type NotificationSettings,
  digestTimeOn,
  isWorkingDay,
  nextAllowedSendTime,
  nextWorkingDay,
} from './notification-settings.ts';
import { MESSAGE_KINDS, type PlannedMessage } from './outbox-message.ts';
import type { ActionEscalations } from './action-escalation.ts';

export interface DigestPerson {
  email: string;
  name: string;
  language?: Lang;
  /** Absent means active. */
  active?: boolean;
}

export interface SetupCheckRequest {
  requestedBy: string;
  spreadsheetId: string;
  requestId: string;
  /** The requester's name and language when the People tab knows them. */
  name?: string;
  language?: Lang;
}

/** An item due within this many hours gets a reminder of its own. */
export const URGENT_WINDOW_HOURS = 2;
/** Items overdue for longer than this are left to the digest. */
export const URGENT_OVERDUE_LOOKBACK_HOURS = 24;

/** The digest's subject record: one digest per person per day, whatever it holds. */
const DIGEST_SUBJECT = 'digest';
const SETUP_CHECK_SUBJECT = 'setupCheck';

function isoInstant(time: DateTime): string {
  return time.toISO({ suppressMilliseconds: true }) ?? '';
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Active people by normalized address; the first entry wins when the store returned one twice. */
function activePeople(people: ReadonlyArray<DigestPerson>): Map<string, DigestPerson> {
  const byEmail = new Map<string, DigestPerson>();
  for (const person of people) {
    const email = normalizeEmail(person.email);
    if (email === '' || byEmail.has(email)) continue;
    byEmail.set(email, person);
  }
  for (const [email, person] of byEmail) if (person.active === false) byEmail.delete(email);
  return byEmail;
}

/** Valid items per recipient, each record once per kind and due time (a record read from two tabs). */
function itemsByRecipient(items: ReadonlyArray<DueItem>, zone: string): Map<string, DueItem[]> {
  const seen = new Set<string>();
  const byRecipient = new Map<string, DueItem[]>();
  for (const item of items) {
    const recipient = normalizeEmail(item.recipient);
    const at = dueTimeOf(item, zone);
    if (!at) continue;
    const key = JSON.stringify([recipient, item.kind, item.recordId, at.toMillis()]);
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byRecipient.get(recipient) ?? [];
    list.push(item);
    byRecipient.set(recipient, list);
  }
  return byRecipient;
}

/**
 * The last day a digest sent on `date` lists as coming up: `digestLookaheadDays` ahead, and at least every
 * day before the next working day, so a long holiday's due items are announced before it starts.
 */
export function digestHorizon(date: DateTime | string, settings: NotificationSettings): string {
  const today = typeof date === 'string' ? date : date.setZone(settings.timeZone).toISODate()!;
  const byLookahead = addCalendarDays(today, settings.digestLookaheadDays);
  const next = nextWorkingDay(today, settings);
  if (next === undefined) return byLookahead;
  const beforeNext = addCalendarDays(next, -1);
  return beforeNext > byLookahead ? beforeNext : byLookahead;
}

/** Calendar arithmetic on ISO dates, in UTC where every day has 24 hours. */
function addCalendarDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

function groupForDigest(
  items: DueItem[],
  now: DateTime,
  today: string,
  horizon: string,
  settings: NotificationSettings,
): DigestGroups {
  const groups: DigestGroups = { overdue: [], today: [], upcoming: [] };
  for (const item of items) {
    const due = dueDateOf(item, settings.timeZone)!;
    const kind = classifyDueItem(item, now, settings.timeZone, Number.POSITIVE_INFINITY);
    if (kind === 'overdue' && !isEventKind(item.kind)) groups.overdue.push(item);
    else if (kind === 'today') groups.today.push(item);
    else if (kind === 'upcoming' && due > today && due <= horizon) groups.upcoming.push(item);
  }
  groups.overdue.sort(compareDueItems);
  groups.today.sort(compareDueItems);
  groups.upcoming.sort(compareDueItems);
  return groups;
}

/**
 * One digest per active person with something due, on working days once digestTime has passed; dueSlot is
 * the local date, so the digest of a day is enqueued once however many ticks see it.
 */
export function planDailyDigests(
  items: ReadonlyArray<DueItem>,
  people: ReadonlyArray<DigestPerson>,
  settings: NotificationSettings,
  now: DateTime,
  escalations: ActionEscalations = { team: [], hosted: [] },
): PlannedMessage[] {
  const local = now.setZone(settings.timeZone);
  const today = local.toISODate()!;
  if (!isWorkingDay(today, settings)) return [];
  const digestAt = digestTimeOn(today, settings);
  if (local < digestAt) return [];
  const notBefore = nextAllowedSendTime(local > digestAt ? local : digestAt, settings);
  if (notBefore.toISODate() !== today) return [];

  const horizon = digestHorizon(today, settings);
  const byRecipient = itemsByRecipient(items, settings.timeZone);
  const team = itemsByRecipient(escalations.team, settings.timeZone);
  const hosted = itemsByRecipient(escalations.hosted, settings.timeZone);
  const messages: PlannedMessage[] = [];
  for (const [email, person] of [...activePeople(people)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const groups: DigestGroups = {
      ...groupForDigest(byRecipient.get(email) ?? [], local, today, horizon, settings),
      team: [...(team.get(email) ?? [])].sort(compareDueItems),
      hosted: [...(hosted.get(email) ?? [])].sort(compareDueItems),
    };
    const included = [...groups.overdue, ...groups.today, ...groups.upcoming, ...groups.team!, ...groups.hosted!];
    if (included.length === 0) continue;
    const languages = chooseMailLanguages(person.language, settings);
    messages.push({
      kind: MESSAGE_KINDS.digest,
      subjectRecord: DIGEST_SUBJECT,
      recipient: email,
      dueSlot: today,
      notBefore: isoInstant(notBefore),
      language: languages.primary,
      content: renderDigestMail({
        recipientName: person.name,
        date: today,
        zone: settings.timeZone,
        groups,
        languages,
      }),
      items: included.map((item) => item.recordId),
    });
  }
  return messages;
}

/** The due minute in UTC: stable even if the workbook's time zone setting changes later. */
function dueMinuteSlot(at: DateTime): string {
  return at.toUTC().toFormat("yyyy-MM-dd'T'HH:mm'Z'");
}

/**
 * One reminder per item that is due within URGENT_WINDOW_HOURS or became overdue within the last
 * URGENT_OVERDUE_LOOKBACK_HOURS, when the workbook wants urgent items mailed separately.
 */
export function planUrgentReminders(
  items: ReadonlyArray<DueItem>,
  people: ReadonlyArray<DigestPerson>,
  settings: NotificationSettings,
  now: DateTime,
): PlannedMessage[] {
  if (!settings.urgentSeparately) return [];
  const local = now.setZone(settings.timeZone);
  const windowEnd = local.plus({ hours: URGENT_WINDOW_HOURS });
  const lookbackStart = local.minus({ hours: URGENT_OVERDUE_LOOKBACK_HOURS });
  const notBefore = nextAllowedSendTime(local, settings);
  const recipients = activePeople(people);
  const messages: PlannedMessage[] = [];
  for (const [email, list] of itemsByRecipient(items, settings.timeZone)) {
    const person = recipients.get(email);
    if (!person) continue;
    for (const item of [...list].sort(compareDueItems)) {
      if (item.allDay === true) continue;
      const at = dueTimeOf(item, settings.timeZone)!;
      const overdue = at < local;
      if (at > windowEnd || at < lookbackStart) continue;
      if (isEventKind(item.kind) && (overdue || notBefore > at)) continue;
      const languages = chooseMailLanguages(person.language, settings);
      messages.push({
        kind: MESSAGE_KINDS.urgent,
        subjectRecord: item.recordId,
        recipient: email,
        dueSlot: dueMinuteSlot(at),
        notBefore: isoInstant(notBefore),
        language: languages.primary,
        content: renderUrgentMail({ recipientName: person.name, item, overdue, zone: settings.timeZone, languages }),
        items: [item.recordId],
      });
    }
  }
  return messages.sort((a, b) => (a.recipient < b.recipient ? -1 : a.recipient > b.recipient ? 1 : 0));
}

/**
 * The test mail requested from the sheet menu. It goes out at once, quiet hours or not: the person who asked
 * is waiting for it. The request ID is the due slot, so a retried request is still one mail.
 */
export function planSetupCheckMail(
  request: SetupCheckRequest,
  settings: NotificationSettings,
  now: DateTime,
): PlannedMessage {
  const languages = chooseMailLanguages(request.language, settings);
  const recipient = normalizeEmail(request.requestedBy);
  return {
    kind: MESSAGE_KINDS.setupCheck,
    subjectRecord: SETUP_CHECK_SUBJECT,
    recipient,
    dueSlot: request.requestId,
    notBefore: isoInstant(now.setZone(settings.timeZone)),
    language: languages.primary,
    content: renderSetupCheckMail({
      ...(request.name !== undefined ? { recipientName: request.name } : {}),
      requestedBy: recipient,
      spreadsheetId: request.spreadsheetId,
      requestedAt: now,
      settings,
      languages,
    }),
  };
}
