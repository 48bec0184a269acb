// What the edit-time rules read beyond the edited rows, through the records layer (firestore-records.ts):
// the Meetings rules (the named hosts' and recorders' People rows, the rosters of the edited meetings), the
// Agenda rules (the named meetings' times and saved agenda items), the Attendance rules (the named meetings,
// the people's managers, saved leave state, who checked in) and the "Send notice now" permission rule. Reads
// grow with the rows in the edit, never with the size of the tabs. People are found by the same lookup the
// tick uses, so edit time and tick time see the same managers.
import {
  type MinutesLockContext,
  minutesLockLineIds,
  minutesLockMeetingIds,
} from '../domain/minutes/minutes-edit-checks.ts';
import { type MinutesState, linesLocked } from '../domain/minutes/minutes-confirmation-rules.ts';
import { MINUTES_STATES } from './firestore-minutes.ts';
import type { AttendanceContext } from '../domain/attendance/attendance-edit-checks.ts';
import { attendanceReferences } from '../domain/attendance/attendance-edit-checks.ts';
import { type AgendaContext, agendaMeetingIds } from '../domain/meetings/agenda-edit-checks.ts';
import type { AgendaTimingItem } from '../domain/meetings/agenda-timing.ts';
import { type MeetingContext, meetingPeopleEmails } from '../domain/meetings/meeting-edit-checks.ts';
import { type NoticePermissionFacts, normalizeEmail } from '../domain/meetings/notice-permission.ts';
import {
  type PersonRole,
  type RowChange,
  normalizedEmail,
  permissionNeeds,
} from '../domain/workbook/edit-permissions.ts';
import type { PermissionContext } from '../domain/workbook/permission-edit-checks.ts';
import { type ReferenceContext, referenceNeeds } from '../domain/workbook/reference-edit-checks.ts';
import type { SheetEditPlan } from '../domain/workbook/sheet-edit-plan.ts';
import { readAttendancePolicy } from '../domain/workbook/workbook-settings.ts';
import type { RuleContext } from '../ports/edit-ports.ts';
import type { NoticePermissions } from '../ports/meeting-ports.ts';
import { type FirestoreRecords, recordData } from './firestore-records.ts';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

export class FirestoreRuleContext implements RuleContext, NoticePermissions {
  constructor(private readonly records: FirestoreRecords) {}

  /** One batched read per referenced tab, all at once; nothing is read for a tab the rows do not name. */
  async referenceContext(spreadsheetId: string, plan: SheetEditPlan): Promise<ReferenceContext> {
    const needs = referenceNeeds(plan);
    const [people, meetings, agendaItems, customers, holders] = await Promise.all([
      this.records.peopleByEmail(spreadsheetId, needs.people),
      this.records.liveByIds(spreadsheetId, 'meetings', needs.meetings),
      this.records.liveByIds(spreadsheetId, 'agendaItems', needs.agendaItems),
      this.records.liveByIds(spreadsheetId, 'customers', needs.customers),
      needs.keyLookup
        ? this.records.liveWhereIn(
            spreadsheetId,
            needs.keyLookup.collection,
            `data.${needs.keyLookup.field}`,
            needs.keyLookup.values,
          )
        : Promise.resolve([]),
    ]);
    const active = new Map<string, { active: boolean }>();
    // An address on several rows (a duplicate the natural-key check now refuses) counts as active if one row is.
    for (const person of people)
      active.set(person.email, { active: person.active || active.get(person.email)?.active === true });
    return {
      people: active,
      meetings: new Set(meetings.keys()),
      agendaItems: new Set(agendaItems.keys()),
      agendaMeetings: new Map(
        [...agendaItems].flatMap(([id, doc]) => {
          const meeting = recordData(doc).meeting;
          return typeof meeting === 'string' ? [[id, meeting] as const] : [];
        }),
      ),
      customers: new Set(customers.keys()),
      keyHolders: holders.map((doc) => ({
        id: doc.id,
        sheetRow: (doc.get('sheetRow') as number | null | undefined) ?? null,
        data: recordData(doc),
      })),
    };
  }

  async meetingContext(spreadsheetId: string, plan: SheetEditPlan): Promise<MeetingContext> {
    const people = new Map<string, { active?: boolean }>();
    for (const person of await this.records.peopleByEmail(spreadsheetId, meetingPeopleEmails(plan))) {
      people.set(person.email, person.active ? { active: true } : { active: false });
    }
    const rosters = new Map<string, string[]>();
    const meetingIds = [...new Set(plan.rows.map((r) => r.sheetId).filter((id): id is string => !!id))];
    for (const doc of await this.records.attendanceOf(spreadsheetId, meetingIds)) {
      const { meeting, person } = recordData(doc) as { meeting: string; person?: string };
      if (!person) continue;
      rosters.set(meeting, [...(rosters.get(meeting) ?? []), person]);
    }
    return { people, rosters };
  }

  async minutesLockContext(spreadsheetId: string, plan: SheetEditPlan): Promise<MinutesLockContext> {
    const lineIds = minutesLockLineIds(plan);
    const saved = new Map<string, Record<string, unknown>>();
    for (const [id, snap] of await this.records.liveByIds(spreadsheetId, 'minutes', lineIds))
      saved.set(id, recordData(snap));
    const meetingIds = [
      ...new Set([
        ...minutesLockMeetingIds(plan),
        ...[...saved.values()].map((d) => d.meeting).filter((m): m is string => typeof m === 'string'),
      ]),
    ];
    return { locked: await this.lockedMinutes(spreadsheetId, meetingIds), saved };
  }

  async lockedMinutes(spreadsheetId: string, meetingIds: readonly string[]): Promise<Map<string, number>> {
    const ids = [...new Set(meetingIds)].filter((id) => id !== '' && !id.includes('/'));
    const locked = new Map<string, number>();
    if (ids.length === 0) return locked;
    const states = this.records.collection(spreadsheetId, MINUTES_STATES);
    for (const snap of await this.records.db.getAll(...ids.map((id) => states.doc(id)))) {
      const state = snap.exists ? (snap.get('state') as MinutesState | undefined) : undefined;
      if (state && linesLocked(state)) locked.set(snap.id, state.version);
    }
    return locked;
  }

  async agendaContext(spreadsheetId: string, plan: SheetEditPlan): Promise<AgendaContext> {
    const ids = agendaMeetingIds(plan).filter((id) => !id.includes('/'));
    const meetings = new Map<string, { start: string; end: string }>();
    const savedItems = new Map<string, Array<AgendaTimingItem & { id: string }>>();
    if (ids.length === 0) return { meetings, savedItems };
    for (const [id, snap] of await this.records.liveMeetingsByIds(spreadsheetId, ids)) {
      const data = recordData(snap) as { start: string; end: string };
      meetings.set(id, { start: data.start, end: data.end });
    }
    for (const doc of await this.records.agendaOf(spreadsheetId, ids)) {
      const data = recordData(doc) as {
        meeting: string;
        order: number;
        topic: string;
        minutesAllotted?: number;
        materialDue?: string;
      };
      const item = {
        id: doc.id,
        order: data.order,
        topic: data.topic,
        ...(data.minutesAllotted !== undefined ? { minutesAllotted: data.minutesAllotted } : {}),
        ...(data.materialDue ? { materialDue: data.materialDue } : {}),
      };
      savedItems.set(data.meeting, [...(savedItems.get(data.meeting) ?? []), item]);
    }
    return { meetings, savedItems };
  }

  async attendanceContext(spreadsheetId: string, plan: SheetEditPlan): Promise<AttendanceContext> {
    const references = attendanceReferences(plan);
    const meetingIds = references.meetings.filter((id) => id !== '' && !id.includes('/'));
    const meetings = new Map<string, { start: string; end: string; host?: string }>();
    for (const [id, snap] of await this.records.liveMeetingsByIds(spreadsheetId, meetingIds)) {
      const data = recordData(snap) as { start: string; end: string; host?: string };
      meetings.set(id, { start: data.start, end: data.end, ...(data.host ? { host: data.host } : {}) });
    }
    const managers = new Map<string, string | undefined>();
    for (const person of await this.records.peopleByEmail(spreadsheetId, references.people))
      managers.set(person.email, person.manager);
    const saved = new Map<string, { leaveRequestedAt?: string; leaveApproved?: boolean; leaveApprovedBy?: string }>();
    const checkedIn = new Map<string, Set<string>>();
    for (const doc of await this.records.attendanceOf(spreadsheetId, meetingIds)) {
      const data = recordData(doc) as {
        meeting: string;
        person: string;
        checkIn?: string;
        leaveRequestedAt?: string;
        leaveApproved?: boolean;
        leaveApprovedBy?: string;
      };
      saved.set(doc.id, {
        ...(data.leaveRequestedAt ? { leaveRequestedAt: data.leaveRequestedAt } : {}),
        ...(data.leaveApproved !== undefined ? { leaveApproved: data.leaveApproved } : {}),
        ...(data.leaveApprovedBy ? { leaveApprovedBy: data.leaveApprovedBy } : {}),
      });
      if (data.checkIn)
        checkedIn.set(data.meeting, new Set([...(checkedIn.get(data.meeting) ?? []), data.person.toLowerCase()]));
    }
    // Grace minutes from the Settings tab (kept on the workbook document with the other reminder settings).
    const policy = readAttendancePolicy((await this.records.workbook(spreadsheetId).get()).data() ?? {});
    return { meetings, managers, saved, checkedIn, policy };
  }

  /**
   * The editor's live People rows, the managers of the people the grants name, the host and recorder of the
   * meetings they name (and the hosts' managers), and whether any active admin exists: reads grow with the rows.
   */
  async permissionContext(
    spreadsheetId: string,
    editor: string,
    tab: SheetEditPlan['tab']['key'],
    rows: readonly RowChange[],
  ): Promise<PermissionContext> {
    const email = normalizedEmail(editor);
    const needs = permissionNeeds(tab, rows);
    const [admins, editorRows, meetingSnaps] = await Promise.all([
      this.records.liveWhereIn(spreadsheetId, 'people', 'data.role', ['admin']),
      email === '' ? Promise.resolve([]) : this.records.peopleByEmail(spreadsheetId, [email]),
      this.records.liveMeetingsByIds(spreadsheetId, needs.meetings),
    ]);
    const meetings = new Map<string, { host?: string; recorder?: string }>();
    for (const [id, snap] of meetingSnaps) {
      const data = recordData(snap);
      const host = text(data.host);
      const recorder = text(data.recorder);
      meetings.set(id, { ...(host ? { host } : {}), ...(recorder ? { recorder } : {}) });
    }
    const hosts = needs.meetingHostsManagers ? [...meetings.values()].map((m) => normalizedEmail(m.host)) : [];
    const named = [...new Set([...needs.people, ...hosts].filter((e) => e !== ''))];
    const managers = new Map<string, string | undefined>();
    for (const person of await this.records.peopleByEmail(spreadsheetId, named))
      if (person.active) managers.set(person.email, text(person.manager));
    const active = editorRows.filter((row) => row.active);
    return {
      editor: email,
      editorKnown: active.length > 0,
      editorRoles: new Set(active.map((row) => row.role).filter((role): role is PersonRole => !!role)),
      meetings,
      managers,
      workbookHasAdmin: admins.some((doc) => recordData(doc).active !== false),
    };
  }

  /** The meeting's Host and Recorder as saved, the host's Manager, and the editor's own People rows. */
  async factsFor(workbookId: string, meetingId: string, editor: string): Promise<NoticePermissionFacts | undefined> {
    const meeting = (await this.records.liveMeetingsByIds(workbookId, [meetingId])).get(meetingId);
    if (!meeting) return undefined;
    const data = recordData(meeting);
    const host = text(data.host);
    const recorder = text(data.recorder);
    const editorEmail = normalizeEmail(editor);
    const hostEmail = normalizeEmail(host);
    const emails = [editorEmail, hostEmail].filter((e) => e.includes('@'));
    let hostManager: string | undefined;
    const editorRows: Array<{ role?: string; active: boolean }> = [];
    for (const person of await this.records.peopleByEmail(workbookId, emails)) {
      if (person.email === hostEmail) hostManager ??= text(person.manager);
      if (person.email === editorEmail)
        editorRows.push({ ...(person.role ? { role: person.role } : {}), active: person.active });
    }
    return {
      editor,
      ...(host ? { host } : {}),
      ...(recorder ? { recorder } : {}),
      ...(hostManager ? { hostManager } : {}),
      editorRows,
    };
  }
}
