// One Listen stream: the client adds targets (documents or a query); the session sends the initial
// results, marks each target CURRENT, and after every commit that touches a target sends the changed,
// removed and deleted documents followed by a global NO_CHANGE carrying the commit's read time, which is
// when the client raises a snapshot.
import type * as grpc from '@grpc/grpc-js';
import type { CommitEvent, DatabaseStore, StoredDocument } from './database-store.ts';
import type { FirestoreEmulatorCore } from './firestore-service.ts';
import { toDocumentProto } from './firestore-service.ts';
import { type CompiledQuery, compileQuery, projectDocument, runCompiledQuery } from './query-engine.ts';
import { parseDocumentName, parseDocumentsPath } from './resource-names.ts';
import { RpcError } from './rpc-error.ts';
import { nanosToTimestamp } from './values.ts';

// biome-ignore lint/suspicious/noExplicitAny: requests arrive as decoded protobuf objects, checked field by field
type Request = any;

interface ListenTarget {
  id: number;
  db: DatabaseStore;
  documents?: Set<string>;
  query?: CompiledQuery;
  /** What the client currently has for this target: document name → update time. */
  sent: Map<string, bigint>;
}

function resumeToken(time: bigint): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(time);
  return buffer;
}

export class ListenSession {
  private readonly targets = new Map<number, ListenTarget>();
  private readonly subscriptions = new Map<DatabaseStore, (event: CommitEvent) => void>();
  private closed = false;

  constructor(
    private readonly core: FirestoreEmulatorCore,
    private readonly call: grpc.ServerDuplexStream<Request, Record<string, unknown>>,
  ) {}

  start(): void {
    this.call.on('data', (request: Request) => {
      try {
        this.handle(request);
      } catch (error) {
        const rpc = error instanceof RpcError ? error : new RpcError(13, String(error));
        this.call.emit('error', { code: rpc.code, details: rpc.message });
        this.close();
      }
    });
    this.call.on('end', () => {
      this.close();
      this.call.end();
    });
    this.call.on('cancelled', () => this.close());
    this.call.on('error', () => this.close());
  }

  private handle(request: Request): void {
    if (request.removeTarget !== undefined && request.addTarget === undefined) {
      this.targets.delete(request.removeTarget);
      this.send({ targetChange: { targetChangeType: 'REMOVE', targetIds: [request.removeTarget] } });
      return;
    }
    const add = request.addTarget;
    if (!add) return;
    const db = this.core.database(request.database);
    const target: ListenTarget = { id: add.targetId ?? 0, db, sent: new Map() };
    if (add.documents) {
      target.documents = new Set(add.documents.documents ?? []);
      for (const name of target.documents) parseDocumentName(name);
    } else if (add.query) {
      parseDocumentsPath(add.query.parent);
      target.query = compileQuery(add.query.parent, add.query.structuredQuery ?? {});
    } else {
      throw new RpcError(3, 'A listen target needs documents or a query');
    }
    this.targets.set(target.id, target);
    this.subscribe(db);
    this.send({ targetChange: { targetChangeType: 'ADD', targetIds: [target.id] } });
    // We keep no change log, so a resumed target starts over from a full result.
    if (add.resumeToken?.length || add.readTime)
      this.send({ targetChange: { targetChangeType: 'RESET', targetIds: [target.id] } });
    const readTime = db.readTime();
    this.sendDiff(target, this.currentResults(target));
    this.send({
      targetChange: {
        targetChangeType: 'CURRENT',
        targetIds: [target.id],
        resumeToken: resumeToken(readTime),
        readTime: nanosToTimestamp(readTime),
      },
    });
    this.sendGlobalNoChange(readTime);
    if (add.once) {
      this.targets.delete(target.id);
      this.send({ targetChange: { targetChangeType: 'REMOVE', targetIds: [target.id] } });
    }
  }

  private subscribe(db: DatabaseStore): void {
    if (this.subscriptions.has(db)) return;
    const listener = (event: CommitEvent) => this.onCommit(db, event);
    db.events.on('commit', listener);
    this.subscriptions.set(db, listener);
  }

  private onCommit(db: DatabaseStore, event: CommitEvent): void {
    let changed = false;
    for (const target of this.targets.values()) {
      if (target.db !== db || !this.affects(target, event)) continue;
      changed = this.sendDiff(target, this.currentResults(target)) || changed;
    }
    if (changed) this.sendGlobalNoChange(event.commitTime);
  }

  private affects(target: ListenTarget, event: CommitEvent): boolean {
    if (target.documents) return event.changes.some((c) => target.documents!.has(c.name));
    const query = target.query!;
    return event.changes.some((c) => {
      const parent = c.segments.slice(0, -2);
      const collectionId = c.segments[c.segments.length - 2];
      if (!query.allDescendants) {
        return (
          collectionId === query.collectionId &&
          parent.length === query.parentSegments.length &&
          parent.every((s, i) => s === query.parentSegments[i])
        );
      }
      return (
        (query.collectionId === undefined || collectionId === query.collectionId) &&
        parent.length >= query.parentSegments.length &&
        query.parentSegments.every((s, i) => s === parent[i])
      );
    });
  }

  private currentResults(target: ListenTarget): StoredDocument[] {
    if (target.documents) {
      const docs: StoredDocument[] = [];
      for (const name of target.documents) {
        const doc = target.db.getDocument(parseDocumentName(name).segments);
        if (doc) docs.push(doc);
      }
      return docs;
    }
    return runCompiledQuery(target.db, target.query!, undefined).map((d) =>
      projectDocument(d, target.query!.projection),
    );
  }

  /** Sends what changed for one target since the client's last view; true if anything was sent. */
  private sendDiff(target: ListenTarget, results: StoredDocument[]): boolean {
    let changed = false;
    const present = new Set<string>();
    for (const doc of results) {
      present.add(doc.name);
      if (target.sent.get(doc.name) === doc.updateTime) continue;
      target.sent.set(doc.name, doc.updateTime);
      this.send({ documentChange: { document: toDocumentProto(doc), targetIds: [target.id], removedTargetIds: [] } });
      changed = true;
    }
    for (const name of [...target.sent.keys()]) {
      if (present.has(name)) continue;
      target.sent.delete(name);
      const exists = target.db.getDocument(parseDocumentName(name).segments) !== null;
      if (exists) this.send({ documentRemove: { document: name, removedTargetIds: [target.id] } });
      else this.send({ documentDelete: { document: name, removedTargetIds: [target.id] } });
      changed = true;
    }
    return changed;
  }

  private sendGlobalNoChange(readTime: bigint): void {
    this.send({
      targetChange: {
        targetChangeType: 'NO_CHANGE',
        targetIds: [],
        resumeToken: resumeToken(readTime),
        readTime: nanosToTimestamp(readTime),
      },
    });
  }

  private send(response: Record<string, unknown>): void {
    if (!this.closed) this.call.write(response);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [db, listener] of this.subscriptions) db.events.off('commit', listener);
    this.subscriptions.clear();
    this.targets.clear();
  }
}
