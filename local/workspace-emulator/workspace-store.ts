// In-memory state of every emulated Workspace service, one collection per kind of document. Route files own
// the shape of their documents; the store only keeps them and tells persistence what changed.
import type { Persistence } from './persistence.ts';
import type { StoredDocument } from './docs-model.ts';
import type { StoredDriveFile } from './drive-model.ts';
import type { StoredGmailMessage } from './gmail-model.ts';
import type { StoredSpreadsheet } from './sheets-model.ts';

export class DocumentCollection<T> {
  readonly #documents = new Map<string, T>();

  constructor(
    readonly name: string,
    private readonly persistence: Persistence,
    initial: Map<string, unknown> = new Map(),
  ) {
    for (const [id, document] of initial) this.#documents.set(id, document as T);
  }

  get(id: string): T | undefined {
    return this.#documents.get(id);
  }

  has(id: string): boolean {
    return this.#documents.has(id);
  }

  /** Stores (or replaces) a document and schedules it to be saved. */
  set(id: string, document: T): void {
    this.#documents.set(id, document);
    this.markChanged(id);
  }

  delete(id: string): boolean {
    const existed = this.#documents.delete(id);
    if (existed) this.markChanged(id);
    return existed;
  }

  /** Call after mutating a document in place. */
  markChanged(id: string): void {
    this.persistence.scheduleSave(this.name, id, () => this.#documents.get(id));
  }

  ids(): string[] {
    return [...this.#documents.keys()];
  }

  values(): T[] {
    return [...this.#documents.values()];
  }
}

export interface WorkspaceStore {
  spreadsheets: DocumentCollection<StoredSpreadsheet>;
  /** Gmail: one document per copy of a message in one mailbox (sender's SENT copy, recipients' INBOX copies). */
  messages: DocumentCollection<StoredGmailMessage>;
  /** Docs: the content of each Google Doc; its title, folder and sharing live in its Drive file (same ID). */
  documents: DocumentCollection<StoredDocument>;
  /** Drive: every file and folder, Google Docs included. */
  files: DocumentCollection<StoredDriveFile>;
}

export async function loadWorkspaceStore(persistence: Persistence): Promise<WorkspaceStore> {
  return {
    spreadsheets: new DocumentCollection('spreadsheets', persistence, await persistence.loadCollection('spreadsheets')),
    messages: new DocumentCollection('messages', persistence, await persistence.loadCollection('messages')),
    documents: new DocumentCollection('documents', persistence, await persistence.loadCollection('documents')),
    files: new DocumentCollection('files', persistence, await persistence.loadCollection('files')),
  };
}
