// The outbox in Firestore: workbooks/{spreadsheetId}/outbox/{outboxId}, one document per message. The ID is
// deterministic (kind, subject record, recipient, due slot) and documents are made with create(), so two
// ticks planning the same message cannot enqueue it twice. Claims, completions and lease sweeps are
// transactions that re-check the state they expect, so two senders never own one message at once. Documents
// hold Firestore timestamps (the due query orders by them); the port's records carry luxon DateTimes.
import { Timestamp, type CollectionReference, type DocumentReference } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import type { OutboxTransition } from '../domain/mail/outbox-policy.ts';
import type { Outbox, OutboxRecord, PlannedOutboxMessage } from '../ports/mail-ports.ts';
import { type FirestoreRecords, chunk } from './firestore-records.ts';

type TimeFields = 'nextAttemptAt' | 'leaseExpiresAt' | 'createdAt' | 'updatedAt' | 'sentAt';
/** An outbox document as stored. */
type OutboxDoc = Omit<OutboxRecord, TimeFields> & {
  nextAttemptAt: Timestamp;
  leaseExpiresAt: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  sentAt: Timestamp | null;
};

const toDateTime = (value: Timestamp): DateTime => DateTime.fromMillis(value.toMillis());
const timeOrNull = (value: Timestamp | null | undefined): DateTime | null => (value ? toDateTime(value) : null);

function fromDoc(doc: OutboxDoc): OutboxRecord {
  return {
    ...doc,
    nextAttemptAt: toDateTime(doc.nextAttemptAt),
    leaseExpiresAt: timeOrNull(doc.leaseExpiresAt),
    createdAt: toDateTime(doc.createdAt),
    updatedAt: toDateTime(doc.updatedAt),
    sentAt: timeOrNull(doc.sentAt),
  };
}

/** Documents per batched read: a roster of hundreds is read in a few round trips. */
const GET_ALL_BATCH = 300;

const ts = (time: DateTime) => Timestamp.fromMillis(time.toMillis());

export class FirestoreOutbox implements Outbox {
  constructor(private readonly records: FirestoreRecords) {}

  private get db() {
    return this.records.db;
  }

  private collection(workbookId: string): CollectionReference {
    return this.records.collection(workbookId, 'outbox');
  }

  private ref(workbookId: string, id: string): DocumentReference {
    return this.collection(workbookId).doc(id);
  }

  /** Enqueues each planned message once; returns how many were new. */
  async enqueue(workbookId: string, messages: readonly PlannedOutboxMessage[], now: DateTime): Promise<number> {
    const results = await Promise.all(
      messages.map(async (message) => {
        const record: OutboxDoc = {
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
  async claimDue(
    workbookId: string,
    owner: string,
    now: DateTime,
    leaseMs: number,
    limit: number,
  ): Promise<OutboxRecord[]> {
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
  async claimDueIds(
    workbookId: string,
    ids: readonly string[],
    owner: string,
    now: DateTime,
    leaseMs: number,
  ): Promise<OutboxRecord[]> {
    const claimed: OutboxRecord[] = [];
    for (const id of ids) {
      const record = await this.claim(this.ref(workbookId, id), owner, now, leaseMs);
      if (record) claimed.push(record);
    }
    return claimed;
  }

  /** One claim: a transaction that re-checks the message is still pending and due before taking the lease. */
  private async claim(
    ref: DocumentReference,
    owner: string,
    now: DateTime,
    leaseMs: number,
  ): Promise<OutboxRecord | undefined> {
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const current = snap.data() as OutboxDoc | undefined;
      if (current?.state !== 'pending' || current.nextAttemptAt.toMillis() > now.toMillis()) return undefined;
      const update = {
        state: 'sending' as const,
        leaseOwner: owner,
        leaseExpiresAt: ts(now.plus({ milliseconds: leaseMs })),
        attempts: current.attempts + 1,
        updatedAt: ts(now),
      };
      tx.update(ref, update);
      return fromDoc({ ...current, ...update });
    });
  }

  /** Records an attempt's result, if `owner` still holds the lease. False when the lease was lost. */
  async complete(
    workbookId: string,
    id: string,
    owner: string,
    transition: OutboxTransition & { gmailId?: string },
    now: DateTime,
  ): Promise<boolean> {
    const ref = this.ref(workbookId, id);
    return this.db.runTransaction(async (tx) => {
      const current = (await tx.get(ref)).data() as OutboxDoc | undefined;
      if (current?.state !== 'sending' || current.leaseOwner !== owner) return false;
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
        const current = (await tx.get(doc.ref)).data() as OutboxDoc | undefined;
        if (
          current?.state !== 'sending' ||
          !current.leaseExpiresAt ||
          current.leaseExpiresAt.toMillis() > now.toMillis()
        )
          return false;
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
    return snap.docs.map((d) => fromDoc(d.data() as OutboxDoc));
  }

  async get(workbookId: string, id: string): Promise<OutboxRecord | undefined> {
    const data = (await this.ref(workbookId, id).get()).data() as OutboxDoc | undefined;
    return data ? fromDoc(data) : undefined;
  }

  /** The messages with these IDs (absent ones left out), read in batches rather than one by one. */
  async getMany(workbookId: string, ids: readonly string[]): Promise<Map<string, OutboxRecord>> {
    const found = new Map<string, OutboxRecord>();
    for (const group of chunk([...new Set(ids)], GET_ALL_BATCH)) {
      for (const snap of await this.db.getAll(...group.map((id) => this.ref(workbookId, id)))) {
        if (snap.exists) found.set(snap.id, fromDoc(snap.data() as OutboxDoc));
      }
    }
    return found;
  }
}
