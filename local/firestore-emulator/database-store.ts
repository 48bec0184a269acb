// One Firestore database: collections of documents with their recent versions (multi-version, so reads
// at a readTime and read-only transactions see a consistent snapshot), a commit clock that never goes
// backwards, and a commit feed for listeners and persistence.
import { EventEmitter } from 'node:events';
import { OrderedMap } from './ordered-map.ts';
import { compareSegments } from './resource-names.ts';
import type { Fields } from './values.ts';

export interface StoredDocument {
  name: string;
  fields: Fields;
  createTime: bigint;
  updateTime: bigint;
}

interface Version {
  time: bigint;
  doc: StoredDocument | null;
}

export interface DocumentEntry {
  id: string;
  versions: Version[];
}

export class CollectionStore {
  readonly docs = new OrderedMap<string, DocumentEntry>(compareSegments);
  liveCount = 0;
  constructor(
    /** Segments of the collection path below /documents (odd length). */
    readonly segments: readonly string[],
  ) {}

  get collectionId(): string {
    return this.segments[this.segments.length - 1]!;
  }
}

export interface DocumentChange {
  name: string;
  segments: readonly string[];
  before: StoredDocument | null;
  after: StoredDocument | null;
}

export interface CommitEvent {
  database: string;
  commitTime: bigint;
  changes: DocumentChange[];
}

/** How long superseded versions stay readable (readTime reads, read-only transactions). */
const VERSION_RETENTION_NS = 60n * 60n * 1_000_000_000n;

export function visibleVersion(entry: DocumentEntry, readTime: bigint | undefined): StoredDocument | null {
  const versions = entry.versions;
  if (readTime === undefined) return versions[versions.length - 1]!.doc;
  for (let i = versions.length - 1; i >= 0; i--) {
    if (versions[i]!.time <= readTime) return versions[i]!.doc;
  }
  return null;
}

export class DatabaseStore {
  readonly collections = new Map<string, CollectionStore>();
  readonly events = new EventEmitter();

  constructor(
    readonly name: string,
    private readonly clock: CommitClock,
  ) {
    this.events.setMaxListeners(0);
  }

  collection(segments: readonly string[]): CollectionStore | undefined {
    return this.collections.get(segments.join('/'));
  }

  entry(segments: readonly string[]): DocumentEntry | undefined {
    return this.collection(segments.slice(0, -1))?.docs.get(segments[segments.length - 1]!);
  }

  getDocument(segments: readonly string[], readTime?: bigint): StoredDocument | null {
    const entry = this.entry(segments);
    return entry ? visibleVersion(entry, readTime) : null;
  }

  /** Collections strictly below `parent` (all depths), optionally only those with a given id. */
  *collectionsUnder(parent: readonly string[], collectionId?: string): IterableIterator<CollectionStore> {
    const prefix = parent.length === 0 ? '' : `${parent.join('/')}/`;
    for (const [path, collection] of this.collections) {
      if (prefix && !path.startsWith(prefix)) continue;
      if (collectionId !== undefined && collection.collectionId !== collectionId) continue;
      yield collection;
    }
  }

  readTime(): bigint {
    return this.clock.now();
  }

  /**
   * Installs the results of one atomic commit. Callers have already checked preconditions; nothing here
   * can fail, so a commit is all or nothing.
   */
  install(commitTime: bigint, changes: DocumentChange[]): void {
    const cutoff = commitTime - VERSION_RETENTION_NS;
    for (const change of changes) {
      const { segments } = change;
      const collectionKey = segments.slice(0, -1).join('/');
      let collection = this.collections.get(collectionKey);
      if (!collection) {
        if (!change.after) continue;
        collection = new CollectionStore(segments.slice(0, -1));
        this.collections.set(collectionKey, collection);
      }
      const id = segments[segments.length - 1]!;
      let entry = collection.docs.get(id);
      if (!entry) {
        if (!change.after) continue;
        entry = { id, versions: [] };
        collection.docs.set(id, entry);
      }
      const wasLive = entry.versions.length > 0 && entry.versions[entry.versions.length - 1]!.doc !== null;
      entry.versions.push({ time: commitTime, doc: change.after });
      pruneVersions(entry, cutoff);
      if (wasLive && !change.after) collection.liveCount--;
      if (!wasLive && change.after) collection.liveCount++;
      if (entry.versions.length === 1 && entry.versions[0]!.doc === null && entry.versions[0]!.time <= cutoff) {
        collection.docs.delete(id);
      }
    }
    this.events.emit('commit', { database: this.name, commitTime, changes } satisfies CommitEvent);
  }

  /** Removes every document and its history at once (between tests). */
  reset(commitTime: bigint): void {
    const changes: DocumentChange[] = [];
    for (const collection of this.collections.values()) {
      for (const entry of collection.docs.values()) {
        const before = visibleVersion(entry, undefined);
        if (before)
          changes.push({ name: before.name, segments: [...collection.segments, entry.id], before, after: null });
      }
    }
    this.collections.clear();
    this.events.emit('commit', { database: this.name, commitTime, changes } satisfies CommitEvent);
  }

  /** Loads documents from a snapshot file, as of their own update times. */
  load(docs: StoredDocument[], segmentsOf: (name: string) => string[]): void {
    for (const doc of docs) {
      const segments = segmentsOf(doc.name);
      const key = segments.slice(0, -1).join('/');
      let collection = this.collections.get(key);
      if (!collection) {
        collection = new CollectionStore(segments.slice(0, -1));
        this.collections.set(key, collection);
      }
      collection.docs.set(segments[segments.length - 1]!, {
        id: segments[segments.length - 1]!,
        versions: [{ time: doc.updateTime, doc }],
      });
      collection.liveCount++;
      this.clock.observe(doc.updateTime);
    }
  }

  *liveDocuments(): IterableIterator<StoredDocument> {
    for (const collection of this.collections.values()) {
      for (const entry of collection.docs.values()) {
        const doc = visibleVersion(entry, undefined);
        if (doc) yield doc;
      }
    }
  }
}

function pruneVersions(entry: DocumentEntry, cutoff: bigint): void {
  const versions = entry.versions;
  if (versions.length < 2) return;
  let keepFrom = 0;
  for (let i = versions.length - 1; i >= 0; i--) {
    if (versions[i]!.time <= cutoff) {
      keepFrom = i;
      break;
    }
  }
  if (keepFrom > 0) versions.splice(0, keepFrom);
}

/**
 * Commit timestamps: microsecond precision like Firestore, strictly increasing across commits, and always
 * later than any read time already handed out (a read at time T must never miss a commit stamped T).
 */
export class CommitClock {
  private lastCommit = 0n;
  private lastRead = 0n;

  now(): bigint {
    const wall = wallClockNanos();
    const time = wall > this.lastCommit ? wall : this.lastCommit;
    if (time > this.lastRead) this.lastRead = time;
    return time;
  }

  next(): bigint {
    let time = wallClockNanos();
    if (time <= this.lastCommit) time = this.lastCommit + 1000n;
    if (time <= this.lastRead) time = this.lastRead + 1000n;
    this.lastCommit = time;
    return time;
  }

  observe(time: bigint): void {
    if (time > this.lastCommit) this.lastCommit = time;
  }
}

function wallClockNanos(): bigint {
  return BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}
