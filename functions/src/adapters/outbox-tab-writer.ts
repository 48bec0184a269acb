// Rewrites the Outbox 发送记录 tab from the outbox collection: 3 Sheets calls (find the tab, clear, write),
// made only by a tick that changed something, well inside the 60-requests-per-minute quota.
import { findTab } from '../domain/workbook/header-matching.ts';
import { buildOutboxTabValues, type OutboxTabEntry } from '../domain/mail/outbox-tab.ts';
import type { WorkbookLanguage } from '../domain/messages.ts';
import type { Outbox, OutboxRecord } from '../ports/mail-ports.ts';
import type { OutboxTab } from '../ports/sheet-ports.ts';
import { a1Range, type SheetsAdapter } from './sheets.ts';

const ROWS_SHOWN = 200;

function toEntry(record: OutboxRecord): OutboxTabEntry {
  return {
    id: record.id,
    kind: record.kind,
    recipient: record.recipient,
    subject: record.content.subject,
    subjectRecord: record.subjectRecord,
    notBefore: record.notBefore,
    state: record.state,
    sentAt: record.sentAt ? record.sentAt.toISO() : null,
    attempts: record.attempts,
    lastError: record.lastError,
  };
}

/** The Outbox tab of every workbook, labelled in `language`. */
export function outboxTabWriter(sheets: SheetsAdapter, outbox: Outbox, language: WorkbookLanguage): OutboxTab {
  return {
    refresh: (spreadsheetId, timeZone) => refreshOutboxTab(sheets, outbox, spreadsheetId, { timeZone, language }),
  };
}

export async function refreshOutboxTab(
  sheets: SheetsAdapter,
  outbox: Outbox,
  spreadsheetId: string,
  options: { timeZone: string; language: 'zh' | 'en' | 'mixed' },
): Promise<boolean> {
  const spreadsheet = await sheets.getSpreadsheet(spreadsheetId);
  const title = (spreadsheet.sheets ?? [])
    .map((s) => s.properties?.title ?? '')
    .find((t) => findTab(t)?.key === 'outbox');
  if (!title) return false; // workbook:init creates the tab; without it there is nowhere to show the log
  const [header = []] = await sheets.readTab(spreadsheetId, title).then((rows) => rows.slice(0, 1));
  const values = buildOutboxTabValues(
    header.map(String),
    (await outbox.recent(spreadsheetId, ROWS_SHOWN)).map(toEntry),
    options.timeZone,
    options.language,
  );
  await sheets.clearValues(spreadsheetId, a1Range(title, 'A2:ZZ'));
  await sheets.writeValues(spreadsheetId, a1Range(title, 'A1'), values);
  return true;
}
