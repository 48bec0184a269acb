// The edit request the server builds for rows it writes or reads itself (a series' rows, actions from minutes
// lines, reconcile's pass over a tab): the same shape the Apps Script sends, so those rows go through the same
// workflow, checks and audit as typed ones. Each request gets its own event ID, as each script request does.
import { randomUUID } from 'node:crypto';
import type { CellValue, EditRequest } from '../contract/edit-request.ts';
import { EDIT_REQUEST_VERSION } from '../contract/edit-request.ts';

export type ServerEditFields = Omit<EditRequest, 'version' | 'eventId' | 'headerRow'> & {
  /** Row 1 as read (blank cells may be null); sent as text, as the script sends it. */
  headerRow: readonly CellValue[];
};

export function serverEditRequest(fields: ServerEditFields): EditRequest {
  return {
    ...fields,
    version: EDIT_REQUEST_VERSION,
    eventId: randomUUID(),
    headerRow: fields.headerRow.map((h) => (h === null ? '' : String(h))),
  };
}
