// Transactions with real isolation. A read-write transaction locks every document it reads (pessimistic,
// like Firestore's server SDK mode), so two transactions that read the same document run one after the
// other instead of losing an update. Commits wait for locks held by other transactions. A wait that
// would close a cycle aborts the waiter (ABORTED, which the client retries). A transaction that stays
// idle past its deadline expires and releases its locks, so an abandoned one cannot block forever.
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

export class Transaction {
  readonly id: Buffer = randomBytes(16);
  readonly locks = new Set<string>();
  readonly queryChecks: QueryCheck[] = [];
  state: 'active' | 'committed' | 'rolledBack' | 'expired' = 'active';
  readonly startedAt = Date.now();
  lastActivity = Date.now();
  inFlight = 0;
  waitingFor: string | undefined;

  constructor(
    readonly database: string,
    readonly readOnly: boolean,
    /** Snapshot time for read-only transactions. */
    readonly readTime: bigint | undefined,
  ) {}

  get key(): string {
    return this.id.toString('base64');
  }
}

export class TransactionManager {
  private readonly transactions = new Map<string, Transaction>();
  private readonly holders = new Map<string, Transaction>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: TransactionOptions = DEFAULT_TRANSACTION_OPTIONS) {
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(1000, Math.max(50, options.idleTimeoutMs / 4)));
    this.sweeper.unref();
  }

  begin(database: string, readOnly: boolean, readTime: bigint | undefined): Transaction {
    const transaction = new Transaction(database, readOnly, readTime);
    this.transactions.set(transaction.key, transaction);
    return transaction;
  }

  /** Looks up a live transaction of this database, or fails the way Firestore does. */
  get(database: string, id: Uint8Array): Transaction {
    const transaction = this.transactions.get(Buffer.from(id).toString('base64'));
    if (!transaction || transaction.database !== database) throw invalidArgument('Transaction not found or invalid transaction ID');
    if (transaction.state === 'expired') throw aborted('The referenced transaction has expired or is no longer valid (transaction has expired)');
    if (transaction.state !== 'active') throw invalidArgument('The transaction is no longer active (already committed or rolled back)');
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

  /** Takes the exclusive lock on a document for a read-write transaction. */
  async lock(transaction: Transaction, name: string): Promise<void> {
    for (;;) {
      this.assertActive(transaction);
      const holder = this.holders.get(name);
      if (!holder || holder === transaction) break;
      await this.waitFor(transaction, name);
    }
    this.holders.set(name, transaction);
    transaction.locks.add(name);
  }

  /**
   * Waits until none of `names` is locked by a transaction other than `self`. The caller then applies its
   * writes synchronously, so nothing can take a lock in between.
   */
  async waitUntilUnlocked(names: Iterable<string>, self: Transaction | undefined): Promise<void> {
    const list = [...names];
    for (;;) {
      if (self) this.assertActive(self);
      const blocked = list.find((name) => {
        const holder = this.holders.get(name);
        return holder !== undefined && holder !== self;
      });
      if (blocked === undefined) return;
      await this.waitFor(self, blocked);
    }
  }

  finish(transaction: Transaction, state: 'committed' | 'rolledBack' | 'expired'): void {
    if (transaction.state !== 'active') return;
    transaction.state = state;
    for (const name of transaction.locks) {
      if (this.holders.get(name) === transaction) this.holders.delete(name);
      this.wake(name);
    }
    transaction.locks.clear();
    // Keep finished transactions briefly so a late commit gets a clear error, then forget them.
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

  private assertActive(transaction: Transaction): void {
    if (transaction.state === 'expired') throw aborted('Transaction has expired: it was idle too long (transaction has expired)');
    if (transaction.state !== 'active') throw invalidArgument('The transaction is no longer active');
  }

  private waitFor(waiter: Transaction | undefined, name: string): Promise<void> {
    if (waiter && this.closesCycle(waiter, name)) {
      return Promise.reject(aborted('Transaction was aborted because of contention with another transaction (deadlock)'));
    }
    return new Promise<void>((resolve, reject) => {
      let set = this.waiters.get(name);
      if (!set) {
        set = new Set();
        this.waiters.set(name, set);
      }
      const wake = () => {
        clearTimeout(timer);
        if (waiter) waiter.waitingFor = undefined;
        resolve();
      };
      const timer = setTimeout(() => {
        set!.delete(wake);
        if (waiter) waiter.waitingFor = undefined;
        reject(aborted(`Too much contention on these documents: lock wait timed out on ${name}`));
      }, this.options.lockWaitTimeoutMs);
      if (waiter) waiter.waitingFor = name;
      set.add(wake);
    });
  }

  private closesCycle(waiter: Transaction, name: string): boolean {
    const seen = new Set<Transaction>();
    let holder = this.holders.get(name);
    while (holder && !seen.has(holder)) {
      if (holder === waiter) return true;
      seen.add(holder);
      holder = holder.waitingFor ? this.holders.get(holder.waitingFor) : undefined;
    }
    return false;
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
