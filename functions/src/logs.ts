// One named function per log event, so handlers read like prose and every line has a stable message.
// JSON lines with Cloud Logging's `severity`.
import { pino, type Logger } from 'pino';

const SEVERITY: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

export function createLogger(level: string): Logger {
  return pino({
    level,
    messageKey: 'message',
    base: undefined,
    formatters: { level: (label) => ({ severity: SEVERITY[label] ?? 'DEFAULT' }) },
  });
}

export function createLogs(logger: Logger) {
  return {
    editRefused: (reason: string, detail: Record<string, unknown> = {}) =>
      logger.warn({ reason, ...detail }, 'sheetEdit refused a request'),
    editStored: (eventId: string, spreadsheetId: string, sheetName: string, rows: number) =>
      logger.info({ eventId, spreadsheetId, sheetName, rows }, 'sheetEdit stored an edit in the inbox'),
    editApplied: (eventId: string, saved: number, invalid: number, deleted: number) =>
      logger.info({ eventId, saved, invalid, deleted }, 'sheetEdit applied an edit'),
    editFailed: (eventId: string, reference: string, error: unknown) =>
      logger.error({ eventId, reference, err: error }, 'sheetEdit failed while applying an edit'),
    tickWorkbook: (report: { workbookId: string; error?: string }) =>
      report.error
        ? logger.error(report, 'tick failed for a workbook')
        : logger.info(report, 'tick finished a workbook'),
    setupMailQueued: (spreadsheetId: string, recipient: string) =>
      logger.info({ spreadsheetId, recipient }, 'setup check mail queued'),
    noticeRequested: (spreadsheetId: string, meetingId: string, editor: string, outcome: string) =>
      logger.info({ spreadsheetId, meetingId, editor, outcome }, 'send notice now'),
  };
}

export type Logs = ReturnType<typeof createLogs>;
