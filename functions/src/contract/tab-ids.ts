// The ID column of a whole tab, which every part of a resync sent in parts carries (EditRequest.tabIds). A part
// sees only its own rows, yet which row keeps an ID shown by two rows depends on all of them: the row at the
// record's stored position keeps it, wherever the other is (record-ownership.ts). A sort moves records between
// parts, so a part cannot tell a copy from a moved row by positions alone; with every row's ID it decides as a
// resync of one part does. IDs only: about 25 bytes a row, so the list stays small next to the rows themselves.
//
// This and the tab titles (synced-tabs.ts) are all the script knows of the workbook schema: the ID column's
// headers, so it can pick the column out without matching the header. The server uses the list only when the
// column is the one its own header match found (request-rows.ts), so a header the two read differently (the ID
// header twice) costs the list, never a wrong decision. test/contract/tab-ids.test.ts keeps these in step.
import type { EditRow, TabIds } from './edit-request.ts';
import { normalizeTabTitle } from './synced-tabs.ts';

/** The ID column's headers on every tab (workbook-schema.ts ID_COLUMN), English and Chinese. */
export const ID_COLUMN_HEADERS: readonly string[] = ['ID', '编号'];

/** What a record ID looks like: a tab prefix and 8 Crockford base32 characters ("M-7K2Q9P4D"). */
export const RECORD_ID_PATTERN = /^[A-Z]{1,2}-[0-9A-HJKMNP-TV-Z]{8}$/u;

/**
 * At most this many rows of IDs (≈1.3 MB of JSON) ride along with each part, so a part with its rows stays far
 * below MAX_REQUEST_BODY_BYTES. A larger tab sends none: its parts then count the IDs of the parts before them.
 */
export const MAX_TAB_IDS = 50_000;

/**
 * The ID column of these rows (all of a tab's data rows), or undefined when the header has no single ID column
 * or the tab has more than MAX_TAB_IDS IDs. Cells that do not look like an ID are left out: the server treats
 * them as no ID (output to overwrite). Kept short: it is bundled into the script, whose size is capped.
 */
export function readTabIds(header: readonly string[], rows: readonly EditRow[]): TabIds | undefined {
  const isId = (text: string) =>
    ID_COLUMN_HEADERS.some((label) => normalizeTabTitle(label) === normalizeTabTitle(text));
  const index = header.findIndex(isId);
  if (index < 0 || header.some((text, i) => i > index && isId(text))) return undefined;
  const ids: Array<[number, string]> = [];
  for (const { row, values } of rows) {
    const text = String(values[index] ?? '').trim();
    if (RECORD_ID_PATTERN.test(text)) ids.push([row, text]);
  }
  return ids.length > MAX_TAB_IDS ? undefined : { column: index + 1, rows: ids };
}
