// Transactions with real isolation, as Firestore runs them for server SDKs: a read-write transaction takes
// a shared lock on every document it reads, and its commit needs every written document free of other
// transactions' locks. Conflicts are settled by wound-wait: an older transaction that needs a lock held by
// a younger one aborts ("wounds") the younger one, which the client retries (ABORTED); a younger one waits
// for an older one. Waits therefore only ever point from younger to older, so there is no deadlock. A retry
// keeps the age of the attempt it retries, so it cannot starve. Non-transactional writes wait until no
// transaction holds the document. A transaction idle past its deadline expires and releases its locks, so
// an abandoned one cannot block forever.
import { randomBytes } from 'node:crypto';
import { aborted, invalidArgument } from './rpc-error.ts';

export interface TransactionOptions {
  /** A transaction holding locks with no request in flight for this long expires. */
  idleTimeoutMs: number;
  /** A request waiting this long for a lock gives up with ABORTED. */
  lockWaitTimeoutMs: number;
}

export const DEFAULT_TRANSACTION_OPTIONS: TransactionOptions = { idleTimeoutMs: 15_000, lockWaitTimeoutMs: 45_000 };

/** Firestore's limit on a transaction's whole life; read-only transactions hold no locks and live this long. */
const MAX_TRANSACTION_AGE_MS = 270_000;

export interface QueryCheck {
  /** Re-runs the query and returns a fingerprint of its result (names and update times). */
  fingerprint: () => string;
  expected: string;
}

type TransactionState = 'active' | 'committed' | 'rolledBack' | 'expired' | 'wounded';

let nextPriority = 0;

export class Transaction {
  readonly id: Buffer = randomBytes(16);
  readonly locks = new Set<string>();
  readonly queryChecks: QueryCheck[] = [];
  /** Lower is older; a retry inherits the priority of the attempt it retries. */
  readonly priority: number;
  state: TransactionState = 'active';
  readonly startedAt = Date.now();
  lastActivity = Date.now();
  inFlight = 0;
  /** Rejects the lock wait in progress, when the transaction is wounded or expires meanwhile. */
  cancelWait: ((error: Error) => void) | undefined;

  constructor(
    readonly database: string,
    readonly readOnly: boolean,
    /** Snapshot time for read-only transactions. */
    readonly readTime: bigint | undefined,
    priority?: number,
  ) {
    this.priority = priority ?? nextPriority++;
  }

  get key(): string {
    return this.id.toString('base64');
  }
}

export class TransactionManager {
  private readonly transactions = new Map<string, Transaction>();
  /** Document name → transactions holding a shared (read) lock on it. */
  private readonly readers = new Map<string, Set<Transaction>>();
  /** Document name → committing transactions waiting for it to be free. */
  private readonly committers = new Map<string, Set<Transaction>>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: TransactionOptions = DEFAULT_TRANSACTION_OPTIONS) {
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(1000, Math.max(50, options.idleTimeoutMs / 4)));
    this.sweeper.unref();
  }

  /**
   * `retrying` is the ID of the attempt a read-write retry replaces (TransactionOptions.readWrite.retryTransaction).
   */
  begin(database: string, readOnly: boolean, readTime: bigint | undefined, retrying?: Uint8Array): Transaction {
    const previous = retrying?.length ? this.transactions.get(Buffer.from(retrying).toString('base64')) : undefined;
    const transaction = new Transaction(database, readOnly, readTime, previous?.priority);
    this.transactions.set(transaction.key, transaction);
    return transaction;
  }

  /** Looks up a live transaction of this database, or fails the way Firestore does. */
  get(database: string, id: Uint8Array): Transaction {
    const transaction = this.transactions.get(Buffer.from(id).toString('base64'));
    if (!transaction || transaction.database !== database)
      throw invalidArgument('Transaction not found or invalid transaction ID');
    this.assertActive(transaction);
    return transaction;
  }

  /** Marks a request in flight, so a transaction waiting on a lock or reading is never taken for idle. */
  async track<T>(transaction: Transaction | undefined, work: () => Promise<T> | T): Promise<T> {
    if (!transaction) return work();
    transaction.inFlight++;
    transaction.lastActivity = Date.now();
    try {
      return await work();
    } finally {
      transaction.inFlight--;
      transaction.lastActivity = Date.now();
    }
  }

  /** Takes a shared lock for a read in a read-write transaction. */
  async lockForRead(transaction: Transaction, name: string): Promise<void> {
    for (;;) {
      this.assertActive(transaction);
      if (transaction.locks.has(name)) return;
      // An older transaction already waiting to write this document goes first; new readers would starve it.
      const olderWriter = [...(this.committers.get(name) ?? [])].some(
        (c) => c !== transaction && c.priority < transaction.priority,
      );
      if (!olderWriter) break;
      await this.waitFor(transaction, name);
    }
    let set = this.readers.get(name);
    if (!set) {
      set = new Set();
      this.readers.set(name, set);
    }
    set.add(transaction);
    transaction.locks.add(name);
  }

  /**
   * Waits until no transaction other than `self` holds a lock on any of `names`; an older `self` wounds
   * younger holders instead of waiting. The caller then applies its writes synchronously, so nothing can
   * take a lock in between. `self` is undefined for non-transactional writes, which only wait.
   */
  async acquireForCommit(names: Iterable<string>, self: Transaction | undefined): Promise<void> {
    const list = [...new Set(names)];
    if (self) for (const name of list) this.markCommitter(name, self, true);
    try {
      for (;;) {
        if (self) this.assertActive(self);
        let blocked: string | undefined;
        for (const name of list) {
          for (const holder of this.readers.get(name) ?? []) {
            if (holder === self) continue;
            if (self && self.priority < holder.priority) this.finish(holder, 'wounded');
            else blocked ??= name;
          }
        }
        if (blocked === undefined) return;
        await this.waitFor(self, blocked);
      }
    } finally {
      if (self) for (const name of list) this.markCommitter(name, self, false);
    }
  }

  finish(transaction: Transaction, state: Exclude<TransactionState, 'active'>): void {
    if (transaction.state !== 'active') return;
    transaction.state = state;
    for (const name of transaction.locks) {
      this.readers.get(name)?.delete(transaction);
      if (this.readers.get(name)?.size === 0) this.readers.delete(name);
      this.wake(name);
    }
    transaction.locks.clear();
    if (transaction.cancelWait) transaction.cancelWait(this.inactiveError(transaction));
    // Keep finished transactions a while: a late request gets a clear error, and a retry finds its age.
    setTimeout(() => this.transactions.delete(transaction.key), 60_000).unref();
  }

  clear(): void {
    for (const transaction of this.transactions.values()) this.finish(transaction, 'expired');
    this.transactions.clear();
  }

  close(): void {
    clearInterval(this.sweeper);
    this.clear();
  }

  private markCommitter(name: string, transaction: Transaction, waiting: boolean): void {
    let set = this.committers.get(name);
    if (waiting) {
      if (!set) {
        set = new Set();
        this.committers.set(name, set);
      }
      set.add(transaction);
    } else if (set) {
      set.delete(transaction);
      if (set.size === 0) this.committers.delete(name);
      this.wake(name);
    }
  }

  private inactiveError(transaction: Transaction): Error {
    switch (transaction.state) {
      case 'wounded':
        return aborted('Transaction was aborted because an older transaction needed the documents it read; retry it');
      case 'expired':
        return aborted('Transaction has expired: it was idle too long (transaction has expired)');
      default:
        return invalidArgument('The transaction is no longer active (already committed or rolled back)');
    }
  }

  private assertActive(transaction: Transaction): void {
    if (transaction.state !== 'active') throw this.inactiveError(transaction);
  }

  private waitFor(waiter: Transaction | undefined, name: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let set = this.waiters.get(name);
      if (!set) {
        set = new Set();
        this.waiters.set(name, set);
      }
      const done = () => {
        clearTimeout(timer);
        set!.delete(wake);
        if (waiter) waiter.cancelWait = undefined;
      };
      const wake = () => {
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(aborted(`Too much contention on these documents: lock wait timed out on ${name}`));
      }, this.options.lockWaitTimeoutMs);
      if (waiter) {
        waiter.cancelWait = (error) => {
          done();
          reject(error);
        };
      }
      set.add(wake);
    });
  }

  private wake(name: string): void {
    const set = this.waiters.get(name);
    if (!set) return;
    this.waiters.delete(name);
    for (const wake of set) wake();
  }

  private expireIdle(): void {
    const now = Date.now();
    for (const transaction of this.transactions.values()) {
      if (transaction.state !== 'active' || transaction.inFlight > 0) continue;
      const idleLimit = transaction.readOnly ? MAX_TRANSACTION_AGE_MS : this.options.idleTimeoutMs;
      if (now - transaction.lastActivity > idleLimit || now - transaction.startedAt > MAX_TRANSACTION_AGE_MS) {
        this.finish(transaction, 'expired');
      }
    }
  }
}
