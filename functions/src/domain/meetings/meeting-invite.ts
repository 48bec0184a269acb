// The `.ics` invitation attached to meeting notices, written with ical-generator (iTIP, RFC 5546).
//
// Decisions:
// - One UID per meeting (`<meetingId>@<domain>`) for its whole life; an update or a cancellation carries the
//   same UID with a higher SEQUENCE, so calendar clients replace the entry instead of adding a second one.
// - Times are written as local wall-clock time with the workbook's TZID, not in UTC, so an attendee's client
//   shows "09:00 Asia/Shanghai" and a later DST rule change cannot shift the meeting. RFC 5545 requires a
//   VTIMEZONE for every TZID (Outlook ignores a TZID it has no definition for), so one is generated here from
//   luxon's zone data: the offset in force plus every transition within a year either side of the meeting.
// - DTSTAMP is the planning time `now`, never the library's own clock: the domain takes no clock.
// - Attendees are asked to RSVP; replies go to the host (ORGANIZER), who is a person, not this system.
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';

export type InviteMethod = 'REQUEST' | 'CANCEL';

export interface InvitePerson {
  email: string;
  name: string;
}

export interface MeetingInvite {
  method: InviteMethod;
  /** Stable per meeting: `<meetingId>@<domain>`. */
  uid: string;
  sequence: number;
  /** ISO instants. */
  start: string;
  end: string;
  zone: string;
  summary: string;
  location?: string;
  description: string;
  organizer: InvitePerson;
  attendees: readonly InvitePerson[];
  /** DTSTAMP: when the message was planned. */
  stamp: DateTime;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

const PRODUCT_ID = { company: 'meeting-follow-up', product: 'meeting-notices', language: 'EN' };

function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** The first instant in (from, to] whose offset differs from `from`'s; the interval must contain one change. */
function findTransition(from: DateTime, to: DateTime): DateTime {
  let low = from;
  let high = to;
  while (high.diff(low, 'minutes').minutes > 1) {
    const middle = low.plus({ minutes: Math.floor(high.diff(low, 'minutes').minutes / 2) });
    if (middle.offset === from.offset) low = middle;
    else high = middle;
  }
  return high;
}

function observance(at: DateTime, offsetFrom: number, dtstart: string): string {
  const type = at.isInDST ? 'DAYLIGHT' : 'STANDARD';
  return [
    `BEGIN:${type}`,
    `DTSTART:${dtstart}`,
    `TZOFFSETFROM:${offsetText(offsetFrom)}`,
    `TZOFFSETTO:${offsetText(at.offset)}`,
    `TZNAME:${at.setLocale('en-US').toFormat('ZZZZ')}`,
    `END:${type}`,
  ].join('\r\n');
}

/** A VTIMEZONE for `zone` valid from a year before to a year after `around`. */
export function buildVTimezone(zone: string, around: DateTime): string {
  const rangeStart = around.setZone(zone).startOf('year').minus({ years: 1 });
  const rangeEnd = rangeStart.plus({ years: 3 });
  // The offset in force at the start of the range, as an observance that begins long before it.
  const parts = [observance(rangeStart, rangeStart.offset, '19700101T000000')];
  for (let day = rangeStart; day < rangeEnd; ) {
    const next = day.plus({ hours: 24 });
    if (next.offset !== day.offset) {
      const at = findTransition(day, next);
      // DTSTART of an observance is the wall-clock time just before the change, in the old offset.
      const before = at.setZone(`UTC${offsetText(day.offset).replace(/(\d\d)(\d\d)$/u, '$1:$2')}`);
      parts.push(observance(at, day.offset, before.toFormat("yyyyLLdd'T'HHmmss")));
    }
    day = next;
  }
  return ['BEGIN:VTIMEZONE', `TZID:${zone}`, ...parts, 'END:VTIMEZONE'].join('\r\n');
}

/**
 * A CN parameter cannot hold a double quote or a line break (RFC 5545 §3.2); a name typed with one is still readable
 * this way.
 */
function paramText(name: string): string {
  return (
    name
      .replace(/"/gu, "'")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: a CN parameter must not carry control characters
      .replace(/[\u0000-\u001f\u007f]+/gu, ' ')
      .trim()
  );
}

export function buildMeetingInviteIcs(invite: MeetingInvite): string {
  const start = DateTime.fromISO(invite.start, { zone: invite.zone });
  const end = DateTime.fromISO(invite.end, { zone: invite.zone });
  const calendar = ical({
    prodId: PRODUCT_ID,
    method: invite.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // No calendar-wide zone: ical-generator would then write DTSTAMP as local time without a zone, and RFC 5545
    // wants it in UTC. The event's own zone still gets its VTIMEZONE from the generator.
    timezone: { name: null, generator: (zone) => buildVTimezone(zone, start) },
  });
  calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    start,
    end,
    timezone: invite.zone,
    stamp: invite.stamp.toUTC(),
    summary: invite.summary,
    ...(invite.location !== undefined && invite.location.trim() !== '' ? { location: invite.location } : {}),
    description: invite.description,
    organizer: { name: paramText(invite.organizer.name), email: invite.organizer.email },
    status: invite.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    attendees: invite.attendees.map((person) => ({
      name: paramText(person.name),
      email: person.email,
      rsvp: invite.method === 'REQUEST',
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
    })),
  });
  return calendar.toString();
}

/** The invitation as a mail attachment; the method is repeated in the content type, as iTIP asks. */
export function meetingInviteAttachment(invite: MeetingInvite): MailAttachment {
  const ics = buildMeetingInviteIcs(invite);
  return {
    filename: invite.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
    contentType: `text/calendar; method=${invite.method}; charset=UTF-8`,
    // Buffer only encodes bytes (pure); base64 keeps CJK text intact through any transport.
    contentBase64: Buffer.from(ics, 'utf8').toString('base64'),
  };
}
