// From the saved records of a meeting to the facts its minutes are made of, and to who receives them. The
// adapter reads records as they are stored (row values under `data`); the choices live here: which rows belong
// to the meeting (rosterEntries/rowsOfMeeting, as for notices), names from the People tab, the series' open
// actions carried over (carry-over.ts), and the recipients — the roster, the host, the recorder and any
// substitute, active People only (as for every mail).
import type { Lang } from '../messages.ts';
import { rosterEmail, rosterEntries, rowsOfMeeting } from '../meetings/roster.ts';
import { type CarryOverAction, carriedOverActions } from './carry-over.ts';
import type {
  MinutesAction,
  MinutesAgendaItem,
  MinutesAttendee,
  MinutesFacts,
  MinutesLine,
  MinutesPerson,
} from './minutes-document.ts';

export interface StoredRecord {
  id: string;
  data: Readonly<Record<string, unknown>>;
}

export interface MinutesPersonEntry {
  name: string;
  language?: Lang;
  active: boolean;
}

export interface MinutesRecords {
  meeting: StoredRecord;
  /** Attendance, agenda and Minutes rows naming the meeting (by ID or title). */
  attendance: readonly StoredRecord[];
  agenda: readonly StoredRecord[];
  lines: readonly StoredRecord[];
  /** Actions records whose source meeting is this one. */
  actions: readonly StoredRecord[];
  /** The other meetings of its series and their Actions records (for the review); empty outside a series. */
  seriesMeetings: readonly StoredRecord[];
  seriesActions: readonly StoredRecord[];
  /** Lower-case e-mail → People row, for every address the records name. */
  people: ReadonlyMap<string, MinutesPersonEntry>;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Every e-mail address the records name, for the adapter's one People lookup. */
export function namedAddresses(records: Omit<MinutesRecords, 'people'>): string[] {
  const cells = [
    records.meeting.data.host,
    records.meeting.data.recorder,
    ...records.attendance.flatMap((r) => [r.data.person, r.data.substitute]),
    ...records.agenda.map((r) => r.data.presenter),
    ...records.lines.map((r) => r.data.owner),
    ...records.actions.map((r) => r.data.owner),
    ...records.seriesActions.map((r) => r.data.owner),
  ];
  return [...new Set(cells.map(rosterEmail).filter((e): e is string => e !== undefined))];
}

export function minutesFactsFrom(records: MinutesRecords): { facts: MinutesFacts; recipients: string[] } {
  const person = (value: unknown): MinutesPerson | undefined => {
    const email = rosterEmail(value);
    if (!email) return text(value) ? { email: '', name: text(value)! } : undefined;
    return { email, name: records.people.get(email)?.name ?? email };
  };
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  const { meeting } = records;
  const meetingId = meeting.id;
  const attendance = rowsOfMeeting(
    records.attendance.map((r) => ({ ...r, meeting: r.data.meeting })),
    meetingId,
  );
  const agenda = rowsOfMeeting(
    records.agenda.map((r) => ({ ...r, meeting: r.data.meeting })),
    meetingId,
  );
  const lines = rowsOfMeeting(
    records.lines.map((r) => ({ ...r, meeting: r.data.meeting })),
    meetingId,
  );

  const attendees: MinutesAttendee[] = attendance
    .filter((r) => person(r.data.person))
    .map((r) => ({
      person: person(r.data.person)!,
      ...optional('role', text(r.data.role)),
      ...optional('result', text(r.data.result)),
      ...optional('substitute', person(r.data.substitute)),
    }));
  const agendaItems: MinutesAgendaItem[] = agenda.map((r) => ({
    id: r.id,
    order: typeof r.data.order === 'number' ? r.data.order : 0,
    topic: text(r.data.topic) ?? '',
    ...optional('presenter', person(r.data.presenter)),
  }));
  const minutesLines: MinutesLine[] = lines
    .filter((r) => ['discussion', 'decision', 'action'].includes(String(r.data.kind)) && text(r.data.text))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((r) => ({
      id: r.id,
      kind: r.data.kind as MinutesLine['kind'],
      text: text(r.data.text)!,
      ...optional('agendaItem', text(r.data.agendaItem)),
      ...optional('owner', person(r.data.owner)),
      ...optional('due', text(r.data.due)),
    }));
  const toAction = (r: StoredRecord): MinutesAction & CarryOverAction => ({
    id: r.id,
    text: text(r.data.text) ?? '',
    ...optional('owner', person(r.data.owner)),
    ...optional('due', text(r.data.due)),
    ...optional('state', text(r.data.state)),
    ...optional('sourceMeeting', text(r.data.sourceMeeting)),
  });
  const carryMeeting = (r: StoredRecord) => ({
    id: r.id,
    start: text(r.data.start) ?? '',
    ...optional('series', text(r.data.series)),
  });
  const titles = new Map(records.seriesMeetings.map((r) => [r.id, text(r.data.title) ?? r.id]));
  const review = carriedOverActions(
    carryMeeting(meeting),
    records.seriesMeetings.map(carryMeeting),
    records.seriesActions.map(toAction),
  ).map((action) => ({ ...action, ...optional('sourceTitle', titles.get(action.sourceMeeting ?? '')) }));

  const facts: MinutesFacts = {
    meeting: {
      id: meetingId,
      title: text(meeting.data.title) ?? meetingId,
      start: text(meeting.data.start) ?? '',
      end: text(meeting.data.end) ?? '',
      ...optional('type', text(meeting.data.type)),
      ...optional('venue', text(meeting.data.venue)),
      ...optional('host', person(meeting.data.host)),
      ...optional('recorder', person(meeting.data.recorder)),
    },
    attendees,
    agenda: agendaItems,
    lines: minutesLines,
    actions: records.actions.map(toAction).sort((a, b) => a.id.localeCompare(b.id)),
    review,
  };
  const named = [
    // Everyone on the roster, people on approved leave included: they too need to know what was decided.
    ...rosterEntries(
      attendance.map((r) => ({
        person: r.data.person,
        leaveApproved: r.data.leaveApproved,
        substitute: r.data.substitute,
      })),
      { host: meeting.data.host, recorder: meeting.data.recorder },
    ).map((entry) => entry.email),
    rosterEmail(meeting.data.host),
    rosterEmail(meeting.data.recorder),
    ...attendance.map((r) => rosterEmail(r.data.substitute)),
  ];
  const recipients = [...new Set(named.filter((e): e is string => e !== undefined))]
    .filter((email) => records.people.get(email)?.active === true)
    .sort();
  return { facts, recipients };
}
