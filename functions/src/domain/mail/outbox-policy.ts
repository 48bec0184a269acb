// What happens to an outbox message after each delivery attempt. Exponential backoff with "full jitter"
// spreads retries of many messages that failed together (one Gmail outage) instead of retrying them in
// lockstep; Retry-After from a 429 is honoured as a floor. An attempt whose outcome is unknown is never
// simply resent: the next attempt first looks for the message in the Sent mailbox.
import type { DateTime } from 'luxon';

export interface DeliveryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed message belongs to one sender; longer than a send can take (see sendTimeoutMs). */
  leaseMs: number;
  /** A send that takes longer is abandoned, so a lease never expires while its send may still land. */
  sendTimeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  leaseMs: 5 * 60_000,
  sendTimeoutMs: 60_000,
};

export type AttemptOutcome =
  | { status: 'sent'; gmailId: string; foundInSentMailbox?: boolean }
  | { status: 'retryable'; reason: string; retryAfterMs?: number }
  | { status: 'unknown'; reason: string }
  | { status: 'permanent'; reason: string };

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';

export interface OutboxTransition {
  state: OutboxState;
  /** When a pending message may be tried again. */
  nextAttemptAt?: DateTime;
  lastError?: string | null;
  /** True once any attempt may have reached Gmail without us knowing. */
  outcomeUnknown?: boolean;
}

/** Delay before attempt `attempt + 1`, after `attempt` failures: random in [0, min(max, base·2^(attempt-1))]. */
export function retryDelayMs(attempt: number, policy: DeliveryPolicy, random: () => number, retryAfterMs = 0): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  // Never retry sooner than one base delay's tenth, so a burst of failures cannot become a retry storm.
  const jittered = Math.max(policy.baseDelayMs / 10, random() * ceiling);
  return Math.max(jittered, retryAfterMs);
}

export function transitionAfterAttempt(
  attempts: number,
  outcome: AttemptOutcome,
  now: DateTime,
  policy: DeliveryPolicy,
  random: () => number,
): OutboxTransition {
  switch (outcome.status) {
    case 'sent':
      return { state: 'sent', lastError: null };
    case 'permanent':
      return { state: 'failed', lastError: outcome.reason };
    case 'retryable':
    case 'unknown': {
      const unknown = outcome.status === 'unknown' ? { outcomeUnknown: true } : {};
      if (attempts >= policy.maxAttempts) {
        return { state: 'failed', lastError: `${outcome.reason} (gave up after ${attempts} attempts)`, ...unknown };
      }
      const retryAfter = outcome.status === 'retryable' ? outcome.retryAfterMs : undefined;
      const delay = retryDelayMs(attempts, policy, random, retryAfter);
      return {
        state: 'pending',
        nextAttemptAt: now.plus({ milliseconds: delay }),
        lastError: outcome.reason,
        ...unknown,
      };
    }
  }
}
