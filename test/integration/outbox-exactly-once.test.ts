// Exactly-once delivery: 200 due messages, 30% of Gmail sends failing, two senders running at once, and a
// sender that dies mid-batch (after Gmail accepted some of its messages, before it recorded them). Every
// message must reach the mailbox exactly once (counted by Message-ID in the Workspace emulator) and none
// may stay in `sending`. Real GmailMailer over HTTP, real Firestore transactions in the embedded emulator.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirestoreOutbox } from '../../functions/src/adapters/firestore-outbox.ts';
import { FirestoreRecords } from '../../functions/src/adapters/firestore-records.ts';
import { GmailMailer, createGmailClient } from '../../functions/src/adapters/gmail.ts';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from '../../functions/src/domain/mail/outbox-policy.ts';
import type { Mailer, OutboxRecord } from '../../functions/src/ports/mail-ports.ts';
import {
  type DeliveryDeps,
  deliverDueMessages,
  deliverMessagesNow,
} from '../../functions/src/workflows/deliver-outbox.ts';
import { withIdentity } from '../../functions/src/workflows/run-tick.ts';
import { startWorkspaceEmulator, type WorkspaceEmulator } from '../../local/workspace-emulator/index.ts';
import { newTestFirestore } from '../support/firestore.ts';

const db = newTestFirestore('outbox');
let workspace: WorkspaceEmulator;
let mailer: GmailMailer;

const T0 = DateTime.fromISO('2026-11-30T09:00:00', { zone: 'Asia/Shanghai' });
const POLICY: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY, maxAttempts: 12, baseDelayMs: 1_000, maxDelayMs: 60_000 };

beforeAll(async () => {
  workspace = await startWorkspaceEmulator({ port: 0 });
  // 5xx from a send is ambiguous: the sender checks the Sent mailbox before trying again.
  mailer = new GmailMailer(createGmailClient({ rootUrl: workspace.rootUrl }), {
    messagesPerMinute: 1_000_000,
    serverErrorOutcome: 'unknown',
  });
});

afterAll(async () => {
  await workspace.stop();
  await db.terminate();
});

function plannedMessages(workbookId: string, count: number) {
  return Array.from({ length: count }, (_, i) =>
    withIdentity(
      {
        kind: 'urgent',
        subjectRecord: `meetings/M-${String(i).padStart(8, '0')}`,
        recipient: `person${i % 17}@demo.example`,
        dueSlot: '2026-11-30T01:00Z',
        notBefore: T0.toISO()!,
        language: 'zh',
        content: { subject: `提醒 Reminder ${i}`, text: `Message ${i}`, html: `<p>Message ${i}</p>` },
      },
      `${workbookId}.test.invalid`,
    ),
  );
}

function deps(owner: string, clock: { now: DateTime }, mail: Mailer = mailer): DeliveryDeps {
  return {
    outbox: new FirestoreOutbox(new FirestoreRecords(db)),
    mailer: mail,
    sender: { address: 'notices@demo.example', name: '会议跟进 Follow-up' },
    policy: POLICY,
    now: () => clock.now,
    random: Math.random,
    owner,
  };
}

async function states(workbookId: string): Promise<Map<string, number>> {
  const snap = await db.collection(`workbooks/${workbookId}/outbox`).get();
  const counts = new Map<string, number>();
  for (const doc of snap.docs) counts.set(doc.get('state'), (counts.get(doc.get('state')) ?? 0) + 1);
  return counts;
}

describe('outbox delivery is exactly once', () => {
  it(
    'delivers 200 messages once each despite 30% failures,' + ' two concurrent senders and a sender killed mid-batch',
    async () => {
      const workbookId = `book-${randomUUID().slice(0, 8)}`;
      const outbox = new FirestoreOutbox(new FirestoreRecords(db));
      const clock = { now: T0 };
      const messages = plannedMessages(workbookId, 200);
      // Two ticks planning the same messages at once enqueue each one once.
      const [first, second] = await Promise.all([
        outbox.enqueue(workbookId, messages, clock.now),
        outbox.enqueue(workbookId, messages, clock.now),
      ]);
      expect(first + second).toBe(200);

      // 30% of sends fail; Gmail stored the message anyway (an unknown outcome the sender must not resend blindly).
      workspace.gmailFaults.set({ sendFailureRate: 0.3, status: 500, failAfterSend: true, seed: 7 });

      // A sender that dies mid-batch: Gmail accepts its 10th message, then the process is gone before it records
      // that, leaving the rest of its claimed batch in `sending` with a lease.
      let calls = 0;
      const dying: Mailer = {
        findSent: (id) => mailer.findSent(id),
        send: async (mail) => {
          calls++;
          if (calls < 10) return mailer.send(mail);
          if (calls === 10) await mailer.send(mail);
          return new Promise(() => {}); // never answers: the process was killed
        },
      };
      void deliverDueMessages(workbookId, deps('killed-sender', clock, dying), 40);
      // Let it claim its batch and get stuck, then run two healthy senders concurrently.
      for (let i = 0; i < 100 && calls < 10; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(calls).toBe(10);
      expect((await states(workbookId)).get('sending')).toBeGreaterThan(20);

      for (let round = 0; round < 40; round++) {
        await outbox.sweepExpiredLeases(workbookId, clock.now);
        await Promise.all([
          deliverDueMessages(workbookId, deps('sender-a', clock), 60),
          deliverDueMessages(workbookId, deps('sender-b', clock), 60),
        ]);
        const counts = await states(workbookId);
        if ((counts.get('sent') ?? 0) === 200) break;
        // Time passes: backoffs elapse and the killed sender's leases expire.
        clock.now = clock.now.plus({ minutes: 6 });
      }

      const counts = await states(workbookId);
      expect(counts.get('sending') ?? 0).toBe(0);
      expect(counts.get('sent')).toBe(200);
      for (const message of messages) {
        expect(workspace.gmailSentCount(message.messageId), message.messageId).toBe(1);
      }
      // The failures really happened: some messages needed more than one attempt, some were found in Sent.
      const records = (await db.collection(`workbooks/${workbookId}/outbox`).get()).docs.map(
        (d) => d.data() as OutboxRecord,
      );
      expect(records.filter((r) => r.attempts > 1).length).toBeGreaterThan(20);
      expect(records.filter((r) => r.outcomeUnknown).length).toBeGreaterThan(20);
    },
  );

  it('retries 5xx failures that stored nothing, and sends each message once', async () => {
    const workbookId = `book-${randomUUID().slice(0, 8)}`;
    const outbox = new FirestoreOutbox(new FirestoreRecords(db));
    const clock = { now: T0 };
    const messages = plannedMessages(workbookId, 60);
    await outbox.enqueue(workbookId, messages, clock.now);
    workspace.gmailFaults.set({ sendFailureRate: 0.3, status: 503, seed: 11 });
    for (let round = 0; round < 40; round++) {
      await Promise.all([
        deliverDueMessages(workbookId, deps('a', clock), 100),
        deliverDueMessages(workbookId, deps('b', clock), 100),
      ]);
      if (((await states(workbookId)).get('sent') ?? 0) === 60) break;
      clock.now = clock.now.plus({ minutes: 2 });
    }
    expect((await states(workbookId)).get('sent')).toBe(60);
    for (const message of messages) expect(workspace.gmailSentCount(message.messageId)).toBe(1);
  });

  it('a permanent 4xx fails the message with its reason after one attempt (no retry storm)', async () => {
    const workbookId = `book-${randomUUID().slice(0, 8)}`;
    const outbox = new FirestoreOutbox(new FirestoreRecords(db));
    const clock = { now: T0 };
    const [message] = plannedMessages(workbookId, 1);
    await outbox.enqueue(workbookId, [message!], clock.now);
    workspace.gmailFaults.set({ permanentFailureFor: [message!.recipient] });
    for (let round = 0; round < 3; round++) {
      await deliverDueMessages(workbookId, deps('a', clock), 10);
      clock.now = clock.now.plus({ hours: 1 });
    }
    const record = await outbox.get(workbookId, message!.outboxId);
    expect(record?.state).toBe('failed');
    expect(record?.attempts).toBe(1);
    expect(record?.lastError).toMatch(/Invalid To header/);
    expect(workspace.gmailSentCount(message!.messageId)).toBe(0);
  });
});

describe('delivering chosen messages within bounds ("Send notice now")', () => {
  it(
    'claims only the given IDs that are pending and due,' + ' with a lease; two claimers at once never share one',
    async () => {
      const workbookId = `book-${randomUUID().slice(0, 8)}`;
      const outbox = new FirestoreOutbox(new FirestoreRecords(db));
      const [a, b, c, d, held] = plannedMessages(workbookId, 5);
      const later = { ...held!, notBefore: T0.plus({ hours: 9 }).toISO()! };
      await outbox.enqueue(workbookId, [a!, b!, c!, d!, later], T0);

      const claimed = await outbox.claimDueIds(
        workbookId,
        [a!.outboxId, later.outboxId, 'no-such-message', b!.outboxId],
        'menu',
        T0,
        POLICY.leaseMs,
      );
      expect(claimed.map((r) => r.id)).toEqual([a!.outboxId, b!.outboxId]);
      for (const record of claimed) {
        expect(record).toMatchObject({ state: 'sending', leaseOwner: 'menu', attempts: 1 });
        expect(record.leaseExpiresAt!.toMillis()).toBe(T0.toMillis() + POLICY.leaseMs);
      }
      // Held by quiet hours: left alone, as claimDue leaves it.
      expect((await outbox.get(workbookId, later.outboxId))?.state).toBe('pending');
      // Already claimed: not claimed again, by the same or another sender.
      expect(await outbox.claimDueIds(workbookId, [a!.outboxId], 'other', T0, POLICY.leaseMs)).toEqual([]);

      const ids = [c!.outboxId, d!.outboxId];
      const [first, second] = await Promise.all([
        outbox.claimDueIds(workbookId, ids, 'x', T0, POLICY.leaseMs),
        outbox.claimDueIds(workbookId, [...ids].reverse(), 'y', T0, POLICY.leaseMs),
      ]);
      expect([...first, ...second].map((r) => r.id).sort()).toEqual([...ids].sort());
    },
  );

  it(
    'sends only its own messages, at most maxMessages and none started after the time budget; the rest stay ' +
      'pending for the tick',
    async () => {
      workspace.gmailFaults.clear();
      const workbookId = `book-${randomUUID().slice(0, 8)}`;
      const outbox = new FirestoreOutbox(new FirestoreRecords(db));
      const clock = { now: T0 };
      const messages = plannedMessages(workbookId, 30);
      const own = messages.slice(0, 20);
      const others = messages.slice(20);
      await outbox.enqueue(workbookId, messages, clock.now);
      const ownIds = own.map((m) => m.outboxId);

      // By count: 4 of its 20, none of the workbook's other due messages.
      const byCount = await deliverMessagesNow(workbookId, ownIds, deps('menu-1', clock), {
        maxMessages: 4,
        until: T0.plus({ minutes: 1 }),
      });
      expect(byCount).toMatchObject({ claimed: 4, sent: 4, deferred: 16 });
      for (const [i, message] of own.entries())
        expect(workspace.gmailSentCount(message.messageId), message.outboxId).toBe(i < 4 ? 1 : 0);
      for (const message of others) expect(workspace.gmailSentCount(message.messageId)).toBe(0);
      // The rest are plain pending messages: no lease to wait out, no attempt counted.
      for (const message of own.slice(4))
        expect(await outbox.get(workbookId, message.outboxId)).toMatchObject({
          state: 'pending',
          attempts: 0,
          leaseOwner: null,
        });

      // By time: each send takes 3 s of the clock; with a 10 s budget, sends start at 0, 3, 6 and 9 s only.
      const slow: Mailer = {
        findSent: (id) => mailer.findSent(id),
        send: async (mail) => {
          const outcome = await mailer.send(mail);
          clock.now = clock.now.plus({ seconds: 3 });
          return outcome;
        },
      };
      const byTime = await deliverMessagesNow(workbookId, ownIds, deps('menu-2', clock, slow), {
        maxMessages: 100,
        until: clock.now.plus({ seconds: 10 }),
      });
      expect(byTime).toMatchObject({ claimed: 4, sent: 4, deferred: 12 });
      expect(own.filter((m) => workspace.gmailSentCount(m.messageId) === 1)).toHaveLength(8);

      // The next tick sends everything left, each message once.
      await deliverDueMessages(workbookId, deps('tick', clock), 50);
      for (const message of messages) expect(workspace.gmailSentCount(message.messageId), message.outboxId).toBe(1);
      expect((await states(workbookId)).get('sent')).toBe(30);
    },
  );
});
