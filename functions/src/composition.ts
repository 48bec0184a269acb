// Builds every function's handler from configuration and clients. Used by index.ts (Cloud Functions) and
// by the local stack, so both run the same wiring.
import { randomUUID } from 'node:crypto';
import { Firestore } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import { attendanceTabWriter } from './adapters/attendance-tab-writer.ts';
import { FirestoreAttendanceResults } from './adapters/firestore-attendance-results.ts';
import { FirestoreDueItems } from './adapters/firestore-due-items.ts';
import { FirestoreMeetings } from './adapters/firestore-meetings.ts';
import { loadNoticePermissionFacts } from './adapters/firestore-notice-permission.ts';
import { FirestoreNoticeRequests } from './adapters/firestore-notice-requests.ts';
import { FirestoreOutbox } from './adapters/firestore-outbox.ts';
import { FirestoreSeries } from './adapters/firestore-series.ts';
import { FirestoreSheetEditStore } from './adapters/firestore-sheet-edits.ts';
import { GmailMailer, createGmailClient, delegatedGmailAuth, systemClock } from './adapters/gmail.ts';
import { refreshOutboxTab } from './adapters/outbox-tab-writer.ts';
import { SheetsAdapter, createSheetsClient } from './adapters/sheets.ts';
import type { Config } from './config.ts';
import { DEFAULT_DELIVERY_POLICY } from './domain/mail/outbox-policy.ts';
import { handleSheetEdit } from './handlers/sheet-edit.ts';
import type { HttpInput, HttpOutput } from './handlers/http-types.ts';
import { handleTick } from './handlers/tick.ts';
import { createLogger, createLogs } from './logs.ts';
import type { Mailer } from './ports.ts';
import type { DeliveryDeps } from './workflows/deliver-outbox.ts';
import type { SheetEditPlan } from './domain/workbook/sheet-edit-plan.ts';
import { type EditContext, applyCrossRecordRules } from './workflows/cross-record-rules.ts';
import { runTick } from './workflows/run-tick.ts';
import { sendNoticeNow } from './workflows/send-notice-now.ts';
import { queueSetupCheckMail } from './workflows/setup-check-mail.ts';

export type HttpFunction = (input: HttpInput) => Promise<HttpOutput>;

export interface FunctionSet {
  sheetEdit: HttpFunction;
  tick: HttpFunction;
}

export interface Clients {
  firestore: Firestore;
  sheets: SheetsAdapter;
  /** Undefined when no sender mailbox is configured: nothing can be mailed, edits still work. */
  mailer: Mailer | undefined;
}

/** `now` is the clock mail is dated by (the local stack moves it; production uses real time). */
export function createClients(config: Config, now: () => DateTime = () => DateTime.now()): Clients {
  // With FIRESTORE_EMULATOR_HOST set, the client talks to the (embedded or official) emulator.
  const firestore = new Firestore({ projectId: config.projectId, ignoreUndefinedProperties: true });
  const sheets = new SheetsAdapter(createSheetsClient(config.workspaceRootUrl ? { rootUrl: config.workspaceRootUrl } : {}));
  let mailer: Mailer | undefined;
  if (config.mailSender) {
    const client = config.workspaceRootUrl
      ? createGmailClient({ rootUrl: config.workspaceRootUrl })
      : createGmailClient({ auth: delegatedGmailAuth({ senderMailbox: config.mailSender, ...(config.gmailKeyJson ? { keyJson: config.gmailKeyJson } : {}) }) });
    // A 5xx from send is ambiguous: treat it as unknown so the Sent mailbox is checked before any resend.
    mailer = new GmailMailer(client, {
      messagesPerMinute: config.mailsPerMinute,
      requestTimeoutMs: DEFAULT_DELIVERY_POLICY.sendTimeoutMs,
      serverErrorOutcome: 'unknown',
      clock: { now: () => now().toMillis(), sleep: systemClock.sleep },
    });
  }
  return { firestore, sheets, mailer };
}

export function createFunctions(config: Config, clients: Clients, now: () => DateTime = () => DateTime.now()): FunctionSet {
  const logs = createLogs(createLogger(config.logLevel));
  const store = new FirestoreSheetEditStore(clients.firestore, { timeZone: config.defaultTimeZone, language: config.defaultLanguage });
  const outbox = new FirestoreOutbox(clients.firestore);
  const dueItems = new FirestoreDueItems(clients.firestore);
  const meetings = new FirestoreMeetings(clients.firestore);
  const noticeRequests = new FirestoreNoticeRequests(clients.firestore);
  const applyRules = (spreadsheetId: string, plan: SheetEditPlan, edit: EditContext) => applyCrossRecordRules(clients.firestore, spreadsheetId, plan, edit);
  const editDeps = { store, logs, applyCrossRecordRules: applyRules };
  const attendance = { store: new FirestoreAttendanceResults(clients.firestore), sheet: attendanceTabWriter(clients.sheets), defaultLanguage: config.defaultLanguage };
  const messageIdDomain = config.messageIdDomain ?? config.mailSender?.split('@')[1] ?? 'meeting-followup.invalid';
  const delivery = (mailer: Mailer): DeliveryDeps => ({
    outbox,
    mailer,
    sender: { address: config.mailSender!, name: config.mailSenderName },
    policy: DEFAULT_DELIVERY_POLICY,
    now,
    random: Math.random,
    owner: `sender-${randomUUID()}`,
  });
  const writeOutboxTab = async (workbookId: string, settings: { timeZone: string }) => {
    await refreshOutboxTab(clients.sheets, outbox, workbookId, { timeZone: settings.timeZone, language: config.defaultLanguage });
  };
  const tickDeps = (mailer: Mailer) => ({
    dueItems,
    outbox,
    meetings,
    // Generated rows are saved like typed ones; the audit names the system mailbox as their editor.
    series: { ...editDeps, series: new FirestoreSeries(clients.firestore), sheets: clients.sheets, editor: config.mailSender ?? '', clock: now },
    attendance,
    delivery: delivery(mailer),
    messageIdDomain,
    now,
    refreshOutboxTab: writeOutboxTab,
  });
  return {
    sheetEdit: (input) =>
      handleSheetEdit(input, {
        ...editDeps,
        secret: config.sheetEditSecret,
        windowSeconds: config.signatureWindowSeconds,
        now,
        sendNotice: (request) =>
          sendNoticeNow(request, {
            meetings,
            outbox,
            workbooks: dueItems,
            requests: noticeRequests,
            permissionFacts: (workbookId, meetingId, editor) => loadNoticePermissionFacts(clients.firestore, workbookId, meetingId, editor),
            messageIdDomain,
            calendarDomain: messageIdDomain,
            defaultTimeZone: config.defaultTimeZone,
            now,
            refreshOutboxTab: writeOutboxTab,
            ...(clients.mailer ? { delivery: delivery(clients.mailer) } : {}),
          }),
        ...(clients.mailer
          ? { sendSetupCheckMail: (request) => queueSetupCheckMail(request, { ...tickDeps(clients.mailer!), timeZone: config.defaultTimeZone }) }
          : {}),
      }),
    tick: (input) =>
      handleTick(input, {
        logs,
        runTick: async () => {
          if (!clients.mailer) throw new Error('MAIL_SENDER is not configured: the tick has no mailbox to send from');
          return runTick(tickDeps(clients.mailer));
        },
      }),
  };
}
