// Delivers due outbox messages: claim (transaction + lease) → if an earlier attempt's outcome is unknown,
// look for the Message-ID in the Sent mailbox → send → record the outcome while still holding the lease.
// Each message is sent at most once: a resend happens only after the Sent mailbox says it is not there.
// The tick claims the workbook's due messages; "Send notice now" claims only its own, and only as many as fit
// in the request; both deliver what they claimed through deliverClaimed.
import type { DateTime } from 'luxon';
import { type AttemptOutcome, type DeliveryPolicy, transitionAfterAttempt } from '../domain/mail/outbox-policy.ts';
import type { Mailer, OutgoingMail, Outbox, OutboxRecord, SendOutcome } from '../ports/mail-ports.ts';

export interface DeliveryDeps {
  outbox: Outbox;
  mailer: Mailer;
  sender: { address: string; name?: string };
  policy: DeliveryPolicy;
  now: () => DateTime;
  random: () => number;
  /** Identifies this sender's leases (process + invocation). */
  owner: string;
  /** Reads the stored files a message attaches by reference (attachmentFiles); absent: such a message waits. */
  files?: StoredFiles;
}

/** The archive's stored files, read at send time (a minutes PDF is too large for the outbox document). */
export interface StoredFiles {
  readFile(fileId: string): Promise<Buffer>;
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
    attachments: (record.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.contentBase64, 'base64'),
    })),
    headers: { 'X-Outbox-Id': record.id, 'Auto-Submitted': 'auto-generated' },
  };
}

async function sendWithTimeout(mailer: Mailer, mail: OutgoingMail, timeoutMs: number): Promise<SendOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SendOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'unknown', reason: `no answer from Gmail within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      mailer.send(mail).catch(
        (error: unknown): SendOutcome => ({
          status: 'unknown',
          reason: error instanceof Error ? error.message : String(error),
        }),
      ),
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
    if (found === undefined)
      return { status: 'retryable', reason: 'could not check the Sent mailbox for an earlier attempt' };
  }
  const mail = toOutgoingMail(record, deps.sender);
  if ((record.attachmentFiles ?? []).length > 0) {
    // Read before sending: a file that cannot be read now is retried later rather than sent without it.
    if (!deps.files) return { status: 'retryable', reason: 'no file store to read the attachments from' };
    try {
      for (const file of record.attachmentFiles!)
        mail.attachments = [
          ...(mail.attachments ?? []),
          { filename: file.filename, contentType: file.contentType, content: await deps.files.readFile(file.fileId) },
        ];
    } catch (error) {
      return { status: 'retryable', reason: `attachment not readable: ${String(error)}` };
    }
  }
  return sendWithTimeout(deps.mailer, mail, deps.policy.sendTimeoutMs);
}

/** Delivers the given messages, every one claimed by this sender: the one path both ways of claiming share. */
export async function deliverClaimed(
  workbookId: string,
  claimed: readonly OutboxRecord[],
  deps: DeliveryDeps,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { claimed: claimed.length, sent: 0, retrying: 0, failed: 0, leaseLost: 0 };
  for (const record of claimed) {
    let outcome = await attempt(record, deps);
    let transition = transitionAfterAttempt(record.attempts, outcome, deps.now(), deps.policy, deps.random);
    const mayHaveGoneOut = record.outcomeUnknown || outcome.status === 'unknown';
    if (
      transition.state === 'failed' &&
      mayHaveGoneOut &&
      (await isInSentMailbox(deps.mailer, record.messageId)) === true
    ) {
      outcome = { status: 'sent', gmailId: '', foundInSentMailbox: true };
      transition = transitionAfterAttempt(record.attempts, outcome, deps.now(), deps.policy, deps.random);
    }
    const gmailId = outcome.status === 'sent' ? outcome.gmailId : undefined;
    const recorded = await deps.outbox.complete(
      workbookId,
      record.id,
      deps.owner,
      { ...transition, ...(gmailId ? { gmailId } : {}) },
      deps.now(),
    );
    if (!recorded) report.leaseLost++;
    else if (transition.state === 'sent') report.sent++;
    else if (transition.state === 'failed') report.failed++;
    else report.retrying++;
  }
  return report;
}

/** The scheduler's way: the workbook's due messages, oldest first, up to `limit`. */
export async function deliverDueMessages(workbookId: string, deps: DeliveryDeps, limit = 50): Promise<DeliveryReport> {
  const claimed = await deps.outbox.claimDue(workbookId, deps.owner, deps.now(), deps.policy.leaseMs, limit);
  return deliverClaimed(workbookId, claimed, deps);
}

export interface DeliveryBounds {
  /** At most this many messages are attempted. */
  maxMessages: number;
  /** No attempt starts at or after this instant (by deps.now); one already started finishes. */
  until: DateTime;
}

export interface BoundedDeliveryReport extends DeliveryReport {
  /** Messages that were pending and due but left for the next tick because a bound was reached. */
  deferred: number;
}

/**
 * Delivers only these messages (by outbox ID, in order) and within bounds, for a caller that waits for the
 * answer: "Send notice now" answers inside the HTTP request Apps Script is waiting on. Messages already sent,
 * held by quiet hours or owned by another sender are skipped. Each message is claimed just before it is sent,
 * so when a bound is reached the rest are still plain pending messages the next tick sends, with no lease to
 * wait out.
 */
export async function deliverMessagesNow(
  workbookId: string,
  ids: readonly string[],
  deps: DeliveryDeps,
  bounds: DeliveryBounds,
): Promise<BoundedDeliveryReport> {
  const report: BoundedDeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0, leaseLost: 0, deferred: 0 };
  // One batched read finds the candidates, so messages sent long ago cost no transaction each.
  const known = await deps.outbox.getMany(workbookId, ids);
  const candidates = ids.filter((id) => {
    const record = known.get(id);
    return record?.state === 'pending' && record.nextAttemptAt.toMillis() <= deps.now().toMillis();
  });
  for (const [index, id] of candidates.entries()) {
    if (report.claimed >= bounds.maxMessages || deps.now() >= bounds.until) {
      report.deferred = candidates.length - index;
      break;
    }
    const claimed = await deps.outbox.claimDueIds(workbookId, [id], deps.owner, deps.now(), deps.policy.leaseMs);
    const delivered = await deliverClaimed(workbookId, claimed, deps);
    report.claimed += delivered.claimed;
    report.sent += delivered.sent;
    report.retrying += delivered.retrying;
    report.failed += delivered.failed;
    report.leaseLost += delivered.leaseLost;
  }
  return report;
}
