// Who a meeting's notices go to. Attendance and agenda rows name their meeting by ID, or (typed by hand) by
// its title; a title can be shared (every meeting of a weekly series has one), so rows naming the meeting by
// ID win and rows naming it by title count only when none names it by ID. A meeting without attendance rows
// yet has its host and recorder as its roster. Someone not on the People tab gets no mail (as with the
// digest): unknown means inactive.
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

/** The roster's addresses, once each: the attendees, or the host and recorder while there are none. */
export function rosterEmails(
  attendees: readonly unknown[],
  organisers: { host?: unknown; recorder?: unknown; dueFor?: readonly unknown[] },
): string[] {
  let emails = attendees.map(rosterEmail).filter((e): e is string => e !== undefined);
  if (emails.length === 0) {
    const named = [organisers.host, organisers.recorder, ...(organisers.dueFor ?? [])];
    emails = named.map(rosterEmail).filter((e): e is string => e !== undefined);
  }
  return [...new Set(emails)];
}

export interface RosterPerson {
  name: string;
  language?: Lang;
  active: boolean;
}

/** The roster with names and languages from the People tab; someone not on it is inactive. */
export function rosterMembers(emails: readonly string[], people: ReadonlyMap<string, RosterPerson>): RosterMember[] {
  return emails.map((address) => {
    const person = people.get(address);
    return {
      email: address,
      name: person?.name ?? address,
      ...(person?.language ? { language: person.language } : {}),
      active: person ? person.active : false,
    };
  });
}
