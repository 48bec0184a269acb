// The header row of an edit is matched to the tab's columns once per edit on the server: reading the rows,
// deciding which record each row holds and planning the rows all use that one match (issue 13: it was matched
// in each step). Counted on a header row that records how often it is walked, through the real edit workflow
// against the embedded Firestore emulator.
import { randomUUID } from 'node:crypto';
import { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirestoreRecords } from '../../functions/src/adapters/firestore-records.ts';
import { FirestoreRuleContext } from '../../functions/src/adapters/firestore-rule-context.ts';
import { FirestoreSheetEditStore } from '../../functions/src/adapters/firestore-sheet-edits.ts';
import { EDIT_REQUEST_VERSION, type EditRequest } from '../../functions/src/contract/edit-request.ts';
import { matchRequestHeader, readEditRequest } from '../../functions/src/domain/workbook/request-rows.ts';
import { createLogger, createLogs } from '../../functions/src/logs.ts';
import { applySheetEdit } from '../../functions/src/workflows/apply-sheet-edit.ts';
import { WORKING_MORNING, ZONE } from '../support/pinned-time.ts';

let db: Firestore;

beforeAll(() => {
  db = new Firestore({ projectId: `header-match-${randomUUID().slice(0, 8)}` });
});

afterAll(async () => {
  await db.terminate();
});

/** A header row that counts the walks over it (matching walks it with forEach; nothing else does). */
function countedHeader(cells: string[]): { header: string[]; walks: () => number } {
  let walks = 0;
  const header = new Proxy(cells, {
    get(target, property, receiver) {
      if (property === 'forEach') walks += 1;
      return Reflect.get(target, property, receiver);
    },
  });
  return { header, walks: () => walks };
}

describe('the header of an edit is matched once', () => {
  it('reading the rows, their IDs and planning them share one match', async () => {
    const { header, walks } = countedHeader(['ID', 'Status', 'Email', 'Name', 'Role']);
    const request: EditRequest = {
      version: EDIT_REQUEST_VERSION,
      eventId: randomUUID(),
      spreadsheetId: `book_${randomUUID().slice(0, 8)}`,
      sheetName: 'People',
      editor: 'admin@example.com',
      kind: 'edit',
      timeZone: ZONE,
      headerRow: header,
      rows: [{ row: 2, values: ['', '', 'ann@example.com', 'Ann', 'admin'] }],
      sentAt: WORKING_MORNING.toISO()!,
    };
    const records = new FirestoreRecords(db);
    const matched = matchRequestHeader(request);
    const outcome = await applySheetEdit(
      readEditRequest(request, matched),
      WORKING_MORNING,
      {
        store: new FirestoreSheetEditStore(records, { timeZone: ZONE, language: 'en' }),
        logs: createLogs(createLogger('silent')),
        rules: new FirestoreRuleContext(records),
      },
      { header: matched },
    );
    expect(outcome.ok && outcome.response.results[0]!.status).toBe('OK');
    expect(walks()).toBe(1);
  });
});
