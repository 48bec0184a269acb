// Delivers due outbox messages: claim (transaction + lease) → if an earlier attempt's outcome is unknown,
// look for the Message-ID in the Sent mailbox → send → record the outcome while still holding the lease.
// Each message is sent at most once: a resend happens only after the Sent mailbox says it is not there.
import type { DateTime } from 'luxon';
import type { FirestoreOutbox, OutboxRecord } from '../adapters/firestore-outbox.ts';
import { type AttemptOutcome, type DeliveryPolicy, transitionAfterAttempt } from '../domain/outbox-policy.ts';
import type { Mailer, OutgoingMail, SendOutcome } from '../ports.ts';

export interface DeliveryDeps {
  outbox: FirestoreOutbox;
  mailer: Mailer;
  sender: { address: string; name?: string };
  policy: DeliveryPolicy;
  now: () => DateTime;
  random: () => number;
  /** Identifies this sender's leases (process + invocation). */
  owner: string;
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  /** Outcomes not recorded because the lease had expired meanwhile (the sweeper took the message back). */
  leaseLost: number;
}

export function toOutgoingMail(record: OutboxRecord, sender: DeliveryDeps['sender']): OutgoingMail {
  return {
    messageId: record.messageId,
    from: sender,
    to: [record.recipient],
    subject: record.content.subject,
    text: record.content.text,
    html: record.content.html,
    attachments: (record.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
    headers: { 'X-Outbox-Id': record.id, 'Auto-Submitted': 'auto-generated' },
  };
}

async function sendWithTimeout(mailer: Mailer, mail: OutgoingMail, timeoutMs: number): Promise<SendOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SendOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'unknown', reason: `no answer from Gmail within ${timeoutMs / 1000} s` }), timeoutMs);
  });
  try {
    return await Promise.race([
      mailer.send(mail).catch((error: unknown): SendOutcome => ({ status: 'unknown', reason: error instanceof Error ? error.message : String(error) })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function isInSentMailbox(mailer: Mailer, messageId: string): Promise<boolean | undefined> {
  try {
    return await mailer.findSent(messageId);
  } catch {
    return undefined;
  }
}

async function attempt(record: OutboxRecord, deps: DeliveryDeps): Promise<AttemptOutcome> {
  if (record.outcomeUnknown) {
    const found = await isInSentMailbox(deps.mailer, record.messageId);
    if (found === true) return { status: 'sent', gmailId: '', foundInSentMailbox: true };
    // Not knowing whether it went out, we must not send again: try later.
    if (found === undefined) return { status: 'retryable', reason: 'could not check the Sent mailbox for an earlier attempt' };
  }
  const outcome = await sendWithTimeout(deps.mailer, toOutgoingMail(record, deps.sender), deps.policy.sendTimeoutMs);
  return outcome;
}

export async function deliverDueMessages(workbookId: string, deps: DeliveryDeps, limit = 50): Promise<DeliveryReport> {
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0, leaseLost: 0 };
  const claimed = await deps.outbox.claimDue(workbookId, deps.owner, deps.now(), deps.policy.leaseMs, limit);
  report.claimed = claimed.length;
  for (const record of claimed) {
    let outcome = await attempt(record, deps);
    let transition = transitionAfterAttempt(record.attempts, outcome, deps.now(), deps.policy, deps.random);
    const mayHaveGoneOut = record.outcomeUnknown || outcome.status === 'unknown';
    if (transition.state === 'failed' && mayHaveGoneOut && (await isInSentMailbox(deps.mailer, record.messageId)) === true) {
      outcome = { status: 'sent', gmailId: '', foundInSentMailbox: true };
      transition = transitionAfterAttempt(record.attempts, outcome, deps.now(), deps.policy, deps.random);
    }
    const gmailId = outcome.status === 'sent' ? outcome.gmailId : undefined;
    const recorded = await deps.outbox.complete(workbookId, record.id, deps.owner, { ...transition, ...(gmailId ? { gmailId } : {}) }, deps.now());
    if (!recorded) report.leaseLost++;
    else if (transition.state === 'sent') report.sent++;
    else if (transition.state === 'failed') report.failed++;
    else report.retrying++;
  }
  return report;
}
