// Saves the live documents of every database to one JSON file and loads them back, so a local stack keeps
// its data across restarts. Writes are debounced and atomic (temp file + rename); values that JSON cannot
// carry (bytes, NaN, ±Infinity, -0, 64-bit times) are tagged.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredDocument } from './database-store.ts';
import type { FirestoreEmulatorCore } from './firestore-service.ts';
import { parseDocumentName } from './resource-names.ts';

interface SnapshotFile {
  version: 1;
  databases: Record<string, Array<{ name: string; fields: unknown; createTime: string; updateTime: string }>>;
}

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (key === 'bytesValue' && value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer') {
    return { $bytes: Buffer.from((value as { data: number[] }).data).toString('base64') };
  }
  if (key === 'doubleValue' && typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
    return { $double: Object.is(value, -0) ? '-0' : String(value) };
  }
  return value;
}

function reviver(key: string, value: unknown): unknown {
  if (key === 'bytesValue' && value && typeof value === 'object' && '$bytes' in value) {
    return Buffer.from((value as { $bytes: string }).$bytes, 'base64');
  }
  if (key === 'doubleValue' && value && typeof value === 'object' && '$double' in value) {
    const text = (value as { $double: string }).$double;
    return text === '-0' ? -0 : Number(text);
  }
  return value;
}

export function snapshotToJson(core: FirestoreEmulatorCore): string {
  const file: SnapshotFile = { version: 1, databases: {} };
  for (const [name, db] of core.databases) {
    const docs = [...db.liveDocuments()].map((doc) => ({
      name: doc.name,
      fields: doc.fields,
      createTime: doc.createTime.toString(),
      updateTime: doc.updateTime.toString(),
    }));
    if (docs.length > 0) file.databases[name] = docs;
  }
  return JSON.stringify(file, replacer);
}

export function loadSnapshot(core: FirestoreEmulatorCore, json: string): void {
  const file = JSON.parse(json, reviver) as SnapshotFile;
  if (file.version !== 1) throw new Error(`Unsupported Firestore snapshot version ${String(file.version)}`);
  for (const [name, docs] of Object.entries(file.databases)) {
    const stored: StoredDocument[] = docs.map((d) => ({
      name: d.name,
      fields: d.fields as StoredDocument['fields'],
      createTime: BigInt(d.createTime),
      updateTime: BigInt(d.updateTime),
    }));
    core.database(name).load(stored, (docName) => parseDocumentName(docName).segments);
  }
}

export class SnapshotFileSaver {
  private timer: NodeJS.Timeout | undefined;
  private readonly onCommit = () => this.schedule();

  constructor(
    private readonly core: FirestoreEmulatorCore,
    private readonly path: string,
    private readonly debounceMs = 500,
  ) {}

  loadIfPresent(): number {
    if (!existsSync(this.path)) return 0;
    loadSnapshot(this.core, readFileSync(this.path, 'utf8'));
    let count = 0;
    for (const db of this.core.databases.values()) for (const _ of db.liveDocuments()) count++;
    return count;
  }

  /** Saves after changes settle (commits to any database, or a clear). */
  attach(): void {
    this.core.events.on('commit', this.onCommit);
    this.core.events.on('cleared', this.onCommit);
  }

  detach(): void {
    this.core.events.off('commit', this.onCommit);
    this.core.events.off('cleared', this.onCommit);
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saveNow();
    }, this.debounceMs);
    this.timer.unref();
  }

  saveNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, snapshotToJson(this.core));
    renameSync(temp, this.path);
  }
}
