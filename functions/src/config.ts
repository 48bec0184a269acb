// All configuration comes through parseConfig(env): one zod schema, testable without touching process.env.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { MAX_REQUEST_BODY_BYTES } from './contract/edit-request.ts';

/** Cloud Run's front end refuses HTTP/1 request bodies over 32 MiB, so a larger limit would never be reached. */
const CLOUD_RUN_MAX_REQUEST_BYTES = 32 * 1024 * 1024;

const configSchema = z.object({
  projectId: z.string().min(1),
  /** Shared with the Apps Script project (Script Property SHEET_EDIT_SECRET). */
  sheetEditSecret: z.string().min(16, 'SHEET_EDIT_SECRET must be at least 16 characters'),
  /**
   * During a secret rotation: the old secret, still accepted until `sheetEditSecretPreviousUntil` so scripts
   * that have not got the new Script Property yet keep working; after that instant it is refused as outdated.
   */
  sheetEditSecretPrevious: z.string().min(16, 'SHEET_EDIT_SECRET_PREVIOUS must be at least 16 characters').optional(),
  sheetEditSecretPreviousUntil: z.iso
    .datetime({ offset: true, error: 'SHEET_EDIT_SECRET_PREVIOUS_UNTIL must be an ISO instant with an offset' })
    .transform((text) => DateTime.fromISO(text, { setZone: true }))
    .optional(),
  signatureWindowSeconds: z.coerce.number().int().min(30).max(3600),
  /**
   * Bodies larger than this are refused (413) before they are parsed or their signature is checked. The script
   * splits its requests far below the default (contract/edit-request.ts: TEXT_PER_REQUEST).
   */
  maxRequestBytes: z.coerce
    .number()
    .int()
    .min(64 * 1024, 'MAX_REQUEST_BYTES must be at least 65536')
    .max(CLOUD_RUN_MAX_REQUEST_BYTES, 'MAX_REQUEST_BYTES must be at most 33554432 (Cloud Run refuses larger requests)'),
  /**
   * When set, every request must carry a Google ID token of the script (ScriptApp.getIdentityToken()) whose
   * audience is this value: the OAuth client ID of the script's Cloud project.
   */
  idTokenAudience: z.string().min(1).optional(),
  defaultTimeZone: z.string().refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'DEFAULT_TIME_ZONE must be an IANA time zone such as Asia/Shanghai'),
  defaultLanguage: z.enum(['en', 'zh', 'mixed']),
  /** Local Workspace emulator (googleapis rootUrl); unset in production. */
  workspaceRootUrl: z.url().optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']),
  /** The mailbox notices are sent as (Gmail API, domain-wide delegation in production). */
  mailSender: z.email('MAIL_SENDER must be an e-mail address').optional(),
  mailSenderName: z.string().min(1),
  mailsPerMinute: z.coerce.number().int().min(1).max(10_000),
  /** Right-hand side of our RFC 822 Message-IDs; defaults to the sender's domain. */
  messageIdDomain: z.string().min(1).optional(),
  /** Service-account key JSON for Gmail domain-wide delegation (from Secret Manager). Without it, Application
   * Default Credentials must themselves be a key file: a Cloud Functions runtime identity cannot delegate. */
  gmailKeyJson: z.string().optional(),
  /**
   * The Drive folder the minutes archive lives in (per-meeting folders are created inside it), e.g. a folder in
   * a shared drive; the document owner's My Drive when unset.
   */
  documentsFolderId: z.string().min(1).optional(),
});

// A previous secret without an end would be a second permanent secret; an end without one is a typo.
const checkedConfigSchema = configSchema.superRefine((config, context) => {
  const previous = config.sheetEditSecretPrevious !== undefined;
  const until = config.sheetEditSecretPreviousUntil !== undefined;
  if (previous !== until) {
    context.addIssue({
      code: 'custom',
      path: [previous ? 'sheetEditSecretPreviousUntil' : 'sheetEditSecretPrevious'],
      message: 'SHEET_EDIT_SECRET_PREVIOUS and SHEET_EDIT_SECRET_PREVIOUS_UNTIL are set together (or neither)',
    });
  }
  if (previous && config.sheetEditSecretPrevious === config.sheetEditSecret) {
    context.addIssue({
      code: 'custom',
      path: ['sheetEditSecretPrevious'],
      message: 'SHEET_EDIT_SECRET_PREVIOUS must differ from SHEET_EDIT_SECRET',
    });
  }
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = checkedConfigSchema.safeParse({
    projectId: env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT ?? 'demo-meeting-followup',
    sheetEditSecret: env.SHEET_EDIT_SECRET,
    sheetEditSecretPrevious: env.SHEET_EDIT_SECRET_PREVIOUS || undefined,
    sheetEditSecretPreviousUntil: env.SHEET_EDIT_SECRET_PREVIOUS_UNTIL || undefined,
    signatureWindowSeconds: env.SIGNATURE_WINDOW_SECONDS ?? 300,
    maxRequestBytes: env.MAX_REQUEST_BYTES ?? MAX_REQUEST_BODY_BYTES,
    idTokenAudience: env.SHEET_EDIT_ID_TOKEN_AUDIENCE?.trim() || undefined,
    defaultTimeZone: env.DEFAULT_TIME_ZONE ?? 'Asia/Shanghai',
    defaultLanguage: env.DEFAULT_LANGUAGE ?? 'mixed',
    workspaceRootUrl: env.WORKSPACE_ROOT_URL || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    mailSender: env.MAIL_SENDER || undefined,
    mailSenderName: env.MAIL_SENDER_NAME ?? '会议跟进 Follow-up',
    mailsPerMinute: env.MAILS_PER_MINUTE ?? 60,
    messageIdDomain: env.MESSAGE_ID_DOMAIN || undefined,
    gmailKeyJson: env.GMAIL_SERVICE_ACCOUNT_KEY || undefined,
    documentsFolderId: env.DOCUMENTS_FOLDER_ID?.trim() || undefined,
  });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/** What `npm run workbook:init` reads from the environment: it needs no secret or Firestore, only these. */
export interface WorkbookInitEnv {
  /**
   * The language of new tab names and headers. DEFAULT_LANGUAGE may also be "mixed" (bilingual Status
   * messages); tabs need one language, and the design's users are primarily Chinese-speaking.
   */
  tabLanguage: 'zh' | 'en';
  /** Local Workspace emulator (googleapis rootUrl); checked as a URL with the command-line option. */
  workspaceRootUrl?: string;
}

export function parseWorkbookInitEnv(env: Readonly<Record<string, string | undefined>>): WorkbookInitEnv {
  const workspaceRootUrl = env.WORKSPACE_ROOT_URL || undefined;
  return {
    tabLanguage: env.DEFAULT_LANGUAGE === 'en' ? 'en' : 'zh',
    ...(workspaceRootUrl ? { workspaceRootUrl } : {}),
  };
}
