// All configuration comes through parseConfig(env): one zod schema, testable without touching process.env.
import { z } from 'zod';

const configSchema = z.object({
  projectId: z.string().min(1),
  /** Shared with the Apps Script project (Script Property SHEET_EDIT_SECRET). */
  sheetEditSecret: z.string().min(16, 'SHEET_EDIT_SECRET must be at least 16 characters'),
  signatureWindowSeconds: z.coerce.number().int().min(30).max(3600),
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
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = configSchema.safeParse({
    projectId: env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT ?? 'demo-meeting-followup',
    sheetEditSecret: env.SHEET_EDIT_SECRET,
    signatureWindowSeconds: env.SIGNATURE_WINDOW_SECONDS ?? 300,
    defaultTimeZone: env.DEFAULT_TIME_ZONE ?? 'Asia/Shanghai',
    defaultLanguage: env.DEFAULT_LANGUAGE ?? 'mixed',
    workspaceRootUrl: env.WORKSPACE_ROOT_URL || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    mailSender: env.MAIL_SENDER || undefined,
    mailSenderName: env.MAIL_SENDER_NAME ?? '会议跟进 Follow-up',
    mailsPerMinute: env.MAILS_PER_MINUTE ?? 60,
    messageIdDomain: env.MESSAGE_ID_DOMAIN || undefined,
    gmailKeyJson: env.GMAIL_SERVICE_ACCOUNT_KEY || undefined,
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
