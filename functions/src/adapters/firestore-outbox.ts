// The outbox in Firestore: workbooks/{spreadsheetId}/outbox/{outboxId}, one document per message. The ID is
// deterministic (kind, subject record, recipient, due slot) and documents are made with create(), so two
// ticks planning the same message cannot enqueue it twice. Claims, completions and lease sweeps are
// transactions that re-check the state they expect, so two senders never own one message at once.
import { Timestamp, type Firestore, type CollectionReference, type DocumentReference } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import type { PlannedMessage } from '../domain/mail/outbox-message.ts';
import type { OutboxState, OutboxTransition } from '../domain/mail/outbox-policy.ts';
import { chunk } from './firestore-batches.ts';

/** A planned message with its identity fixed: the outbox document ID and the RFC 822 Message-ID. */
export interface PlannedOutboxMessage extends PlannedMessage {
  outboxId: string;
  messageId: string;
  /** Small attachments only (calendar invites); kept in the document so a retry sends the same bytes. */
  attachments?: Array<{ filename: string; contentType: string; contentBase64: string }>;
}

export interface OutboxRecord extends PlannedOutboxMessage {
  id: string;
  workbookId: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Timestamp;
  leaseOwner: string | null;
  leaseExpiresAt: Timestamp | null;
  outcomeUnknown: boolean;
  lastError: string | null;
  gmailId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  sentAt: Timestamp | null;
}

/** Documents per batched read: a roster of hundreds is read in a few round trips. */
const GET_ALL_BATCH = 300;

const ts = (time: DateTime) => Timestamp.fromMillis(time.toMillis());

export class FirestoreOutbox {
  constructor(private readonly db: Firestore) {}

  private collection(workbookId: string): CollectionReference {
    return this.db.collection('workbooks').doc(workbookId).collection('outbox');
  }

  private ref(workbookId: string, id: string): DocumentReference {
    return this.collection(workbookId).doc(id);
  }

  /** Enqueues each planned message once; returns how many were new. */
  async enqueue(workbookId: string, messages: readonly PlannedOutboxMessage[], now: DateTime): Promise<number> {
    const results = await Promise.all(
      messages.map(async (message) => {
        const record: Omit<OutboxRecord, 'id'> & { id: string } = {
          ...message,
          id: message.outboxId,
          workbookId,
          state: 'pending',
          attempts: 0,
          nextAttemptAt: Timestamp.fromMillis(DateTime.fromISO(message.notBefore).toMillis()),
          leaseOwner: null,
          leaseExpiresAt: null,
          outcomeUnknown: false,
          lastError: null,
          gmailId: null,
          createdAt: ts(now),
          updatedAt: ts(now),
          sentAt: null,
        };
        try {
          await this.ref(workbookId, message.outboxId).create(record);
          return 1;
        } catch (error) {
          if ((error as { code?: number }).code === 6) return 0; // ALREADY_EXISTS: planned before
          throw error;
        }
      }),
    );
    return results.reduce<number>((a, b) => a + b, 0);
  }

  /**
   * Claims up to `limit` due pending messages for `owner` with a lease. Reads only due messages (indexed
   * state + nextAttemptAt query), never the whole outbox.
   */
  async claimDue(workbookId: string, owner: string, now: DateTime, leaseMs: number, limit: number): Promise<OutboxRecord[]> {
    const due = await this.collection(workbookId)
      .where('state', '==', 'pending')
      .where('nextAttemptAt', '<=', ts(now))
      .orderBy('nextAttemptAt')
      .limit(limit)
      .get();
    const claimed: OutboxRecord[] = [];
    for (const candidate of due.docs) {
      const record = await this.claim(candidate.ref, owner, now, leaseMs);
      if (record) claimed.push(record);
    }
    return claimed;
  }

  /**
   * Claims the messages with these outbox IDs, in order, for `owner` with a lease, as claimDue does: only those
   * still pending and due (a message sent meanwhile, held by quiet hours or owned by another sender is left
   * alone). "Send notice now" delivers its own messages this way, never the rest of the workbook's queue.
   */
  async claimDueIds(workbookId: string, ids: readonly string[], owner: string, now: DateTime, leaseMs: number): Promise<OutboxRecord[]> {
    const claimed: OutboxRecord[] = [];
    for (const id of ids) {
      const record = await this.claim(this.ref(workbookId, id), owner, now, leaseMs);
      if (record) claimed.push(record);
    }
    return claimed;
  }

  /** One claim: a transaction that re-checks the message is still pending and due before taking the lease. */
  private async claim(ref: DocumentReference, owner: string, now: DateTime, leaseMs: number): Promise<OutboxRecord | undefined> {
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const current = snap.data() as OutboxRecord | undefined;
      if (!current || current.state !== 'pending' || current.nextAttemptAt.toMillis() > now.toMillis()) return undefined;
      const update = {
        state: 'sending' as const,
        leaseOwner: owner,
        leaseExpiresAt: ts(now.plus({ milliseconds: leaseMs })),
        attempts: current.attempts + 1,
        updatedAt: ts(now),
      };
      tx.update(ref, update);
      return { ...current, ...update };
    });
  }

  /** Records an attempt's result, if `owner` still holds the lease. False when the lease was lost. */
  async complete(workbookId: string, id: string, owner: string, transition: OutboxTransition & { gmailId?: string }, now: DateTime): Promise<boolean> {
    const ref = this.ref(workbookId, id);
    return this.db.runTransaction(async (tx) => {
      const current = (await tx.get(ref)).data() as OutboxRecord | undefined;
      if (!current || current.state !== 'sending' || current.leaseOwner !== owner) return false;
      tx.update(ref, {
        state: transition.state,
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: ts(now),
        ...(transition.nextAttemptAt ? { nextAttemptAt: ts(transition.nextAttemptAt) } : {}),
        ...(transition.lastError !== undefined ? { lastError: transition.lastError } : {}),
        ...(transition.outcomeUnknown ? { outcomeUnknown: true } : {}),
        ...(transition.state === 'sent' ? { sentAt: ts(now), gmailId: transition.gmailId ?? null } : {}),
      });
      return true;
    });
  }

  /**
   * Returns messages whose lease expired (their sender died or hung) to pending. Their last attempt may
   * have reached Gmail, so they are marked outcome-unknown: the next sender checks the Sent mailbox first.
   */
  async sweepExpiredLeases(workbookId: string, now: DateTime, limit = 500): Promise<number> {
    const expired = await this.collection(workbookId)
      .where('state', '==', 'sending')
      .where('leaseExpiresAt', '<=', ts(now))
      .limit(limit)
      .get();
    let swept = 0;
    for (const doc of expired.docs) {
      const returned = await this.db.runTransaction(async (tx) => {
        const current = (await tx.get(doc.ref)).data() as OutboxRecord | undefined;
        if (!current || current.state !== 'sending' || !current.leaseExpiresAt || current.leaseExpiresAt.toMillis() > now.toMillis()) return false;
        tx.update(doc.ref, {
          state: 'pending',
          leaseOwner: null,
          leaseExpiresAt: null,
          outcomeUnknown: true,
          nextAttemptAt: ts(now),
          lastError: current.lastError ?? 'the sender stopped before finishing (lease expired)',
          updatedAt: ts(now),
        });
        return true;
      });
      if (returned) swept++;
    }
    return swept;
  }

  /** The most recently changed messages, for the Outbox tab. */
  async recent(workbookId: string, limit: number): Promise<OutboxRecord[]> {
    const snap = await this.collection(workbookId).orderBy('updatedAt', 'desc').limit(limit).get();
    return snap.docs.map((d) => d.data() as OutboxRecord);
  }

  async get(workbookId: string, id: string): Promise<OutboxRecord | undefined> {
    return (await this.ref(workbookId, id).get()).data() as OutboxRecord | undefined;
  }

  /** The messages with these IDs (absent ones left out), read in batches rather than one by one. */
  async getMany(workbookId: string, ids: readonly string[]): Promise<Map<string, OutboxRecord>> {
    const found = new Map<string, OutboxRecord>();
    for (const group of chunk([...new Set(ids)], GET_ALL_BATCH)) {
      for (const snap of await this.db.getAll(...group.map((id) => this.ref(workbookId, id)))) {
        if (snap.exists) found.set(snap.id, snap.data() as OutboxRecord);
      }
    }
    return found;
  }
}
