// What the rows a request carries mean, now that the script sends them as read without knowing any column:
// which cells are input, which is the ID, whether an edit touched input at all, which meeting a selected row is.
// The server matches the header anyway, so the script ships no workbook schema (see contract/edit-request.ts).
import type {
  CellValue,
  EditRequest,
  EditRow,
  SendNoticeRequest,
  SendNoticeRowRequest,
} from '../../contract/edit-request.ts';
import { type HeaderMatch, findTab, matchHeaders } from './header-matching.ts';
import type { RowIdClaim } from './record-ownership.ts';
import type { TabSpec } from './workbook-schema.ts';

interface ColumnRoles {
  /** 0-based index of the ID column, when the header has exactly one. */
  readonly idIndex: number | undefined;
  /** 0-based indexes of columns only the system writes (ID included). */
  readonly systemIndexes: ReadonlySet<number>;
}

/**
 * The request's header matched to its tab's columns, once per edit: reading the rows, deciding which record each
 * row holds and planning them all take this one match. Undefined for a tab without records (unknown, or built
 * by the system).
 */
export interface MatchedHeader {
  readonly tab: TabSpec;
  readonly match: HeaderMatch;
}

export function matchRequestHeader(request: EditRequest): MatchedHeader | undefined {
  const tab = findTab(request.sheetName);
  if (!tab || tab.systemOnly) return undefined;
  return { tab, match: matchHeaders(tab, request.headerRow) };
}

function findColumnRoles(tab: TabSpec, columns: ReadonlyMap<string, number>): ColumnRoles {
  const systemKeys = new Set(tab.columns.filter((column) => column.system).map((column) => column.key));
  const systemIndexes = new Set<number>();
  for (const [key, index] of columns) if (systemKeys.has(key)) systemIndexes.add(index);
  return { idIndex: columns.get('id'), systemIndexes };
}

/** An unticked checkbox is how an empty checkbox cell reads, so it does not make a row "filled in". */
function isBlankCell(value: CellValue | undefined): boolean {
  return value === null || value === undefined || value === false || (typeof value === 'string' && value.trim() === '');
}

/**
 * The request as the edit workflow reads it:
 * - system cells other than the ID are output, never input, so they are blanked (null);
 * - a single overwritten ID cell counts with the ID it held before (the row's real identity), except in an
 *   otherwise empty row that had none: there the typed ID is kept for planning to refuse (idTypedAlone);
 * - a row with no input under a named header and no ID is dropped: an untouched empty row is not news (a row
 *   cleared by hand still has its ID and is kept);
 * - an `edit` whose edited columns are all system columns (someone typed over ID or Status) is a `change`: the
 *   answer restores those cells, and nothing counts as authored.
 * A request for a tab the schema does not know is returned as it is: planning refuses it with TAB_UNKNOWN.
 */
export function readEditRequest(
  request: EditRequest,
  matched: MatchedHeader | undefined = matchRequestHeader(request),
): EditRequest {
  if (!matched) return request;
  const header = request.headerRow;
  const roles = findColumnRoles(matched.tab, matched.match.columns);
  const overwritten = request.overwritten;

  const rows: EditRow[] = [];
  for (const row of request.rows) {
    const values = row.values.map((value, index) =>
      roles.systemIndexes.has(index) && index !== roles.idIndex ? null : value,
    );
    const idIndex = roles.idIndex;
    const hasInput = values.some(
      (value, index) => index !== idIndex && (header[index] ?? '').trim() !== '' && !isBlankCell(value),
    );
    // An ID typed alone into an empty row keeps what was typed, so the row is answered (ID_ALONE, cell
    // cleared) instead of being dropped as an untouched empty row with the typed ID left standing.
    const typedAlone = overwritten?.value === '' && !hasInput;
    if (idIndex !== undefined && overwritten?.row === row.row && overwritten.column - 1 === idIndex && !typedAlone) {
      values[idIndex] = overwritten.value === '' ? null : overwritten.value;
    }
    const id = idIndex === undefined ? null : values[idIndex];
    if (!hasInput && isBlankCell(id)) continue;
    rows.push({ row: row.row, values });
  }

  let kind = request.kind;
  if (kind === 'edit' && request.edited) {
    let touchesInput = false;
    for (let column = request.edited.first; column <= Math.min(request.edited.last, header.length); column += 1) {
      const index = column - 1;
      if (!roles.systemIndexes.has(index) && (header[index] ?? '').trim() !== '') touchesInput = true;
    }
    if (!touchesInput) kind = 'change';
  }
  return { ...request, kind, rows };
}

/**
 * The ID each row shows, for the records of the tab's collection: what record-ownership.ts checks before the rows
 * are planned. Undefined for a tab without records (unknown, or built by the system): planning refuses those.
 */
export function readRowIdClaims(
  request: EditRequest,
  matched: MatchedHeader | undefined = matchRequestHeader(request),
): { collection: string; rows: RowIdClaim[] } | undefined {
  const collection = matched?.tab.collection;
  if (!matched || !collection) return undefined;
  const idIndex = matched.match.columns.get('id');
  const rows = request.rows.map((row): RowIdClaim => {
    const cell = idIndex === undefined ? null : row.values[idIndex];
    const text = cell === null || cell === undefined ? '' : String(cell).trim();
    return { row: row.row, sheetId: text === '' ? null : text };
  });
  return { collection, rows };
}

/**
 * The whole tab's ID column a part of a resync carries (request.tabIds), as claims: undefined when absent or read
 * from another column than the one this header match names the ID (the script picks it by header text alone).
 */
export function readTabIdClaims(
  request: EditRequest,
  matched: MatchedHeader | undefined = matchRequestHeader(request),
): RowIdClaim[] | undefined {
  const idIndex = matched?.match.columns.get('id');
  if (!request.tabIds || idIndex === undefined || request.tabIds.column !== idIndex + 1) return undefined;
  return request.tabIds.rows.map(([row, id]) => ({ row, sheetId: id }));
}

export type NamedMeeting =
  | { readonly ok: true; readonly request: SendNoticeRequest }
  | { readonly ok: false; readonly code: 'NOTICE_NOT_MEETINGS_TAB' | 'NOTICE_NO_MEETING_ROW' };

/** "Send notice now" names the meeting by the selected row: the ID cell of a Meetings row. */
export function nameSelectedMeeting(request: SendNoticeRowRequest): NamedMeeting {
  const { selection, ...fields } = request;
  const tab = findTab(selection.sheetName);
  if (tab?.key !== 'meetings') return { ok: false, code: 'NOTICE_NOT_MEETINGS_TAB' };
  const idIndex = matchHeaders(tab, selection.headerRow).columns.get('id');
  const cell = idIndex === undefined ? null : selection.values[idIndex];
  const meetingId = cell === null || cell === undefined ? '' : String(cell).trim();
  // A row without an ID was never saved (or has an error in Status): there is no meeting to announce yet.
  if (meetingId === '') return { ok: false, code: 'NOTICE_NO_MEETING_ROW' };
  return { ok: true, request: { ...fields, meetingId } };
}

/**
 * True when the row is a single ID cell typed into an otherwise empty row (the cell was empty before): not a
 * record's row, just an ID the system did not write there.
 */
export function idTypedAlone(request: EditRequest, row: EditRow, idIndex: number | undefined): boolean {
  const overwritten = request.overwritten;
  if (idIndex === undefined || overwritten?.row !== row.row || overwritten.column - 1 !== idIndex) return false;
  if (overwritten.value !== '' || isBlankCell(row.values[idIndex])) return false;
  return row.values.every(
    (value, index) => index === idIndex || (request.headerRow[index] ?? '').trim() === '' || isBlankCell(value),
  );
}
