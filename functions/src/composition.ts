// The one place that wires adapters into workflows: builds every function's handler from configuration and
// clients. Used by index.ts (Cloud Functions) and by the local stack, so both run the same wiring. Workflows
// see only ports (functions/src/ports); every Firestore adapter shares one records layer.
import { randomUUID } from 'node:crypto';
import { Firestore } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import { attendanceTabWriter } from './adapters/attendance-tab-writer.ts';
import { computedColumnWriter } from './adapters/computed-column-writer.ts';
import { FirestoreActions } from './adapters/firestore-actions.ts';
import { FirestoreAttendanceResults, FirestoreMeetings } from './adapters/firestore-meetings.ts';
import { FirestoreMinutes } from './adapters/firestore-minutes.ts';
import { FirestoreOutbox } from './adapters/firestore-outbox.ts';
import { minutesStatusWriter } from './adapters/minutes-status-writer.ts';
import { FirestoreReconcileStore } from './adapters/firestore-reconcile.ts';
import { FirestoreRecords, FirestoreWorkbooks } from './adapters/firestore-records.ts';
import { FirestoreRuleContext } from './adapters/firestore-rule-context.ts';
import { FirestoreSeries } from './adapters/firestore-series.ts';
import { FirestoreNoticeRequests, FirestoreSheetEditStore } from './adapters/firestore-sheet-edits.ts';
import { DOCUMENT_SCOPES, createDocumentClients, googleDocumentWriter } from './adapters/google-docs.ts';
import { googleDriveArchive } from './adapters/google-drive.ts';
import { GoogleIdTokenVerifier, googleSigningCertificates } from './adapters/google-id-token.ts';
import { GmailMailer, createGmailClient, delegatedGmailAuth, systemClock } from './adapters/gmail.ts';
import { outboxTabWriter } from './adapters/outbox-tab-writer.ts';
import { SheetsAdapter, createSheetsClient } from './adapters/sheets.ts';
import { sheetsWorkbook } from './adapters/sheets-workbook.ts';
import type { Config } from './config.ts';
import { DEFAULT_DELIVERY_POLICY } from './domain/mail/outbox-policy.ts';
import { handleSheetEdit } from './handlers/sheet-edit.ts';
import type { HttpInput, HttpOutput } from './handlers/http-types.ts';
import { handleMinutesResponse } from './handlers/minutes-response.ts';
import { handleReconcile } from './handlers/reconcile.ts';
import { handleTick } from './handlers/tick.ts';
import type { DestinationStream } from 'pino';
import { createLogger, createLogs } from './logs.ts';
import type { DocumentArchive, DocumentWriter } from './ports/document-ports.ts';
import type { SigningCertificates } from './ports/identity-ports.ts';
import type { Mailer } from './ports/mail-ports.ts';
import type { DeliveryDeps } from './workflows/deliver-outbox.ts';
import { type ReconcileDeps, reconcileWorkbook } from './workflows/reconcile-workbook.ts';
import { describeMinutesResponse, respondToMinutes } from './workflows/confirm-minutes.ts';
import { type FinalizeMinutesDeps, finalizeMinutesPressed } from './workflows/finalize-minutes.ts';
import { type TickDeps, runTick } from './workflows/run-tick.ts';
import { sendNoticeNow } from './workflows/send-notice-now.ts';
import { queueSetupCheckMail } from './workflows/setup-check-mail.ts';

export type HttpFunction = (input: HttpInput) => Promise<HttpOutput>;

export interface FunctionSet {
  sheetEdit: HttpFunction;
  tick: HttpFunction;
  reconcile: HttpFunction;
  /** The page of the confirm/object links in minutes mails (GET shows it, POST records the answer). */
  minutesResponse: HttpFunction;
}

export interface Clients {
  firestore: Firestore;
  sheets: SheetsAdapter;
  /** Undefined when no sender mailbox is configured: nothing can be mailed, edits still work. */
  mailer: Mailer | undefined;
  /**
   * Google Docs and Drive for minutes documents, acting as the sender mailbox (it owns the documents and
   * shares them). Undefined when no sender mailbox is configured, like the mailer.
   */
  documents: { writer: DocumentWriter; archive: DocumentArchive } | undefined;
}

/** `now` is the clock mail is dated by (the local stack moves it; production uses real time). */
export function createClients(config: Config, now: () => DateTime = () => DateTime.now()): Clients {
  // With FIRESTORE_EMULATOR_HOST set, the client talks to the (embedded or official) emulator.
  const firestore = new Firestore({ projectId: config.projectId, ignoreUndefinedProperties: true });
  const sheets = new SheetsAdapter(
    createSheetsClient(config.workspaceRootUrl ? { rootUrl: config.workspaceRootUrl } : {}),
  );
  let mailer: Mailer | undefined;
  if (config.mailSender) {
    const client = config.workspaceRootUrl
      ? createGmailClient({ rootUrl: config.workspaceRootUrl })
      : createGmailClient({
          auth: delegatedGmailAuth({
            senderMailbox: config.mailSender,
            ...(config.gmailKeyJson ? { keyJson: config.gmailKeyJson } : {}),
          }),
        });
    // A 5xx from send is ambiguous: treat it as unknown so the Sent mailbox is checked before any resend.
    mailer = new GmailMailer(client, {
      messagesPerMinute: config.mailsPerMinute,
      requestTimeoutMs: DEFAULT_DELIVERY_POLICY.sendTimeoutMs,
      serverErrorOutcome: 'unknown',
      clock: { now: () => now().toMillis(), sleep: systemClock.sleep },
    });
  }
  let documents: Clients['documents'];
  if (config.workspaceRootUrl || config.mailSender) {
    const documentClients = config.workspaceRootUrl
      ? createDocumentClients({ rootUrl: config.workspaceRootUrl })
      : createDocumentClients({
          // Documents belong to the sender mailbox (domain-wide delegation), not to the service account, which
          // has no Drive storage of its own to speak of and is no person attendees recognise as the owner.
          auth: delegatedGmailAuth({
            senderMailbox: config.mailSender!,
            ...(config.gmailKeyJson ? { keyJson: config.gmailKeyJson } : {}),
            scopes: DOCUMENT_SCOPES,
          }),
        });
    documents = {
      writer: googleDocumentWriter(documentClients),
      archive: googleDriveArchive(
        documentClients,
        config.documentsFolderId ? { rootFolderId: config.documentsFolderId } : {},
      ),
    };
  }
  return { firestore, sheets, mailer, documents };
}

/** What tests swap in: Google's ID-token certificates (no network) and where log lines go. */
export interface FunctionOverrides {
  signingCertificates?: SigningCertificates;
  logDestination?: DestinationStream;
  /** The minutesResponse URL when it is known only once a server listens (the local stack); else the config's. */
  minutesResponseUrl?: () => string;
}

export function createFunctions(
  config: Config,
  clients: Clients,
  now: () => DateTime = () => DateTime.now(),
  overrides: FunctionOverrides = {},
): FunctionSet {
  const logs = createLogs(createLogger(config.logLevel, overrides.logDestination));
  const idTokens = config.idTokenAudience
    ? new GoogleIdTokenVerifier({
        audience: config.idTokenAudience,
        certificates: overrides.signingCertificates ?? googleSigningCertificates(),
      })
    : undefined;
  const previousSecret = config.sheetEditSecretPrevious;
  const previousUntil = config.sheetEditSecretPreviousUntil;
  const records = new FirestoreRecords(clients.firestore);
  const store = new FirestoreSheetEditStore(records, {
    timeZone: config.defaultTimeZone,
    language: config.defaultLanguage,
  });
  const outbox = new FirestoreOutbox(records);
  const workbooks = new FirestoreWorkbooks(records);
  const meetings = new FirestoreMeetings(records);
  const ruleContext = new FirestoreRuleContext(records);
  const noticeRequests = new FirestoreNoticeRequests(records);
  const actions = new FirestoreActions(records);
  const editDeps = { store, logs, rules: ruleContext };
  const attendance = {
    store: new FirestoreAttendanceResults(records),
    sheet: attendanceTabWriter(clients.sheets),
    defaultLanguage: config.defaultLanguage,
  };
  const messageIdDomain = config.messageIdDomain ?? config.mailSender?.split('@')[1] ?? 'meeting-followup.invalid';
  const delivery = (mailer: Mailer): DeliveryDeps => ({
    outbox,
    mailer,
    sender: { address: config.mailSender!, name: config.mailSenderName },
    policy: DEFAULT_DELIVERY_POLICY,
    now,
    random: Math.random,
    owner: `sender-${randomUUID()}`,
    // Minutes PDFs are attached by reference and read from the archive at send time.
    ...(clients.documents ? { files: clients.documents.archive } : {}),
  });
  const minutesStore = new FirestoreMinutes(records);
  const minutesStatus = minutesStatusWriter(clients.sheets);
  const minutesResponseUrl = () => overrides.minutesResponseUrl?.() ?? config.minutesResponseUrl;
  // Built per use: the response URL of the local stack is known only once it listens.
  const minutesDeps = (): FinalizeMinutesDeps => {
    const baseUrl = minutesResponseUrl();
    return {
      store: minutesStore,
      permissions: ruleContext,
      // Without a response page the mails would carry dead links: finalize is refused as not configured.
      ...(clients.documents && baseUrl ? { documents: clients.documents } : {}),
      workbooks,
      outbox,
      ...(clients.mailer ? { delivery: delivery(clients.mailer) } : {}),
      statusSheet: minutesStatus,
      // Finalize settles attendance first (the tick's pass), so a press right after the end shows results.
      attendance,
      // The response links are signed with the sheet's secret under their own purpose (response-link.ts).
      links: { secret: config.sheetEditSecret, baseUrl: baseUrl ?? '' },
      messageIdDomain,
      defaultTimeZone: config.defaultTimeZone,
      defaultLanguage: config.defaultLanguage,
      owner: `minutes-${randomUUID()}`,
      now,
    };
  };
  const reconcileDeps: ReconcileDeps = {
    ...editDeps,
    sheets: sheetsWorkbook(clients.sheets),
    reconcile: new FirestoreReconcileStore(records),
    // Reconciled rows are saved like typed ones; the audit names the system mailbox as their editor.
    editor: config.mailSender ?? '',
    clock: now,
  };
  const outboxTab = outboxTabWriter(clients.sheets, outbox, config.defaultLanguage);
  const tickDeps = (mailer: Mailer): TickDeps => ({
    workbooks,
    dueWork: workbooks,
    outbox,
    meetings,
    series: {
      ...editDeps,
      series: new FirestoreSeries(records),
      sheets: sheetsWorkbook(clients.sheets),
      // Generated rows are saved like typed ones; the audit names the system mailbox as their editor.
      editor: config.mailSender ?? '',
      clock: now,
    },
    attendance,
    actions: {
      lines: {
        ...editDeps,
        lines: actions,
        sheets: sheetsWorkbook(clients.sheets),
        // Action rows are saved like typed ones; the audit names the system mailbox as their editor.
        editor: config.mailSender ?? '',
      },
      tracking: { tracking: actions, sheet: computedColumnWriter(clients.sheets) },
    },
    defaultLanguage: config.defaultLanguage,
    delivery: delivery(mailer),
    messageIdDomain,
    now,
    outboxTab,
    minutes: minutesDeps(),
  });
  return {
    sheetEdit: (input) =>
      handleSheetEdit(input, {
        ...editDeps,
        secrets: {
          current: config.sheetEditSecret,
          previous:
            previousSecret && previousUntil
              ? { secret: previousSecret, untilSeconds: previousUntil.toSeconds() }
              : undefined,
        },
        windowSeconds: config.signatureWindowSeconds,
        reconcile: (workbookId) => reconcileWorkbook(workbookId, reconcileDeps),
        maxRequestBytes: config.maxRequestBytes,
        idTokens,
        now,
        finalizeMinutes: (request) => finalizeMinutesPressed(request, { ...minutesDeps(), requests: noticeRequests }),
        sendNotice: (request) =>
          sendNoticeNow(request, {
            meetings,
            outbox,
            workbooks,
            requests: noticeRequests,
            permissions: ruleContext,
            messageIdDomain,
            calendarDomain: messageIdDomain,
            defaultTimeZone: config.defaultTimeZone,
            now,
            outboxTab,
            ...(clients.mailer ? { delivery: delivery(clients.mailer) } : {}),
          }),
        ...(clients.mailer
          ? {
              sendSetupCheckMail: (request) =>
                queueSetupCheckMail(request, { ...tickDeps(clients.mailer!), timeZone: config.defaultTimeZone }),
            }
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
    minutesResponse: (input) => {
      // A rotation keeps the links already mailed working until it ends, as it does for the script's requests.
      const secrets = {
        current: config.sheetEditSecret,
        ...(previousSecret && previousUntil ? { previous: { secret: previousSecret, until: previousUntil } } : {}),
      };
      const deps = { ...minutesDeps(), secrets };
      return handleMinutesResponse(input, {
        describe: (token) => describeMinutesResponse(token, deps),
        respond: (token, answer) => respondToMinutes(token, answer, deps),
      });
    },
    reconcile: (input) =>
      handleReconcile(input, {
        workbookIds: async () => (await workbooks.all()).map((w) => w.id),
        reconcile: (workbookId) => reconcileWorkbook(workbookId, reconcileDeps),
        logFailure: (workbookId, error) => logs.reconcileFailed(workbookId, error),
      }),
  };
}
