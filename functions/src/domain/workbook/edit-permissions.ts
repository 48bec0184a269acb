// Who may change what, per tab. The editor's e-mail (as the signed request names it) maps to their live rows on
// the People tab and to the people and meetings a row names; each tab grants columns to roles (People "Role")
// and to relations with the row (the row's host, the person it is about, that person's manager...). Only
// changed values are judged: a resync that carries other people's unchanged rows refuses nothing, and a row is
// refused only for the columns the editor changed without a grant. Pure: the workflow loads the facts.
//
// Who holds a row is read from the stored record, not from what was typed: a rep cannot take over a colleague's
// customer by typing their own address into "Collected by". A new row has no stored record, so its own values
// decide (a rep adds a customer they collected; a host adds a meeting they host).
import type { MessageParams } from '../messages.ts';
import { joinLocalized, type Localized } from '../messages.ts';
import type { ROLE_OPTIONS, TabKey, TabSpec } from './workbook-schema.ts';

export type PersonRole = (typeof ROLE_OPTIONS)[number]['key'];

/** Who a grant is for: a People role, or a relation between the editor and the row. */
export type Grantee =
  | { readonly role: 'admin' | 'manager' }
  /** The editor is the person the column names. */
  | { readonly person: string }
  /** The editor is the People "Manager" of the person the column names. */
  | { readonly managerOf: string }
  /** The editor is the host / recorder of the meeting the column names, or the host's manager. */
  | { readonly hostOf: string }
  | { readonly recorderOf: string }
  | { readonly hostManagerOf: string };

export interface Grant {
  readonly to: Grantee;
  /** The columns the grantee may change ('all': every input column). */
  readonly columns: 'all' | readonly string[];
  /** May the grantee add a row (judged on the new row's own values)? */
  readonly create: boolean;
}

const ADMIN: Grant = { to: { role: 'admin' }, columns: 'all', create: true };

/** A customer's input columns a rep keeps up to date: all but the assignment (Owner), which managers make. */
const CUSTOMER_COLUMNS_BUT_OWNER = [
  'name',
  'phone',
  'region',
  'collectedBy',
  'event',
  'eventDate',
  'purchased',
  'archivedOn',
] as const;

/**
 * The table. Admins may change everything everywhere (first grant of every tab); a tab absent here is written by
 * the system only. Deleting a row (a resync that no longer shows it) is judged by the same table: see
 * decideRowDeletion.
 */
export const EDIT_PERMISSIONS: Readonly<Record<Exclude<TabKey, 'summary' | 'outbox'>, readonly Grant[]>> = {
  // The People tab decides every other permission, so only admins change it; a person may fix how their own
  // name is spelled and the language their mail comes in, nothing that would give them rights (role, manager).
  people: [ADMIN, { to: { person: 'email' }, columns: ['name', 'language'], create: false }],
  // A meeting belongs to its organisers (seed 000/002: the host runs it, the recorder keeps its record) and to the
  // host's manager, who answers for the host's meetings; the same people who may "Send notice now".
  meetings: [
    ADMIN,
    { to: { person: 'host' }, columns: 'all', create: true },
    { to: { person: 'recorder' }, columns: 'all', create: true },
    { to: { managerOf: 'host' }, columns: 'all', create: true },
  ],
  // The agenda is the meeting's; a presenter hands in their material (seed 002, 资料提交) on their own item.
  agenda: [
    ADMIN,
    { to: { hostOf: 'meeting' }, columns: 'all', create: true },
    { to: { recorderOf: 'meeting' }, columns: 'all', create: true },
    { to: { hostManagerOf: 'meeting' }, columns: 'all', create: true },
    { to: { person: 'presenter' }, columns: ['materialLink'], create: false },
  ],
  // The roster is the host's and recorder's (the recorder also takes check-ins). A person checks themselves in
  // and out and asks for leave with a substitute; approving a leave is the host's or the person's manager's
  // (seed 002: leave is asked of the host) and never the person's own.
  attendance: [
    ADMIN,
    {
      to: { hostOf: 'meeting' },
      columns: ['meeting', 'person', 'role', 'leaveRequested', 'leaveApproved', 'substitute', 'checkIn', 'checkOut'],
      create: true,
    },
    {
      to: { recorderOf: 'meeting' },
      columns: ['meeting', 'person', 'role', 'substitute', 'checkIn', 'checkOut'],
      create: true,
    },
    { to: { managerOf: 'person' }, columns: ['leaveApproved'], create: false },
    { to: { person: 'person' }, columns: ['leaveRequested', 'substitute', 'checkIn', 'checkOut'], create: false },
  ],
  // Minutes are the recorder's record of the meeting, which the host confirms (seed 002, 记录与跟进): only they
  // (and admins) write or correct them; a participant's objection goes to the recorder.
  minutes: [
    ADMIN,
    { to: { recorderOf: 'meeting' }, columns: 'all', create: true },
    { to: { hostOf: 'meeting' }, columns: 'all', create: true },
  ],
  // An action is assigned by its meeting's host or recorder, or the owner's manager; the owner reports progress
  // (state, progress note) but does not hand the action on or move its deadline.
  actions: [
    ADMIN,
    { to: { hostOf: 'sourceMeeting' }, columns: 'all', create: true },
    { to: { recorderOf: 'sourceMeeting' }, columns: 'all', create: true },
    { to: { managerOf: 'owner' }, columns: 'all', create: true },
    { to: { person: 'owner' }, columns: ['state', 'progressNote'], create: false },
  ],
  // Seed 001: the archive is the managers' (they assign customers: 銷售經理...分配給滿意代表, and see them all); a rep
  // keeps the customers they collected or were given up to date. The assignment itself (Owner) is the managers':
  // a rep can neither move a customer to themselves nor hand one on. At intake the collector owns the customer
  // (Owner defaults to Collected by), which needs no grant (see changedColumns).
  customers: [
    ADMIN,
    { to: { role: 'manager' }, columns: 'all', create: true },
    { to: { person: 'owner' }, columns: CUSTOMER_COLUMNS_BUT_OWNER, create: false },
    { to: { person: 'collectedBy' }, columns: CUSTOMER_COLUMNS_BUT_OWNER, create: true },
  ],
  // A visit is the visitor's; managers plan and review their reps' visits (Planned by is the system's column).
  visits: [
    ADMIN,
    { to: { role: 'manager' }, columns: 'all', create: true },
    { to: { person: 'visitor' }, columns: 'all', create: true },
  ],
  // Feedback is the person's own; the meeting's organisers may enter it for them (a paper form typed in).
  feedback: [
    ADMIN,
    { to: { person: 'person' }, columns: 'all', create: true },
    { to: { hostOf: 'meeting' }, columns: 'all', create: true },
    { to: { recorderOf: 'meeting' }, columns: 'all', create: true },
  ],
  // Targets are set by managers (and the actuals the Summary compares them with).
  targets: [ADMIN, { to: { role: 'manager' }, columns: 'all', create: true }],
  // Settings change every mail and reminder of the workbook: admins only.
  settings: [ADMIN],
};

/** What the rule reads, loaded by the workflow for the edited rows. E-mails normalised (normalizeEmail). */
export interface PermissionFacts {
  /** The editor's e-mail, normalised; '' when Apps Script could not name them. */
  readonly editor: string;
  /** Roles of the editor's active People rows; empty when the editor is not on People. */
  readonly editorRoles: ReadonlySet<PersonRole>;
  /** The editor has an active People row (whatever its role). */
  readonly editorKnown: boolean;
  /** Host and recorder of each meeting the rows name (live records). */
  readonly meetings: ReadonlyMap<string, { readonly host?: string; readonly recorder?: string }>;
  /** Each named person's People "Manager" (e-mails). */
  readonly managers: ReadonlyMap<string, string | undefined>;
}

/** One row to judge: its stored values (undefined for a new row) and the values it would be saved with. */
export interface RowChange {
  readonly before?: Readonly<Record<string, unknown>>;
  readonly after: Readonly<Record<string, unknown>>;
}

export type PermissionDecision =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: 'EDIT_NOT_ALLOWED' | 'EDIT_NEW_COLUMNS_NOT_ALLOWED' | 'EDIT_ROW_NOT_ALLOWED';
      /** The changed columns the editor may not change (all of them for a refused new row). */
      readonly columns: readonly string[];
      readonly params: MessageParams;
    };

export function normalizedEmail(value: unknown): string {
  return typeof value === 'string' ? value.normalize('NFKC').trim().toLowerCase() : '';
}

function sameValue(a: unknown, b: unknown): boolean {
  const blank = (v: unknown) => v === undefined || v === null || v === '';
  if (blank(a) && blank(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The row's values as the change is judged: a column that defaults to another (workbook-schema.ts `defaultFrom`: a
 * customer's Owner is its collector) holds that default where it holds nothing. So on a new row an Owner equal to
 * the collector is the intake rule, not the editor's choice, and a record saved before Owner could be typed
 * changes nothing by having it filled in. `from`: the values the default is read from.
 */
function withDefaults(
  tab: TabSpec,
  values: Readonly<Record<string, unknown>> | undefined,
  from: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> | undefined {
  const defaults = tab.columns.filter((c) => c.defaultFrom !== undefined);
  if (defaults.length === 0) return values;
  const filled: Record<string, unknown> = { ...values };
  for (const column of defaults)
    if (sameValue(filled[column.key], undefined)) filled[column.key] = from[column.defaultFrom!];
  return filled;
}

/** Input columns (not ID, Status or computed ones) whose value the row changes. */
export function changedColumns(tab: TabSpec, change: RowChange, shown?: ReadonlySet<string>): string[] {
  const before = withDefaults(tab, change.before, change.before ?? change.after);
  const after = withDefaults(tab, change.after, change.after)!;
  return tab.columns
    .filter((c) => !c.system && (shown === undefined || shown.has(c.key)))
    .map((c) => c.key)
    .filter((key) => !sameValue(before?.[key], after[key]));
}

function holds(grantee: Grantee, values: Readonly<Record<string, unknown>>, facts: PermissionFacts): boolean {
  const editor = facts.editor;
  const named = (column: string) => normalizedEmail(values[column]);
  const meeting = (column: string) => {
    const id = values[column];
    return typeof id === 'string' ? facts.meetings.get(id) : undefined;
  };
  if ('role' in grantee) return facts.editorRoles.has(grantee.role);
  if ('person' in grantee) return named(grantee.person) === editor;
  if ('managerOf' in grantee) {
    const person = named(grantee.managerOf);
    return person !== '' && normalizedEmail(facts.managers.get(person)) === editor;
  }
  if ('hostOf' in grantee) return normalizedEmail(meeting(grantee.hostOf)?.host) === editor;
  if ('recorderOf' in grantee) return normalizedEmail(meeting(grantee.recorderOf)?.recorder) === editor;
  const host = normalizedEmail(meeting(grantee.hostManagerOf)?.host);
  return host !== '' && normalizedEmail(facts.managers.get(host)) === editor;
}

/** The people and meetings the grants of a tab read, for the rows' before and after values. */
export function permissionNeeds(
  tab: TabKey,
  rows: readonly RowChange[],
): { people: string[]; meetings: string[]; meetingHostsManagers: boolean } {
  const grants = grantsOf(tab);
  const people = new Set<string>();
  const meetings = new Set<string>();
  let meetingHostsManagers = false;
  for (const row of rows) {
    for (const values of [row.before, row.after]) {
      if (!values) continue;
      for (const { to } of grants) {
        if ('managerOf' in to && normalizedEmail(values[to.managerOf]))
          people.add(normalizedEmail(values[to.managerOf]));
        const meetingColumn = 'hostOf' in to ? to.hostOf : 'recorderOf' in to ? to.recorderOf : undefined;
        const hostManager = 'hostManagerOf' in to ? to.hostManagerOf : undefined;
        for (const column of [meetingColumn, hostManager]) {
          const id = column ? values[column] : undefined;
          if (typeof id === 'string' && id.trim() !== '' && !id.includes('/')) meetings.add(id);
        }
        if (hostManager) meetingHostsManagers = true;
      }
    }
  }
  return { people: [...people], meetings: [...meetings], meetingHostsManagers };
}

export function grantsOf(tab: TabKey): readonly Grant[] {
  return (EDIT_PERMISSIONS as Readonly<Record<string, readonly Grant[]>>)[tab] ?? [ADMIN];
}

const ROLE_LABEL: Record<'admin' | 'manager', Localized> = {
  admin: { en: 'an admin', zh: '管理员' },
  manager: { en: 'a manager', zh: '经理' },
};

/** "the meeting's host", "the person in Owner's manager": who a grant is for, in words, with addresses when known. */
function describeGrantee(
  tab: TabSpec,
  grantee: Grantee,
  values: Readonly<Record<string, unknown>>,
  facts: PermissionFacts,
): Localized {
  const header = (key: string): Localized => {
    const column = tab.columns.find((c) => c.key === key);
    return { en: column?.en ?? key, zh: column?.zh ?? key };
  };
  const address = (email: string | undefined) => (email ? ` (${email})` : '');
  const meeting = (column: string) => {
    const id = values[column];
    return typeof id === 'string' ? facts.meetings.get(id) : undefined;
  };
  if ('role' in grantee) return ROLE_LABEL[grantee.role];
  if ('person' in grantee) {
    const h = header(grantee.person);
    const who = address(normalizedEmail(values[grantee.person]) || undefined);
    return { en: `the person in "${h.en}"${who}`, zh: `“${h.zh}”列中的人${who}` };
  }
  if ('managerOf' in grantee) {
    const h = header(grantee.managerOf);
    const manager = address(
      normalizedEmail(facts.managers.get(normalizedEmail(values[grantee.managerOf]))) || undefined,
    );
    return { en: `the manager of the person in "${h.en}"${manager}`, zh: `“${h.zh}”列中人员的上级${manager}` };
  }
  if ('hostOf' in grantee) {
    const who = address(meeting(grantee.hostOf)?.host);
    return { en: `the meeting's host${who}`, zh: `会议主持人${who}` };
  }
  if ('recorderOf' in grantee) {
    const who = address(meeting(grantee.recorderOf)?.recorder);
    return { en: `the meeting's recorder${who}`, zh: `会议记录人${who}` };
  }
  const host = normalizedEmail(meeting(grantee.hostManagerOf)?.host);
  const who = address(normalizedEmail(facts.managers.get(host)) || undefined);
  return { en: `the host's manager${who}`, zh: `主持人的上级${who}` };
}

function whoMay(
  tab: TabSpec,
  grants: readonly Grant[],
  values: Readonly<Record<string, unknown>>,
  facts: PermissionFacts,
): Localized {
  const described = grants.map((g) => describeGrantee(tab, g.to, values, facts));
  const unique = described.filter((d, i) => described.findIndex((o) => o.en === d.en) === i);
  const en = unique.map((d) => d.en);
  const zh = unique.map((d) => d.zh);
  const join = (items: string[], or: string, sep: string) =>
    items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(sep)}${or}${items.at(-1)}`;
  return { en: join(en, ' or ', ', '), zh: join(zh, '或', '、') };
}

/**
 * May the editor make this change? Rows the editor does not change are never judged (return ok). The caller has
 * already refused an editor it cannot identify (EDITOR_UNKNOWN) and exempted the system's own writes.
 */
export function decideRowPermission(
  tab: TabSpec & { key: TabKey },
  change: RowChange,
  facts: PermissionFacts,
  shown?: ReadonlySet<string>,
): PermissionDecision {
  const changed = changedColumns(tab, change, shown);
  if (changed.length === 0) return { ok: true };
  const grants = grantsOf(tab.key);
  // Who holds an existing row is decided by what is stored; a new row by its own values.
  const holder = change.before ?? change.after;
  const held = grants.filter((g) => holds(g.to, holder, facts));
  const editor = facts.editor;
  if (!change.before) {
    const creating = held.filter((g) => g.create);
    const refused = changed.filter((c) => !creating.some((g) => g.columns === 'all' || g.columns.includes(c)));
    if (creating.length > 0 && refused.length === 0) return { ok: true };
    const covers = (g: Grant) => g.columns === 'all' || refused.every((c) => g.columns.includes(c));
    const may = whoMay(
      tab,
      grants.filter((g) => g.create && (creating.length === 0 || covers(g))),
      holder,
      facts,
    );
    const columns = creating.length > 0 ? refused : changed;
    const params: MessageParams = {
      editor,
      tab: { en: tab.en, zh: tab.zh },
      who: may,
      ...(creating.length > 0 ? { columns: headers(tab, refused) } : {}),
    };
    const code = creating.length > 0 ? 'EDIT_NEW_COLUMNS_NOT_ALLOWED' : 'EDIT_ROW_NOT_ALLOWED';
    return { ok: false, code, columns, params };
  }
  const refused = changed.filter((c) => !held.some((g) => g.columns === 'all' || g.columns.includes(c)));
  if (refused.length === 0) return { ok: true };
  const may = whoMay(
    tab,
    grants.filter((g) => refused.every((c) => g.columns === 'all' || g.columns.includes(c))),
    holder,
    facts,
  );
  return {
    ok: false,
    code: 'EDIT_NOT_ALLOWED',
    columns: refused,
    params: { editor, columns: headers(tab, refused), who: may },
  };
}

/**
 * May the editor delete this saved row? Deleting takes every value of the row away at once, so it needs what adding
 * that very row would: the editor could have created the row as it is stored (a grant with `create` that holds on
 * the stored values and covers every column they fill). So a rep deletes a customer they collected and still own,
 * not a colleague's, nor one a manager has assigned to someone else; a meeting's host deletes its agenda items; an
 * owner who may only report progress (an action's) deletes nothing; admins delete anything. The caller has already
 * dealt with an editor it cannot identify and with the system's own runs, as for changes.
 */
export function decideRowDeletion(
  tab: TabSpec & { key: TabKey },
  stored: Readonly<Record<string, unknown>>,
  facts: PermissionFacts,
): { readonly ok: true } | { readonly ok: false; readonly code: 'DELETE_NOT_ALLOWED'; readonly params: MessageParams } {
  const creating = decideRowPermission(tab, { after: stored }, facts);
  if (creating.ok) return { ok: true };
  const who = creating.params.who;
  return {
    ok: false,
    code: 'DELETE_NOT_ALLOWED',
    params: { editor: facts.editor, tab: { en: tab.en, zh: tab.zh }, who },
  };
}

function headers(tab: TabSpec, keys: readonly string[]): Localized {
  return joinLocalized(
    keys.map((key) => {
      const column = tab.columns.find((c) => c.key === key);
      return { en: column?.en ?? key, zh: column?.zh ?? key };
    }),
  );
}
