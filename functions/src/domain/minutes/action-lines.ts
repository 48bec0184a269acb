// From a minutes action line to its row on the Actions tab (issue 14, seed 002: every action decided at a meeting
// is followed up until done). Pure: the tick's action-line pass (workflows/sync-action-lines.ts) reads the lines
// and the tab and writes what these rules answer.
//
// Decisions:
// - One line, one action: the action's ID is the line's ID with the Actions prefix (MN-7K2Q9P4D → AC-7K2Q9P4D).
//   Derived, not drawn at random, so a retried or concurrent tick writes the same ID and finds a row it already
//   appended, and a reader can see which line an action came from.
// - The line owns what was decided (source meeting, text, owner, due); the owner owns how it is going (Action
//   status, progress note). A changed line rewrites only its own columns, so the owner's status survives.
// - A deleted line (or one that is no longer of kind action) cancels its action rather than deleting the row:
//   the owner may have worked on it and written progress, the row is theirs to read, and deleting rows in a
//   shared sheet moves everyone's rows. Cancelled actions leave digests, reminders and reviews like done ones.
//   An action already done stays done. A line that is an action again (made a decision by mistake, then put
//   back) reopens the action its earlier change cancelled; a cancellation somebody typed on the Actions tab stays,
//   which is why the pass remembers on the line what it last did (`lastPlan`).
// - Values are written as a person would type them (an e-mail, a yyyy-MM-dd date, the meeting's ID, the state's
//   label in the workbook's language) and saved through the same edit workflow as a typed row.
import type { CellValue } from '../../contract/edit-request.ts';
import type { WorkbookLanguage } from '../messages.ts';
import { matchHeaders } from '../workbook/header-matching.ts';
import { ACTION_STATE_OPTIONS } from '../workbook/workbook-schema.ts';
import { CLOSED_ACTION_STATES } from './carry-over.ts';

/** A minutes record as the pass reads it: deleted ones too, since a deletion cancels the action. */
export interface MinutesLine {
  id: string;
  deleted: boolean;
  data: Readonly<Record<string, unknown>>;
  /** What the pass last did with this line's action (absent: never, or before this was remembered). */
  lastPlan?: ActionLinePlan['kind'];
}

/** The columns a line decides, by Actions column key. */
export interface DecidedAction {
  sourceMeeting: string;
  text: string;
  owner: string;
  due: string;
}

export type ActionLinePlan =
  | { kind: 'upsert'; actionId: string; decided: DecidedAction; reopen: boolean }
  | { kind: 'cancel'; actionId: string };

/** The Actions record ID of a minutes line. */
export function actionIdOfLine(lineId: string): string {
  return `AC-${lineId.replace(/^[A-Z]{1,2}-/u, '')}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Whether a minutes record of this content is an action line. */
export function isActionLine(data: Readonly<Record<string, unknown>> | undefined): boolean {
  return data?.kind === 'action';
}

/**
 * Whether saving or deleting a minutes record moves an action: it is, or was, an action line. The edit marks such
 * a record for the tick's pass; other lines (discussion, decision) never touch the Actions tab.
 */
export function lineMovesAction(
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>> | undefined,
): boolean {
  return isActionLine(before) || isActionLine(after);
}

/** What the line asks of its action: written with the line's columns, or cancelled. */
export function planActionOfLine(line: MinutesLine): ActionLinePlan {
  const actionId = actionIdOfLine(line.id);
  const meeting = text(line.data.meeting);
  const what = text(line.data.text);
  const owner = text(line.data.owner);
  const due = text(line.data.due);
  if (line.deleted || !isActionLine(line.data) || !meeting || !what || !owner || !due)
    return { kind: 'cancel', actionId };
  const decided = { sourceMeeting: meeting, text: what, owner, due };
  return { kind: 'upsert', actionId, decided, reopen: line.lastPlan === 'cancel' };
}

/** A state's label as the system writes it: Chinese for Chinese and mixed workbooks, else English. */
export function actionStateLabel(state: 'open' | 'cancelled', language: WorkbookLanguage): string {
  const option = ACTION_STATE_OPTIONS.find((o) => o.key === state)!;
  return language === 'en' ? option.en : option.zh;
}

/** The state key a cell shows ('' when blank or unreadable, which counts as open). */
function stateKeyOf(cell: CellValue | undefined): string {
  const shown = typeof cell === 'string' ? cell.trim().toLowerCase() : '';
  if (shown === '') return '';
  const option = ACTION_STATE_OPTIONS.find((o) =>
    [o.key, o.en, o.zh, ...('aliases' in o ? o.aliases : [])].some((label) => label.toLowerCase() === shown),
  );
  return option?.key ?? '';
}

export interface ActionRowWrite {
  /** The whole row as it is to read after the write (the sheet's other cells kept). */
  values: CellValue[];
  /** Column keys this write changes (empty: the row already shows the plan). */
  changed: string[];
}

/**
 * The Actions row the plan asks for under `header`: a new row (`existing` undefined) or the row the tab shows with
 * the line's columns replaced; undefined when a cancellation finds no row (nothing was ever written for it).
 */
export function actionRowOf(
  header: readonly unknown[],
  existing: readonly CellValue[] | undefined,
  plan: ActionLinePlan,
  language: WorkbookLanguage,
): ActionRowWrite | undefined {
  const { columns } = matchHeaders('actions', header);
  if (plan.kind === 'cancel' && !existing) return undefined;
  const values: CellValue[] = header.map((_, i) => existing?.[i] ?? '');
  const changed: string[] = [];
  const put = (key: string, value: string) => {
    const index = columns.get(key);
    if (index === undefined) return;
    const before = values[index];
    if ((before === null || before === undefined ? '' : String(before).trim()) === value) return;
    values[index] = value;
    changed.push(key);
  };
  put('id', plan.actionId);
  const stateIndex = columns.get('state');
  const state = stateIndex === undefined ? '' : stateKeyOf(values[stateIndex]);
  if (plan.kind === 'cancel') {
    if (!CLOSED_ACTION_STATES.has(state)) put('state', actionStateLabel('cancelled', language));
  } else {
    for (const [key, value] of Object.entries(plan.decided)) put(key, value);
    if (!existing || (plan.reopen && state === 'cancelled')) put('state', actionStateLabel('open', language));
  }
  // The ID alone is not a change of the action: a row the sheet already shows as planned needs no write.
  return { values, changed: changed.filter((key) => key !== 'id' || !existing) };
}

/**
 * The mark a save or deletion of a record of `tab` puts on it for the tick's action-line pass: `pending` on a
 * minutes record that is or was an action line (after: undefined for a deletion), nothing otherwise.
 */
export function actionSyncMark(
  tab: string,
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>> | undefined,
): { actionSync?: 'pending' } {
  return tab === 'minutes' && lineMovesAction(before, after) ? { actionSync: 'pending' } : {};
}
