import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DELIVERY_POLICY,
  retryDelayMs,
  transitionAfterAttempt,
} from '../../../functions/src/domain/mail/outbox-policy.ts';

const NOW = DateTime.fromISO('2026-11-30T09:00:00+08:00', { setZone: true });
const POLICY = { ...DEFAULT_DELIVERY_POLICY, baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 8 };

describe('transitionAfterAttempt: what an attempt does to a message', () => {
  const cases = [
    {
      name: 'sent → sent, error cleared',
      attempts: 1,
      outcome: { status: 'sent', gmailId: 'g1' } as const,
      state: 'sent',
    },
    {
      name: 'permanent 4xx → failed at once with the reason',
      attempts: 1,
      outcome: { status: 'permanent', reason: 'Invalid To header' } as const,
      state: 'failed',
      error: 'Invalid To header',
    },
    {
      name: 'retryable → pending again, later',
      attempts: 1,
      outcome: { status: 'retryable', reason: 'HTTP 429' } as const,
      state: 'pending',
      error: 'HTTP 429',
    },
    {
      name: 'unknown → pending, marked for a Sent-mailbox check',
      attempts: 2,
      outcome: { status: 'unknown', reason: 'timeout' } as const,
      state: 'pending',
      unknown: true,
    },
    {
      name: 'retryable on the last attempt → failed, saying it gave up',
      attempts: 8,
      outcome: { status: 'retryable', reason: 'HTTP 503' } as const,
      state: 'failed',
      error: 'HTTP 503 (gave up after 8 attempts)',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const t = transitionAfterAttempt(c.attempts, c.outcome, NOW, POLICY, () => 0.5);
      expect(t.state).toBe(c.state);
      if (c.error !== undefined) expect(t.lastError).toBe(c.error);
      if (c.state === 'pending') expect(t.nextAttemptAt!.toMillis()).toBeGreaterThan(NOW.toMillis());
      if (c.unknown) expect(t.outcomeUnknown).toBe(true);
    });
  }
});

describe('retryDelayMs: exponential backoff with full jitter', () => {
  const table = [
    { attempt: 1, random: 1, expected: 30_000 },
    { attempt: 2, random: 1, expected: 60_000 },
    { attempt: 5, random: 1, expected: 480_000 },
    { attempt: 20, random: 1, expected: 3_600_000 }, // capped
    { attempt: 3, random: 0.5, expected: 60_000 },
    { attempt: 3, random: 0, expected: 3_000 }, // floor: a tenth of the base delay, never an immediate retry
  ];
  for (const row of table) {
    it(`attempt ${row.attempt}, random ${row.random} → ${row.expected} ms`, () => {
      expect(retryDelayMs(row.attempt, POLICY, () => row.random)).toBe(row.expected);
    });
  }

  it('honours Retry-After as a floor', () => {
    expect(retryDelayMs(1, POLICY, () => 0.1, 120_000)).toBe(120_000);
  });

  it('spreads messages that failed together instead of retrying them in lockstep', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const delays = Array.from({ length: 200 }, () => retryDelayMs(4, POLICY, random));
    expect(new Set(delays.map((d) => Math.round(d / 1000))).size).toBeGreaterThan(100);
    expect(Math.max(...delays)).toBeLessThanOrEqual(240_000);
  });
});
