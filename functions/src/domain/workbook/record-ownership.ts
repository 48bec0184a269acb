// Which record each row of a request holds. The server issues every ID, so an ID in a row is a claim to check,
// not an instruction: a row that shows another row's ID, an ID the server never issued or a deleted record's ID
// is refused, and nothing is written to any record through it. Decided before planning (the stored record a row
// holds also fills the columns missing from the sheet: missing-columns.ts).
//
// What the server can tell, and what it cannot:
// - A resync carries every row of the tab, so it sees every row that shows an ID: an ID shown by one row is
//   that row's, wherever the record was (rows move: a sort fires no trigger, so stored positions can be stale).
//   An ID shown by several rows stays with the row its record was stored at; the copies are refused.
// - A resync split into parts (over 500 rows) carries in every part the ID column of the whole tab (`wholeTab`,
//   contract/tab-ids.ts), so each part sees every row that shows an ID and decides as a resync of one part does,
//   wherever the copy and the original are (a sort moves records between parts, so positions alone cannot tell).
//   Without that list (an older script, a tab of more IDs than MAX_TAB_IDS), a part counts the rows its earlier
//   parts showed (`shownBefore`): a copy in a later part is refused like one in the same part, but a copy in an
//   earlier part than its original is taken for the moved record, and the original is refused.
// - An edit carries only the edited rows. A row showing an ID whose record is stored at another row is either a
//   copy (pasted with its ID) or the same row moved by a sort. The two cannot be told apart without seeing the
//   other row, so the row is refused and its ID cell left as it is: clearing it would, for a moved row, make its
//   record look deleted at the next resync (and mail a cancellation). The message asks for a resync, which decides.
// - Where a refused row's own ID is known (a resync shows that the record stored at this row is shown nowhere
//   else), the ID cell gets it back; otherwise an unknown or deleted ID is cleared. The old value of a single
//   edited ID cell is applied earlier, in request-rows.ts.
// - An ID the server issued but has not saved a record under yet (a series' row it could not save) is the row's.
// - A deleted record is not brought back by typing or pasting its ID: its notice may have been cancelled and a
//   series counts it as a cancelled week; bringing it back would undo both behind everyone's back. The row is
//   saved as a new record once its ID cell is clear.
import type { EditKind } from '../../contract/edit-request.ts';
import type { MessageParams } from '../messages.ts';
import { looksLikeRecordId } from './record-ids.ts';

/** A canonical record as far as ownership needs it (and its data, for columns missing from the sheet). */
export interface StoredRecord {
  id: string;
  sheetRow: number | null;
  deleted: boolean;
  data: Record<string, unknown>;
  /** ISO instant of the deletion, for the message. */
  deletedAt?: string | null;
  /** ISO instant the record was last written (stale-columns.ts compares it with when a row was read). */
  updatedAt?: string | null;
  /**
   * The store's token for this version of the record: it changes with every write, even two in the same
   * millisecond, so the store can tell at commit time whether the record is still the one the edit was planned on.
   */
  version?: string | null;
}

export interface RowIdClaim {
  row: number;
  /** The ID cell as the sheet shows it (trimmed; null when empty). */
  sheetId: string | null;
}

export interface StoredRows {
  /** Records of the IDs the rows show (deleted ones included); an ID not here was never issued. */
  byId: ReadonlyMap<string, StoredRecord>;
  /** The live record stored at each sheet row asked for (rowsToLocate). */
  atRow: ReadonlyMap<number, StoredRecord>;
  /**
   * IDs among the rows' that the server issued without a record yet: a series writes its rows under IDs it
   * derived, and a row it could not save (its host has left) is saved under that ID once the user fixes it.
   */
  issued?: ReadonlySet<string>;
}

export type IdRefusalCode = 'ID_OWNED_ELSEWHERE' | 'ID_REPEATED' | 'ID_UNKNOWN' | 'ID_DELETED';

export type RowIdentity =
  /** `record`: the stored record the row holds; absent for a new row. */
  | { ok: true; record?: StoredRecord }
  /** `answerId`: what the ID cell is to show (the row's own ID, null to clear, or the shown ID left as it is). */
  | { ok: false; code: IdRefusalCode; params: MessageParams; answerId: string | null };

/** The ID a cell shows, if it has the shape of one; anything else in an ID cell is output to overwrite. */
export function shownRecordId(sheetId: string | null | undefined): string | null {
  const text = sheetId?.trim() ?? '';
  return text !== '' && looksLikeRecordId(text) ? text : null;
}

/** Rows whose position must be looked up: all but those showing the live record stored at that very row. */
export function rowsToLocate(rows: readonly RowIdClaim[], byId: ReadonlyMap<string, StoredRecord>): number[] {
  return rows
    .filter((row) => {
      const id = shownRecordId(row.sheetId);
      const record = id ? byId.get(id) : undefined;
      return !(record && !record.deleted && record.sheetRow === row.row);
    })
    .map((row) => row.row);
}

/** Every row (of the request, and the others known to show IDs) that shows each ID, in row order. */
function rowsShowing(rows: readonly RowIdClaim[], options: OwnershipOptions): Map<string, number[]> {
  const shown = new Map<string, number[]>();
  const add = (id: string | null, row: number) => {
    if (id) shown.set(id, [...(shown.get(id) ?? []), row]);
  };
  if (options.wholeTab) {
    // The request's own rows are as it reads them; the list stands for the rows of the other parts.
    const inRequest = new Set(rows.map((row) => row.row));
    for (const row of options.wholeTab) if (!inRequest.has(row.row)) add(shownRecordId(row.sheetId), row.row);
  } else for (const [id, at] of options.shownBefore ?? []) for (const row of at) add(id, row);
  for (const row of rows) add(shownRecordId(row.sheetId), row.row);
  for (const at of shown.values()) at.sort((a, b) => a - b);
  return shown;
}

/** The IDs rows outside the request show (the other parts of a split resync), as far as the options tell. */
export function idsShownElsewhere(rows: readonly RowIdClaim[], options: OwnershipOptions): Set<string> {
  const inRequest = new Set(rows.map((row) => row.row));
  const elsewhere = options.wholeTab
    ? options.wholeTab.filter((row) => !inRequest.has(row.row)).map((row) => shownRecordId(row.sheetId))
    : [...(options.shownBefore?.keys() ?? [])];
  return new Set(elsewhere.filter((id): id is string => !!id));
}

export interface OwnershipOptions {
  /**
   * The rows come from the server itself (a series writes rows under IDs it derived before saving them), so
   * their IDs are taken as they are.
   */
  trusted?: boolean;
  /** For a part of a split resync: the ID column of the whole tab, every row of every part (see the header). */
  wholeTab?: readonly RowIdClaim[];
  /** For a part of a split resync without `wholeTab`: the rows of the earlier parts that showed each ID. */
  shownBefore?: ReadonlyMap<string, readonly number[]>;
}

/** The record each row holds, or why its ID is refused. */
export function decideRowIdentities(
  kind: EditKind,
  rows: readonly RowIdClaim[],
  stored: StoredRows,
  options: OwnershipOptions = {},
): Map<number, RowIdentity> {
  const shown = rowsShowing(rows, options);
  const inRequest = new Set(rows.map((row) => row.row));
  const wholeTab = kind === 'resync';
  /** The record stored at this row, when no row of the request shows it elsewhere (a resync proves it is not). */
  const storedHere = (row: number): StoredRecord | undefined => {
    const record = stored.atRow.get(row);
    return record && !record.deleted && !shown.has(record.id) ? record : undefined;
  };
  // Only a resync sees enough to give a refused row its own ID back; an edit clears it (see the header).
  const ownId = (row: number): string | null => (wholeTab ? (storedHere(row)?.id ?? null) : null);

  const identities = new Map<number, RowIdentity>();
  for (const { row, sheetId } of rows) {
    const id = shownRecordId(sheetId);
    if (!id) {
      const record = storedHere(row);
      identities.set(row, record ? { ok: true, record } : { ok: true });
      continue;
    }
    const record = stored.byId.get(id);
    if (options.trusted) {
      identities.set(row, record && !record.deleted ? { ok: true, record } : { ok: true });
      continue;
    }
    if (!record && stored.issued?.has(id) && (shown.get(id)?.length ?? 1) === 1) {
      identities.set(row, { ok: true });
      continue;
    }
    if (!record) {
      identities.set(row, { ok: false, code: 'ID_UNKNOWN', params: { id }, answerId: ownId(row) });
      continue;
    }
    if (record.deleted) {
      const date = record.deletedAt ? record.deletedAt.slice(0, 10) : '?';
      identities.set(row, { ok: false, code: 'ID_DELETED', params: { id, date }, answerId: ownId(row) });
      continue;
    }
    const showing = shown.get(id) ?? [row];
    if (showing.length > 1) {
      const owner = showing.find((r) => r === record.sheetRow);
      if (owner === row) identities.set(row, { ok: true, record });
      else {
        const params = { id, rows: showing.join(', '), owner: owner ?? record.sheetRow ?? '?' };
        // With no row at the record's place, which copy is the record is unknown: every copy keeps the ID it
        // shows (so a resync does not take the record for deleted) until the user clears the wrong ones.
        identities.set(row, {
          ok: false,
          code: 'ID_REPEATED',
          params,
          answerId: owner === undefined ? id : ownId(row),
        });
      }
      continue;
    }
    const moved = wholeTab || (record.sheetRow !== null && inRequest.has(record.sheetRow));
    if (record.sheetRow === row || moved) identities.set(row, { ok: true, record });
    else
      identities.set(row, {
        ok: false,
        code: 'ID_OWNED_ELSEWHERE',
        params: { id, row: record.sheetRow ?? '?' },
        answerId: id,
      });
  }
  return identities;
}
