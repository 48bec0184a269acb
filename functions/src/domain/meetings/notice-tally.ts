// What "Send notice now" reports about the notices of one press: each is sent since the press (by it, or by a
// tick running meanwhile), sent before, given up on, retrying, or still to go ("later").
import type { DateTime } from 'luxon';
import type { OutboxState } from '../mail/outbox-policy.ts';

export interface NoticeState {
  state: OutboxState;
  sentAt: DateTime | null;
}

export interface NoticeTally {
  sent: number;
  alreadySent: number;
  failed: number;
  retrying: number;
  later: number;
}

/**
 * `states` holds what the outbox shows now for each notice (absent: not found); `retryingNow` is how many this
 * press's delivery left to retry. A retrying notice is counted once, never also as "later".
 */
export function tallyNotices(
  ids: readonly string[],
  states: ReadonlyMap<string, NoticeState>,
  pressedAt: DateTime,
  retryingNow: number,
): NoticeTally {
  let sent = 0;
  let alreadySent = 0;
  let failed = 0;
  let waiting = 0;
  for (const id of ids) {
    const record = states.get(id);
    if (record?.state === 'sent') {
      if (record.sentAt && record.sentAt.toMillis() >= pressedAt.toMillis()) sent += 1;
      else alreadySent += 1;
    } else if (record?.state === 'failed') failed += 1;
    else waiting += 1;
  }
  const retrying = Math.min(retryingNow, waiting);
  return { sent, alreadySent, failed, retrying, later: waiting - retrying };
}
