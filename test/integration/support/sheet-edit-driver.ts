// The real sheetEdit function (functions-framework test server) against the embedded Firestore, driven by
// signed requests built as the Apps Script builds them. Used by the bad-input corpus and the reference tests:
// each case gets its own workbook, whose language and time zone are set before its first edit, so cases never
// see each other's records. luxon's clock (the function's `now`) is pinned to WORKING_MORNING for the file.
import { Firestore } from '@google-cloud/firestore';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { Settings } from 'luxon';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { buildEditRequests } from '../../../apps-script/src/edit-mapping.ts';
import type { EditRequest, EditResponse } from '../../../functions/src/contract/edit-request.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '../../../functions/src/contract/request-signature.ts';
import { signRequest } from '../../../functions/src/handlers/hmac-signature.ts';
import type { WorkbookLanguage } from '../../../functions/src/domain/messages.ts';
import { WORKING_MORNING, ZONE } from '../../support/pinned-time.ts';

export const NOW = WORKING_MORNING;
const SECRET = 'bad-inputs-test-secret-0123456789abcdef';

export interface SheetEditDriver {
  db: Firestore;
  /** A fresh workbook ID with its language and zone stored, as a workbook that has seen edits has them. */
  newWorkbook(language?: WorkbookLanguage): Promise<string>;
  /** Builds and signs one edit as the Apps Script would (rows from `firstRow` on) and posts it. */
  edit(
    workbook: string,
    sheetName: string,
    header: string[],
    rows: unknown[][],
    options?: EditOptions,
  ): Promise<Answer>;
  /** Posts a body as given (signed unless told otherwise), for malformed requests. */
  postRaw(body: string, options?: { sign?: boolean }): Promise<Answer>;
  /** Every record of a collection of the workbook: ID → stored document. */
  records(workbook: string, collection: string): Promise<Map<string, Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface EditOptions {
  firstRow?: number;
  editor?: string;
  kind?: EditRequest['kind'];
}

export interface Answer {
  status: number;
  body: EditResponse & { code?: string; error?: unknown };
}

export async function startSheetEditDriver(project: string): Promise<SheetEditDriver> {
  const luxonNow = Settings.now;
  Settings.now = () => NOW.toMillis();
  process.env.SHEET_EDIT_SECRET = SECRET;
  process.env.GOOGLE_CLOUD_PROJECT = project;
  process.env.LOG_LEVEL = 'silent';
  await import('../../../functions/src/index.ts');
  const server = getTestServer('sheetEdit');
  const db = new Firestore({ projectId: project });
  const nowSeconds = Math.floor(NOW.toSeconds());

  async function postRaw(body: string, options: { sign?: boolean } = {}): Promise<Answer> {
    let call = request(server).post('/').set('Content-Type', 'application/json');
    if (options.sign !== false)
      call = call
        .set(SIGNATURE_TIMESTAMP_HEADER, String(nowSeconds))
        .set(SIGNATURE_HEADER, signRequest(SECRET, nowSeconds, body));
    const response = await call.send(body);
    return { status: response.status, body: response.body as Answer['body'] };
  }

  return {
    db,
    async newWorkbook(language = 'mixed') {
      const id = `book_${randomUUID().slice(0, 12)}`;
      await db.doc(`workbooks/${id}`).set({ timeZone: ZONE, language });
      return id;
    },
    async edit(workbook, sheetName, header, rows, options = {}) {
      const [built] = buildEditRequests({
        kind: options.kind ?? 'edit',
        spreadsheetId: workbook,
        sheetName,
        editor: options.editor ?? 'admin@example.com',
        timeZone: ZONE,
        headerRow: header,
        firstRow: options.firstRow ?? 2,
        rows,
        newEventId: randomUUID,
        now: NOW.toJSDate(),
      });
      if (!built) throw new Error(`nothing to send for ${sheetName}: every row is blank`);
      return postRaw(JSON.stringify(built));
    },
    postRaw,
    async records(workbook, collection) {
      const snap = await db.collection(`workbooks/${workbook}/${collection}`).get();
      return new Map(snap.docs.map((doc) => [doc.id, doc.data()]));
    },
    async close() {
      Settings.now = luxonNow;
      await db.terminate();
    },
  };
}
