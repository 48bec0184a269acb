// Who may change which columns of which tab (issue 13, authorization): per tab × role × column, on records as the
// store keeps them. Only changed columns are judged; who holds a saved row is read from the saved record.
import { describe, expect, it } from 'vitest';
import {
  type PermissionFacts,
  type PersonRole,
  type RowChange,
  changedColumns,
  decideRowPermission,
  permissionNeeds,
} from '../../../functions/src/domain/workbook/edit-permissions.ts';
import {
  type PermissionContext,
  applyPermissionChecks,
} from '../../../functions/src/domain/workbook/permission-edit-checks.ts';
import { type SheetEditPlan, buildRowResults } from '../../../functions/src/domain/workbook/sheet-edit-plan.ts';
import { type TabKey, type TabSpec, getTab } from '../../../functions/src/domain/workbook/workbook-schema.ts';

// The team: an admin, a manager over two reps, a service doctor and a staff member. Meeting M1 is hosted by rep1
// (whose manager is boss) and recorded by staff.
const ROLES: Record<string, PersonRole> = {
  'admin@x.cn': 'admin',
  'boss@x.cn': 'manager',
  'rep1@x.cn': 'rep',
  'rep2@x.cn': 'rep',
  'doc@x.cn': 'doctor',
  'staff@x.cn': 'staff',
};
const MANAGERS = new Map<string, string | undefined>([
  ['rep1@x.cn', 'boss@x.cn'],
  ['rep2@x.cn', 'boss@x.cn'],
  ['doc@x.cn', 'boss@x.cn'],
  ['staff@x.cn', 'boss@x.cn'],
]);
const MEETINGS = new Map([['M1', { host: 'rep1@x.cn', recorder: 'staff@x.cn' }]]);

function facts(editor: string): PermissionFacts {
  const role = ROLES[editor];
  return {
    editor,
    editorKnown: role !== undefined,
    editorRoles: new Set(role ? [role] : []),
    meetings: MEETINGS,
    managers: MANAGERS,
  };
}

const tab = (key: TabKey) => getTab(key) as TabSpec & { key: TabKey };

interface Case {
  tab: TabKey;
  editor: string;
  /** The saved record (absent: a new row). */
  before?: Record<string, unknown>;
  /** The changed values (merged over `before`). */
  change: Record<string, unknown>;
  /** The columns refused, or [] when the change is allowed. */
  refused: string[];
  why: string;
}

const customer = {
  name: '张三',
  phone: '+8613800138000',
  collectedBy: 'rep1@x.cn',
  owner: 'rep1@x.cn',
  eventDate: '2027-03-01',
};
const attendanceRow = { meeting: 'M1', person: 'rep2@x.cn', role: 'participant' };
const action = { sourceMeeting: 'M1', text: 'Call the dealer', owner: 'rep2@x.cn', due: '2027-03-20', state: 'open' };
const meeting = { type: 'adHoc', title: 'Plan', start: 'x', end: 'y', host: 'rep1@x.cn', recorder: 'staff@x.cn' };

const CASES: Case[] = [
  // People: admins only, but a person may fix their own name and mail language.
  {
    tab: 'people',
    editor: 'admin@x.cn',
    before: { email: 'rep1@x.cn', role: 'rep' },
    change: { role: 'manager' },
    refused: [],
    why: 'admin',
  },
  {
    tab: 'people',
    editor: 'rep1@x.cn',
    before: { email: 'rep1@x.cn', name: 'A' },
    change: { name: 'B', language: 'en' },
    refused: [],
    why: 'own name',
  },
  {
    tab: 'people',
    editor: 'rep1@x.cn',
    before: { email: 'rep1@x.cn', role: 'rep' },
    change: { role: 'admin' },
    refused: ['role'],
    why: 'own role',
  },
  {
    tab: 'people',
    editor: 'boss@x.cn',
    before: { email: 'rep1@x.cn', manager: 'boss@x.cn' },
    change: { capacity: 40 },
    refused: ['capacity'],
    why: 'manager is not admin',
  },
  {
    tab: 'people',
    editor: 'rep1@x.cn',
    before: { email: 'rep2@x.cn', name: 'A' },
    change: { name: 'B' },
    refused: ['name'],
    why: "another's name",
  },
  {
    tab: 'people',
    editor: 'rep1@x.cn',
    change: { email: 'new@x.cn', name: 'N', role: 'rep' },
    refused: ['email', 'name', 'role'],
    why: 'new person',
  },
  // Meetings: host, recorder, the host's manager, admin.
  { tab: 'meetings', editor: 'rep1@x.cn', before: meeting, change: { venue: 'Room 2' }, refused: [], why: 'host' },
  { tab: 'meetings', editor: 'staff@x.cn', before: meeting, change: { title: 'Plan B' }, refused: [], why: 'recorder' },
  {
    tab: 'meetings',
    editor: 'boss@x.cn',
    before: meeting,
    change: { host: 'rep2@x.cn' },
    refused: [],
    why: "host's manager",
  },
  { tab: 'meetings', editor: 'admin@x.cn', before: meeting, change: { budget: 100 }, refused: [], why: 'admin' },
  {
    tab: 'meetings',
    editor: 'rep2@x.cn',
    before: meeting,
    change: { venue: 'Room 9' },
    refused: ['venue'],
    why: 'not the organiser',
  },
  {
    tab: 'meetings',
    editor: 'rep2@x.cn',
    before: meeting,
    change: { host: 'rep2@x.cn' },
    refused: ['host'],
    why: 'cannot take a meeting over',
  },
  {
    tab: 'meetings',
    editor: 'rep2@x.cn',
    change: { ...meeting, host: 'rep2@x.cn' },
    refused: [],
    why: 'new meeting they host',
  },
  { tab: 'meetings', editor: 'doc@x.cn', change: meeting, refused: Object.keys(meeting), why: 'new meeting of others' },
  // Agenda: the meeting's organisers; a presenter hands in their material.
  {
    tab: 'agenda',
    editor: 'doc@x.cn',
    before: { meeting: 'M1', order: 1, topic: 'T', presenter: 'doc@x.cn' },
    change: { materialLink: 'https://d/x' },
    refused: [],
    why: 'presenter material',
  },
  {
    tab: 'agenda',
    editor: 'doc@x.cn',
    before: { meeting: 'M1', order: 1, topic: 'T', presenter: 'doc@x.cn' },
    change: { topic: 'U' },
    refused: ['topic'],
    why: 'presenter topic',
  },
  {
    tab: 'agenda',
    editor: 'boss@x.cn',
    before: { meeting: 'M1', order: 1, topic: 'T' },
    change: { topic: 'U' },
    refused: [],
    why: "host's manager",
  },
  // Attendance: own check-in and leave; approval by the host or the person's manager.
  {
    tab: 'attendance',
    editor: 'rep2@x.cn',
    before: attendanceRow,
    change: { checkIn: '2027-03-09T09:00:00+08:00' },
    refused: [],
    why: 'own check-in',
  },
  {
    tab: 'attendance',
    editor: 'rep2@x.cn',
    before: attendanceRow,
    change: { leaveRequested: true, substitute: 'doc@x.cn' },
    refused: [],
    why: 'own leave request',
  },
  {
    tab: 'attendance',
    editor: 'rep2@x.cn',
    before: attendanceRow,
    change: { leaveApproved: true },
    refused: ['leaveApproved'],
    why: 'own approval',
  },
  {
    tab: 'attendance',
    editor: 'boss@x.cn',
    before: attendanceRow,
    change: { leaveApproved: true },
    refused: [],
    why: "person's manager approves",
  },
  {
    tab: 'attendance',
    editor: 'boss@x.cn',
    before: attendanceRow,
    change: { checkIn: 'x' },
    refused: ['checkIn'],
    why: 'manager is no check-in desk',
  },
  {
    tab: 'attendance',
    editor: 'rep1@x.cn',
    before: attendanceRow,
    change: { leaveApproved: true },
    refused: [],
    why: 'host approves',
  },
  {
    tab: 'attendance',
    editor: 'staff@x.cn',
    before: attendanceRow,
    change: { leaveApproved: true },
    refused: ['leaveApproved'],
    why: 'recorder does not approve',
  },
  {
    tab: 'attendance',
    editor: 'staff@x.cn',
    before: attendanceRow,
    change: { checkIn: 'x' },
    refused: [],
    why: 'recorder takes check-ins',
  },
  {
    tab: 'attendance',
    editor: 'doc@x.cn',
    before: attendanceRow,
    change: { checkIn: 'x' },
    refused: ['checkIn'],
    why: "another's check-in",
  },
  {
    tab: 'attendance',
    editor: 'staff@x.cn',
    change: { ...attendanceRow, person: 'doc@x.cn' },
    refused: [],
    why: 'recorder adds to roster',
  },
  {
    tab: 'attendance',
    editor: 'rep2@x.cn',
    change: attendanceRow,
    refused: ['meeting', 'person', 'role'],
    why: 'roster is the host’s',
  },
  // Minutes: recorder, host, admin.
  {
    tab: 'minutes',
    editor: 'staff@x.cn',
    before: { meeting: 'M1', kind: 'decision', text: 'A' },
    change: { text: 'B' },
    refused: [],
    why: 'recorder',
  },
  {
    tab: 'minutes',
    editor: 'rep1@x.cn',
    before: { meeting: 'M1', kind: 'decision', text: 'A' },
    change: { text: 'B' },
    refused: [],
    why: 'host',
  },
  {
    tab: 'minutes',
    editor: 'boss@x.cn',
    before: { meeting: 'M1', kind: 'decision', text: 'A' },
    change: { text: 'B' },
    refused: ['text'],
    why: 'confirmed minutes are the recorder’s',
  },
  {
    tab: 'minutes',
    editor: 'rep2@x.cn',
    change: { meeting: 'M1', kind: 'discussion', text: 'C' },
    refused: ['meeting', 'kind', 'text'],
    why: 'participant',
  },
  // Actions: the owner reports progress; host, recorder, owner's manager assign.
  {
    tab: 'actions',
    editor: 'rep2@x.cn',
    before: action,
    change: { state: 'done', progressNote: 'called' },
    refused: [],
    why: 'owner progress',
  },
  {
    tab: 'actions',
    editor: 'rep2@x.cn',
    before: action,
    change: { due: '2027-04-30' },
    refused: ['due'],
    why: 'owner moves deadline',
  },
  {
    tab: 'actions',
    editor: 'boss@x.cn',
    before: action,
    change: { due: '2027-04-30' },
    refused: [],
    why: "owner's manager",
  },
  {
    tab: 'actions',
    editor: 'rep1@x.cn',
    before: action,
    change: { owner: 'doc@x.cn' },
    refused: [],
    why: 'source meeting host',
  },
  {
    tab: 'actions',
    editor: 'doc@x.cn',
    before: action,
    change: { state: 'done' },
    refused: ['state'],
    why: 'not involved',
  },
  // Customers (seed 001): managers assign; a rep keeps their own customers but never the Owner column.
  {
    tab: 'customers',
    editor: 'rep1@x.cn',
    before: customer,
    change: { phone: '+8613900139000' },
    refused: [],
    why: 'own customer',
  },
  {
    tab: 'customers',
    editor: 'rep2@x.cn',
    before: customer,
    change: { phone: '+8613900139000' },
    refused: ['phone'],
    why: "another rep's customer",
  },
  {
    tab: 'customers',
    editor: 'rep2@x.cn',
    before: customer,
    change: { collectedBy: 'rep2@x.cn' },
    refused: ['collectedBy'],
    why: 'cannot claim by typing',
  },
  { tab: 'customers', editor: 'boss@x.cn', before: customer, change: { region: '海淀' }, refused: [], why: 'manager' },
  {
    tab: 'customers',
    editor: 'rep2@x.cn',
    before: customer,
    change: { region: '海淀' },
    refused: ['region'],
    why: 'rep',
  },
  {
    tab: 'customers',
    editor: 'rep1@x.cn',
    change: { name: '李四', phone: '+8613700137000', collectedBy: 'rep1@x.cn' },
    refused: [],
    why: 'new, collected by self',
  },
  {
    tab: 'customers',
    editor: 'rep1@x.cn',
    change: { name: '李四', collectedBy: 'rep2@x.cn' },
    refused: ['name', 'collectedBy'],
    why: "new, another's",
  },
  {
    tab: 'customers',
    editor: 'staff@x.cn',
    before: { ...customer, owner: 'staff@x.cn' },
    change: { purchased: true },
    refused: [],
    why: 'owner',
  },
  // Seed 001 assignment: managers (and admins) set Owner; at intake it is the collector, which needs no grant.
  {
    tab: 'customers',
    editor: 'rep1@x.cn',
    before: customer,
    change: { owner: 'rep2@x.cn' },
    refused: ['owner'],
    why: 'a rep hands a customer on',
  },
  {
    tab: 'customers',
    editor: 'staff@x.cn',
    before: { ...customer, owner: 'staff@x.cn' },
    change: { owner: 'rep1@x.cn' },
    refused: ['owner'],
    why: 'the owner gives it back',
  },
  {
    tab: 'customers',
    editor: 'boss@x.cn',
    before: customer,
    change: { owner: 'rep2@x.cn' },
    refused: [],
    why: 'assign',
  },
  {
    tab: 'customers',
    editor: 'rep1@x.cn',
    change: { name: '李四', collectedBy: 'rep1@x.cn', owner: 'rep1@x.cn' },
    refused: [],
    why: 'new, owned by its collector',
  },
  {
    tab: 'customers',
    editor: 'rep1@x.cn',
    change: { name: '李四', collectedBy: 'rep1@x.cn', owner: 'rep2@x.cn' },
    refused: ['owner'],
    why: 'new, given to another',
  },
  {
    tab: 'customers',
    editor: 'rep1@x.cn',
    before: { name: '张三', collectedBy: 'rep1@x.cn' },
    change: { owner: 'rep1@x.cn', region: '海淀' },
    refused: [],
    why: 'saved before Owner was typed: its default is no change',
  },
  // Visits: the visitor or planner; managers.
  {
    tab: 'visits',
    editor: 'rep1@x.cn',
    before: { customer: 'C1', visitor: 'rep1@x.cn' },
    change: { notes: 'ok' },
    refused: [],
    why: 'visitor',
  },
  {
    tab: 'visits',
    editor: 'rep2@x.cn',
    before: { customer: 'C1', visitor: 'rep1@x.cn' },
    change: { notes: 'ok' },
    refused: ['notes'],
    why: "another's visit",
  },
  {
    tab: 'visits',
    editor: 'boss@x.cn',
    before: { customer: 'C1', visitor: 'rep1@x.cn' },
    change: { visitor: 'rep2@x.cn' },
    refused: [],
    why: 'manager',
  },
  // Feedback: the person's own, or the meeting's organisers.
  {
    tab: 'feedback',
    editor: 'rep2@x.cn',
    before: { meeting: 'M1', person: 'rep2@x.cn', satisfaction: 3 },
    change: { satisfaction: 5 },
    refused: [],
    why: 'own',
  },
  {
    tab: 'feedback',
    editor: 'doc@x.cn',
    before: { meeting: 'M1', person: 'rep2@x.cn', satisfaction: 3 },
    change: { satisfaction: 1 },
    refused: ['satisfaction'],
    why: "another's",
  },
  // Targets: managers and admins. Settings: admins.
  {
    tab: 'targets',
    editor: 'boss@x.cn',
    change: { person: 'rep1@x.cn', month: '2027-03', target: 10 },
    refused: [],
    why: 'manager sets',
  },
  {
    tab: 'targets',
    editor: 'rep1@x.cn',
    before: { person: 'rep1@x.cn', month: '2027-03', target: 10 },
    change: { target: 1 },
    refused: ['target'],
    why: 'rep lowers own',
  },
  {
    tab: 'settings',
    editor: 'admin@x.cn',
    before: { setting: 'digestTime', value: '08:00' },
    change: { value: '09:00' },
    refused: [],
    why: 'admin',
  },
  {
    tab: 'settings',
    editor: 'boss@x.cn',
    before: { setting: 'digestTime', value: '08:00' },
    change: { value: '09:00' },
    refused: ['value'],
    why: 'manager',
  },
];

describe('edit permissions per tab × role × column', () => {
  it.each(CASES.map((c) => [`${c.tab}: ${c.editor} (${c.why})`, c] as const))('%s', (_name, c) => {
    const change: RowChange = c.before
      ? { before: c.before, after: { ...c.before, ...c.change } }
      : { after: c.change };
    const decision = decideRowPermission(tab(c.tab), change, facts(c.editor));
    if (c.refused.length === 0) expect(decision).toEqual({ ok: true });
    else {
      expect(decision.ok).toBe(false);
      if (!decision.ok) expect([...decision.columns].sort()).toEqual([...c.refused].sort());
    }
  });

  it('judges only changed columns: an unchanged row of someone else is no change at all', () => {
    const change = { before: customer, after: { ...customer } };
    expect(changedColumns(tab('customers'), change)).toEqual([]);
    expect(decideRowPermission(tab('customers'), change, facts('rep2@x.cn'))).toEqual({ ok: true });
    // Blank and absent are the same value.
    expect(changedColumns(tab('customers'), { before: { ...customer, region: '' }, after: customer })).toEqual([]);
  });

  it('admins may change every column of every tab', () => {
    for (const key of ['people', 'meetings', 'agenda', 'attendance', 'minutes', 'actions', 'customers'] as const) {
      const columns = tab(key).columns.filter((c) => !c.system);
      const after = Object.fromEntries(columns.map((c) => [c.key, 'changed']));
      expect(decideRowPermission(tab(key), { before: {}, after }, facts('admin@x.cn'))).toEqual({ ok: true });
    }
  });

  it('says who may, with their addresses, in both languages', () => {
    const decision = decideRowPermission(
      tab('minutes'),
      { before: { meeting: 'M1', text: 'A' }, after: { meeting: 'M1', text: 'B' } },
      facts('rep2@x.cn'),
    );
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.code).toBe('EDIT_NOT_ALLOWED');
    expect(decision.params.who).toEqual({
      en: "an admin, the meeting's recorder (staff@x.cn) or the meeting's host (rep1@x.cn)",
      zh: '管理员、会议记录人 (staff@x.cn)或会议主持人 (rep1@x.cn)',
    });
  });

  it('reads the meetings and people the grants name', () => {
    const needs = permissionNeeds('actions', [
      { before: action, after: { ...action, owner: 'doc@x.cn', sourceMeeting: 'M2' } },
    ]);
    expect(needs.meetings.sort()).toEqual(['M1', 'M2']);
    expect(needs.people.sort()).toEqual(['doc@x.cn', 'rep2@x.cn']);
    expect(permissionNeeds('agenda', [{ after: { meeting: 'M1' } }]).meetingHostsManagers).toBe(true);
  });
});

describe('a planned edit checked against the editor', () => {
  const customers = tab('customers');
  const columns = new Map(['id', 'status', 'name', 'phone', 'collectedBy', 'purchased', 'owner'].map((k, i) => [k, i]));
  const plan = (rows: Array<Record<string, unknown>>): SheetEditPlan => ({
    tab: customers,
    rows: rows.map((data, i) => ({ row: i + 2, sheetId: `C-${i}`, data, messages: [] })),
    notes: [],
    timeZone: 'Asia/Shanghai',
    idColumn: 1,
    statusColumn: 2,
    columns,
  });
  const context = (editor: string, workbookHasAdmin = true): PermissionContext => ({
    ...facts(editor),
    workbookHasAdmin,
  });
  const stored = new Map([[2, { ...customer, purchased: false }]]);

  it('refuses a change, restores the saved values of the refused cells and keeps the row unsaved', () => {
    const checked = applyPermissionChecks(
      plan([{ ...customer, purchased: true, name: '张三丰' }]),
      stored,
      context('rep2@x.cn'),
      'zh',
    );
    const row = checked.rows[0]!;
    expect(row.data).toBeUndefined();
    expect(row.messages.map((m) => m.code)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(row.restore).toEqual({ name: '张三', purchased: '否' });
    const [result] = buildRowResults(checked, new Map([[2, 'C-0']]), 'zh');
    expect(result!.cells).toEqual([
      { column: 1, value: 'C-0' },
      { column: 2, value: expect.stringContaining('rep2@x.cn 无权修改本行的“客户姓名”、“是否购买”') },
      { column: 3, value: '张三' },
      { column: 6, value: '否' },
    ]);
  });

  it('refuses an editor Apps Script could not name, and one not on People, saying how to fix it', () => {
    const change = [{ ...customer, purchased: true }];
    const unknown = applyPermissionChecks(plan(change), stored, context(''), 'en').rows[0]!;
    expect(unknown.messages[0]!.code).toBe('EDITOR_UNKNOWN');
    expect(unknown.messages[0]!.en).toContain('same Google Workspace domain');
    expect(unknown.messages[0]!.zh).toContain('同一 Google Workspace 域');
    expect(unknown.restore).toEqual({ purchased: 'no' });
    const stranger = applyPermissionChecks(plan(change), stored, context('guest@gmail.com'), 'en').rows[0]!;
    expect(stranger.messages[0]!.code).toBe('EDITOR_NOT_ON_PEOPLE');
    expect(stranger.messages[0]!.en).toContain('guest@gmail.com');
    // Nothing changed: nobody needs to be known.
    const resync = applyPermissionChecks(plan([{ ...customer, purchased: false }]), stored, context(''), 'en');
    expect(resync.rows[0]!.data).toBeDefined();
  });

  it('keeps a refused new row as typed: nothing is restored', () => {
    const row = applyPermissionChecks(
      plan([{}, { name: '王五', collectedBy: 'rep1@x.cn' }]),
      stored,
      context('rep2@x.cn'),
      'en',
    ).rows[1]!;
    expect(row.messages[0]!.code).toBe('EDIT_ROW_NOT_ALLOWED');
    expect(row.restore).toBeUndefined();
  });

  it('allows every edit until the People tab has an active admin (a new workbook being set up)', () => {
    const checked = applyPermissionChecks(plan([{ ...customer, name: 'X' }]), stored, context('', false), 'en');
    expect(checked.rows[0]!.data).toBeDefined();
  });
});
