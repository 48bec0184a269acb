// The Firestore v1 RPCs over the in-memory databases. Each handler parses its request, resolves the
// consistency (latest, readTime, or a transaction), and answers in the wire shapes of the real service.
import type * as grpc from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import { type DatabaseStore, type StoredDocument, CommitClock, DatabaseStore as Store } from './database-store.ts';
import { getField, parseFieldPath } from './field-paths.ts';
import { ListenSession } from './listen-session.ts';
import {
  type CompiledQuery,
  type StructuredQuery,
  compileQuery,
  projectDocument,
  runCompiledQuery,
} from './query-engine.ts';
import {
  compareResourceNames,
  documentName,
  parseDatabaseName,
  parseDocumentName,
  parseDocumentsPath,
} from './resource-names.ts';
import { RpcError, invalidArgument, notFound } from './rpc-error.ts';
import { type Transaction, type TransactionOptions, TransactionManager } from './transactions.ts';
import { type Value, isNumber, nanosToTimestamp, timestampToNanos, toNumber } from './values.ts';
import { type WriteProto, applyWrite, writeTarget } from './write-application.ts';

// biome-ignore lint/suspicious/noExplicitAny: requests arrive as decoded protobuf objects, checked field by field
type Request = any;

export function toDocumentProto(doc: StoredDocument): Record<string, unknown> {
  return {
    name: doc.name,
    fields: doc.fields,
    createTime: nanosToTimestamp(doc.createTime),
    updateTime: nanosToTimestamp(doc.updateTime),
  };
}

interface Consistency {
  transaction?: Transaction;
  /** Set for reads at a fixed time (readTime option, read-only transactions). */
  readTime?: bigint;
  /** A transaction started by this request, whose ID goes back in the first response. */
  started?: Transaction;
}

export class FirestoreEmulatorCore {
  readonly databases = new Map<string, DatabaseStore>();
  readonly clock = new CommitClock();
  readonly transactions: TransactionManager;
  /** 'commit' (CommitEvent) from every database, and 'cleared'. */
  readonly events = new EventEmitter();
  /**
   * Documents returned to clients per database (lookups and query results), the unit Firestore bills
   * reads in. Lets tests check that work scales with what is due, not with what is stored.
   */
  readonly documentsRead = new Map<string, number>();

  private countRead(database: string, documents = 1): void {
    this.documentsRead.set(database, (this.documentsRead.get(database) ?? 0) + documents);
  }

  constructor(transactionOptions?: TransactionOptions) {
    this.transactions = new TransactionManager(transactionOptions);
  }

  database(name: string | undefined): DatabaseStore {
    if (!name) throw invalidArgument('Missing database name');
    parseDatabaseName(name);
    let db = this.databases.get(name);
    if (!db) {
      db = new Store(name, this.clock);
      db.events.on('commit', (event) => this.events.emit('commit', event));
      this.databases.set(name, db);
    }
    return db;
  }

  /** Drops every document of every database; open listeners see the deletions. */
  clear(): void {
    this.transactions.clear();
    for (const db of this.databases.values()) db.reset(this.clock.next());
    this.events.emit('cleared');
  }

  private consistency(db: DatabaseStore, req: Request): Consistency {
    if (req.transaction && req.transaction.length > 0) {
      const transaction = this.transactions.get(db.name, req.transaction);
      return { transaction, readTime: transaction.readOnly ? transaction.readTime : undefined };
    }
    if (req.newTransaction) {
      const readOnly = !!req.newTransaction.readOnly;
      const readTime = readOnly
        ? req.newTransaction.readOnly.readTime
          ? timestampToNanos(req.newTransaction.readOnly.readTime)
          : db.readTime()
        : undefined;
      const transaction = this.transactions.begin(
        db.name,
        readOnly,
        readTime,
        req.newTransaction.readWrite?.retryTransaction,
      );
      return { transaction, readTime, started: transaction };
    }
    if (req.readTime) return { readTime: timestampToNanos(req.readTime) };
    return {};
  }

  private async lockAll(consistency: Consistency, names: Iterable<string>): Promise<void> {
    const transaction = consistency.transaction;
    if (!transaction || transaction.readOnly) return;
    // Shared locks never block each other; a fixed order just keeps waits predictable.
    for (const name of [...new Set(names)].sort(compareResourceNames))
      await this.transactions.lockForRead(transaction, name);
  }

  // ---- reads ------------------------------------------------------------------------------------------

  async getDocument(req: Request): Promise<Record<string, unknown>> {
    const { database, segments } = parseDocumentName(req.name);
    const db = this.database(database);
    const consistency = this.consistency(db, req);
    return this.transactions.track(consistency.transaction, async () => {
      await this.lockAll(consistency, [req.name]);
      const doc = db.getDocument(segments, consistency.readTime);
      if (!doc) throw notFound(`Document "${req.name}" not found`);
      this.countRead(db.name);
      return toDocumentProto(projectDocument(doc, maskPaths(req.mask)));
    });
  }

  async batchGetDocuments(req: Request, emit: (response: Record<string, unknown>) => void): Promise<void> {
    const db = this.database(req.database);
    const consistency = this.consistency(db, req);
    const names: string[] = req.documents ?? [];
    await this.transactions.track(consistency.transaction, async () => {
      await this.lockAll(consistency, names);
      const readTime = consistency.readTime ?? db.readTime();
      const mask = maskPaths(req.mask);
      let first = true;
      for (const name of names) {
        const { database, segments } = parseDocumentName(name);
        if (database !== db.name) throw invalidArgument(`Document ${name} is not in database ${db.name}`);
        const doc = db.getDocument(segments, consistency.readTime);
        if (doc) this.countRead(db.name);
        const response: Record<string, unknown> = doc
          ? { found: toDocumentProto(projectDocument(doc, mask)) }
          : { missing: name };
        response.readTime = nanosToTimestamp(readTime);
        if (first && consistency.started) response.transaction = consistency.started.id;
        first = false;
        emit(response);
      }
      if (first && consistency.started)
        emit({ transaction: consistency.started.id, readTime: nanosToTimestamp(readTime) });
    });
  }

  /** Runs a query, locking its results inside a read-write transaction and guarding against phantoms. */
  private async queryDocuments(
    db: DatabaseStore,
    consistency: Consistency,
    query: CompiledQuery,
  ): Promise<StoredDocument[]> {
    const transaction = consistency.transaction;
    if (!transaction || transaction.readOnly) return runCompiledQuery(db, query, consistency.readTime);
    let docs = runCompiledQuery(db, query, undefined);
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.lockAll(
        consistency,
        docs.map((d) => d.name),
      );
      const again = runCompiledQuery(db, query, undefined);
      const same = again.length === docs.length && again.every((d, i) => d.name === docs[i]!.name);
      docs = again;
      if (same) break;
    }
    const fingerprint = () => fingerprintDocuments(runCompiledQuery(db, query, undefined));
    transaction.queryChecks.push({ fingerprint, expected: fingerprintDocuments(docs) });
    return docs;
  }

  async runQuery(req: Request, emit: (response: Record<string, unknown>) => void): Promise<void> {
    const { database } = parseDocumentsPath(req.parent);
    const db = this.database(database);
    const consistency = this.consistency(db, req);
    if (!req.structuredQuery) throw invalidArgument('Only structured queries are supported');
    const query = compileQuery(req.parent, req.structuredQuery as StructuredQuery);
    await this.transactions.track(consistency.transaction, async () => {
      const docs = await this.queryDocuments(db, consistency, query);
      const readTime = nanosToTimestamp(consistency.readTime ?? db.readTime());
      let transaction: Buffer | undefined = consistency.started?.id;
      this.countRead(db.name, docs.length);
      for (const doc of docs) {
        emit({
          document: toDocumentProto(projectDocument(doc, query.projection)),
          readTime,
          ...(transaction ? { transaction } : {}),
        });
        transaction = undefined;
      }
      emit({ readTime, done: true, ...(transaction ? { transaction } : {}) });
    });
  }

  async runAggregationQuery(req: Request): Promise<Record<string, unknown>> {
    const { database } = parseDocumentsPath(req.parent);
    const db = this.database(database);
    const consistency = this.consistency(db, req);
    const aggregationQuery = req.structuredAggregationQuery;
    if (!aggregationQuery?.structuredQuery) throw invalidArgument('Only structured aggregation queries are supported');
    const query = compileQuery(req.parent, aggregationQuery.structuredQuery as StructuredQuery);
    return this.transactions.track(consistency.transaction, async () => {
      const fields = (aggregationQuery.aggregations ?? [])
        .map((a: Request) => (a.sum ?? a.avg)?.field?.fieldPath)
        .filter((path: string | undefined): path is string => !!path)
        .map((path: string) => parseFieldPath(path));
      // With sum/avg present, every aggregation (count too) covers only documents that have those fields.
      const docs = (await this.queryDocuments(db, consistency, query)).filter((doc) =>
        fields.every((segments: string[]) => getField(doc.fields, segments) !== undefined),
      );
      const aggregateFields: Record<string, Value> = {};
      for (const aggregation of aggregationQuery.aggregations ?? []) {
        aggregateFields[aggregation.alias] = aggregate(aggregation, docs);
      }
      return {
        result: { aggregateFields },
        readTime: nanosToTimestamp(consistency.readTime ?? db.readTime()),
        ...(consistency.started ? { transaction: consistency.started.id } : {}),
      };
    });
  }

  async listDocuments(req: Request): Promise<Record<string, unknown>> {
    const { database, segments: parent } = parseDocumentsPath(req.parent);
    const db = this.database(database);
    const consistency = this.consistency(db, req);
    const collectionPath = [...parent, req.collectionId ?? ''];
    const docs: StoredDocument[] = [];
    for (const entryDoc of runCompiledQuery(
      db,
      compileQuery(req.parent, { from: [{ collectionId: req.collectionId }] }),
      consistency.readTime,
    )) {
      docs.push(entryDoc);
    }
    if (req.showMissing) {
      const present = new Set(docs.map((d) => d.name));
      const missing = new Set<string>();
      for (const collection of db.collectionsUnder(collectionPath)) {
        if (collection.liveCount === 0 || collection.segments.length < collectionPath.length + 2) continue;
        const name = documentName(db.name, collection.segments.slice(0, collectionPath.length + 1));
        if (!present.has(name)) missing.add(name);
      }
      for (const name of missing) docs.push({ name, fields: {}, createTime: -1n, updateTime: -1n });
      docs.sort((a, b) => compareResourceNames(a.name, b.name));
    }
    const after = req.pageToken ? Buffer.from(req.pageToken, 'base64').toString('utf8') : undefined;
    const start = after === undefined ? 0 : docs.findIndex((d) => compareResourceNames(d.name, after) > 0);
    const pageSize = req.pageSize > 0 ? req.pageSize : 300;
    const page = start < 0 ? [] : docs.slice(start, start + pageSize);
    const more = start >= 0 && start + pageSize < docs.length;
    const mask = maskPaths(req.mask);
    return {
      documents: page.map((doc) =>
        doc.updateTime < 0n ? { name: doc.name } : toDocumentProto(projectDocument(doc, mask)),
      ),
      nextPageToken: more ? Buffer.from(page[page.length - 1]!.name).toString('base64') : '',
    };
  }

  async listCollectionIds(req: Request): Promise<Record<string, unknown>> {
    const { database, segments: parent } = parseDocumentsPath(req.parent);
    const db = this.database(database);
    const ids = new Set<string>();
    for (const collection of db.collectionsUnder(parent)) {
      if (collection.liveCount > 0) ids.add(collection.segments[parent.length]!);
    }
    const sorted = [...ids].sort((a, b) => compareResourceNames(a, b));
    const after = req.pageToken ? Buffer.from(req.pageToken, 'base64').toString('utf8') : undefined;
    const start = after === undefined ? 0 : sorted.findIndex((id) => compareResourceNames(id, after) > 0);
    const pageSize = req.pageSize > 0 ? req.pageSize : 300;
    const page = start < 0 ? [] : sorted.slice(start, start + pageSize);
    const more = start >= 0 && start + pageSize < sorted.length;
    return { collectionIds: page, nextPageToken: more ? Buffer.from(page[page.length - 1]!).toString('base64') : '' };
  }

  // ---- transactions and writes ------------------------------------------------------------------------

  beginTransaction(req: Request): Record<string, unknown> {
    const db = this.database(req.database);
    const readOnly = !!req.options?.readOnly;
    const readTime = readOnly
      ? req.options.readOnly.readTime
        ? timestampToNanos(req.options.readOnly.readTime)
        : db.readTime()
      : undefined;
    return {
      transaction: this.transactions.begin(db.name, readOnly, readTime, req.options?.readWrite?.retryTransaction).id,
    };
  }

  rollback(req: Request): Record<string, never> {
    const db = this.database(req.database);
    const transaction = this.transactions.get(db.name, req.transaction);
    this.transactions.finish(transaction, 'rolledBack');
    return {};
  }

  async commit(req: Request): Promise<Record<string, unknown>> {
    const db = this.database(req.database);
    const transaction: Transaction | undefined = req.transaction?.length
      ? this.transactions.get(db.name, req.transaction)
      : undefined;
    if (transaction?.readOnly) throw invalidArgument('Cannot commit writes in a read-only transaction');
    const writes: WriteProto[] = req.writes ?? [];
    return this.transactions.track(transaction, async () => {
      try {
        const names = writes.map((w) => this.checkedTarget(db, w));
        await this.transactions.acquireForCommit(names, transaction);
        for (const check of transaction?.queryChecks ?? []) {
          if (check.fingerprint() !== check.expected) {
            throw new RpcError(10, 'Transaction aborted: a query read in this transaction has new or changed results');
          }
        }
        const commitTime = this.clock.next();
        const working = new Map<string, StoredDocument | null>();
        const writeResults = writes.map((write, i) => {
          const name = names[i]!;
          const existing = working.has(name) ? working.get(name)! : db.getDocument(parseDocumentName(name).segments);
          const applied = applyWrite(write, existing, commitTime);
          working.set(name, applied.after);
          return {
            ...(applied.updateTime !== undefined ? { updateTime: nanosToTimestamp(applied.updateTime) } : {}),
            transformResults: applied.transformResults,
          };
        });
        this.install(db, commitTime, working);
        if (transaction) this.transactions.finish(transaction, 'committed');
        return { writeResults, commitTime: nanosToTimestamp(commitTime) };
      } catch (error) {
        if (transaction) this.transactions.finish(transaction, 'rolledBack');
        throw error;
      }
    });
  }

  /** Non-atomic writes (BulkWriter): each write succeeds or fails on its own. */
  async batchWrite(req: Request): Promise<Record<string, unknown>> {
    const db = this.database(req.database);
    const writes: WriteProto[] = req.writes ?? [];
    const names = writes.map((w) => this.checkedTarget(db, w));
    if (new Set(names).size !== names.length)
      throw invalidArgument('BatchWrite does not allow more than one write per document');
    await this.transactions.acquireForCommit(names, undefined);
    const commitTime = this.clock.next();
    const working = new Map<string, StoredDocument | null>();
    const writeResults: Record<string, unknown>[] = [];
    const statuses: Record<string, unknown>[] = [];
    writes.forEach((write, i) => {
      const name = names[i]!;
      try {
        const applied = applyWrite(write, db.getDocument(parseDocumentName(name).segments), commitTime);
        working.set(name, applied.after);
        writeResults.push({
          ...(applied.updateTime !== undefined ? { updateTime: nanosToTimestamp(applied.updateTime) } : {}),
          transformResults: applied.transformResults,
        });
        statuses.push({ code: 0 });
      } catch (error) {
        const rpc = error instanceof RpcError ? error : new RpcError(13, String(error));
        writeResults.push({});
        statuses.push({ code: rpc.code, message: rpc.message });
      }
    });
    this.install(db, commitTime, working);
    return { writeResults, status: statuses };
  }

  async createDocument(req: Request): Promise<Record<string, unknown>> {
    const { database } = parseDocumentsPath(req.parent);
    const id = req.documentId || randomDocumentId();
    const name = `${req.parent}/${req.collectionId}/${id}`;
    await this.commit({
      database,
      writes: [{ update: { name, fields: req.document?.fields ?? {} }, currentDocument: { exists: false } }],
    });
    return this.getDocument({ name, mask: req.mask });
  }

  async updateDocument(req: Request): Promise<Record<string, unknown>> {
    const name: string = req.document?.name;
    const { database } = parseDocumentName(name);
    await this.commit({
      database,
      writes: [{ update: req.document, updateMask: req.updateMask, currentDocument: req.currentDocument }],
    });
    return this.getDocument({ name, mask: req.mask });
  }

  async deleteDocument(req: Request): Promise<Record<string, never>> {
    const { database } = parseDocumentName(req.name);
    await this.commit({ database, writes: [{ delete: req.name, currentDocument: req.currentDocument }] });
    return {};
  }

  listen(call: grpc.ServerDuplexStream<Request, Record<string, unknown>>): void {
    new ListenSession(this, call).start();
  }

  private checkedTarget(db: DatabaseStore, write: WriteProto): string {
    const name = writeTarget(write);
    if (parseDocumentName(name).database !== db.name)
      throw invalidArgument(`Document ${name} is not in database ${db.name}`);
    return name;
  }

  private install(db: DatabaseStore, commitTime: bigint, working: Map<string, StoredDocument | null>): void {
    const changes = [];
    for (const [name, after] of working) {
      const segments = parseDocumentName(name).segments;
      const before = db.getDocument(segments);
      if (before === after) continue;
      changes.push({ name, segments, before, after });
    }
    if (changes.length > 0) db.install(commitTime, changes);
  }
}

function maskPaths(mask: { fieldPaths?: string[] } | undefined): string[][] | undefined {
  return mask ? (mask.fieldPaths ?? []).map(parseFieldPath) : undefined;
}

function fingerprintDocuments(docs: StoredDocument[]): string {
  return docs.map((d) => `${d.name}@${d.updateTime}`).join('\n');
}

function randomDocumentId(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < 20; i++) id += chars[Math.floor(Math.random() * chars.length)];
  return id;
}

function aggregate(aggregation: Request, docs: StoredDocument[]): Value {
  if (aggregation.count) {
    const upTo = aggregation.count.upTo?.value !== undefined ? Number(aggregation.count.upTo.value) : Infinity;
    return { integerValue: String(Math.min(docs.length, upTo)) };
  }
  const spec = aggregation.sum ?? aggregation.avg;
  if (!spec) throw invalidArgument('Unsupported aggregation');
  const segments = parseFieldPath(spec.field?.fieldPath ?? '');
  const numbers = docs
    .map((doc) => getField(doc.fields, segments))
    .filter((v): v is Value => v !== undefined && isNumber(v));
  if (aggregation.avg) {
    if (numbers.length === 0) return { nullValue: 'NULL_VALUE' };
    return { doubleValue: numbers.reduce((sum, v) => sum + toNumber(v), 0) / numbers.length };
  }
  if (numbers.every((v) => v.integerValue !== undefined)) {
    const total = numbers.reduce((sum, v) => sum + BigInt(v.integerValue!), 0n);
    if (total <= (1n << 63n) - 1n && total >= -(1n << 63n)) return { integerValue: total.toString() };
  }
  return { doubleValue: numbers.reduce((sum, v) => sum + toNumber(v), 0) };
}
