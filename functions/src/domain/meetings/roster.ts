// Who a meeting's notices go to. Attendance and agenda rows name their meeting by ID, or (typed by hand) by
// its title; a title can be shared (every meeting of a weekly series has one), so rows naming the meeting by
// ID win and rows naming it by title count only when none names it by ID. A meeting without attendance rows
// yet has its host and recorder as its roster. Someone not on the People tab gets no mail (as with the
// digest): unknown means inactive.
//
// Approved leave (seed 002: ask before the meeting and send someone in your place): the person stays on the
// roster marked `onLeave`, so mail about their own duties (a presenter's material reminder) still reaches them,
// but mail about attending (notice, update, cancellation, the day's reminder) goes to their substitute instead,
// who joins the roster when not on it already. A leave only requested, not approved, changes nothing: the
// person is still expected. Rows whose people are all on leave are still rows: the host and recorder fallback
// is only for a meeting with no attendance rows at all.
import type { Lang } from '../messages.ts';
import type { RosterMember } from './meeting-notices.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** A cell's e-mail address in lower case, or undefined when it holds none. */
export function rosterEmail(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const address = value.trim().toLowerCase();
  return EMAIL.test(address) ? address : undefined;
}

/** The values a row may name the meeting by: its ID, and its title when it has one. */
export function meetingReferences(meetingId: string, title: unknown): string[] {
  const named = typeof title === 'string' && title.trim() !== '' ? [meetingId, title] : [meetingId];
  return [...new Set(named)];
}

/** Of the rows naming the meeting (by ID or title), the ones that belong to it. */
export function rowsOfMeeting<T extends { meeting: unknown }>(rows: readonly T[], meetingId: string): T[] {
  const byId = rows.filter((row) => row.meeting === meetingId);
  return byId.length > 0 ? byId : [...rows];
}

/** The cells of an Attendance record the roster reads. */
export interface AttendanceRowView {
  person: unknown;
  leaveApproved?: unknown;
  substitute?: unknown;
}

/** One address on the roster; `onLeave`: approved leave, so mail about attending goes to the substitute. */
export interface RosterEntry {
  email: string;
  onLeave?: true;
}

/**
 * The roster's addresses, once each: the attendees (a person on approved leave marked, their substitute
 * added), or the host and recorder while there are none. Someone both on leave and expected (named twice, or
 * a substitute for another) is expected.
 */
export function rosterEntries(
  rows: readonly AttendanceRowView[],
  organisers: { host?: unknown; recorder?: unknown; dueFor?: readonly unknown[] },
): RosterEntry[] {
  const expected = new Set<string>();
  const onLeave = new Set<string>();
  for (const row of rows) {
    const person = rosterEmail(row.person);
    if (person === undefined) continue;
    if (row.leaveApproved !== true) {
      expected.add(person);
      continue;
    }
    onLeave.add(person);
    const substitute = rosterEmail(row.substitute);
    if (substitute !== undefined) expected.add(substitute);
  }
  if (expected.size === 0 && onLeave.size === 0) {
    const named = [organisers.host, organisers.recorder, ...(organisers.dueFor ?? [])];
    for (const email of named.map(rosterEmail)) if (email !== undefined) expected.add(email);
  }
  const entries: RosterEntry[] = [...expected].map((email) => ({ email }));
  for (const email of onLeave) if (!expected.has(email)) entries.push({ email, onLeave: true });
  return entries;
}

export interface RosterPerson {
  name: string;
  language?: Lang;
  active: boolean;
}

/** The roster with names and languages from the People tab; someone not on it is inactive. */
export function rosterMembers(
  entries: readonly RosterEntry[],
  people: ReadonlyMap<string, RosterPerson>,
): RosterMember[] {
  return entries.map(({ email, onLeave }) => {
    const person = people.get(email);
    return {
      email,
      name: person?.name ?? email,
      ...(person?.language ? { language: person.language } : {}),
      active: person ? person.active : false,
      ...(onLeave ? { onLeave } : {}),
    };
  });
}
