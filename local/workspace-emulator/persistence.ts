// Saves emulator documents as one JSON file each, `<dataDir>/<collection>/<id>.json`. Writes are debounced
// (a burst of API calls costs one write) and atomic (temp file + rename), so a crash never leaves half a file.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface Persistence {
  loadCollection(collection: string): Promise<Map<string, unknown>>;
  /** Schedules a save of what `read()` returns when the write happens (undefined removes the file). */
  scheduleSave(collection: string, id: string, read: () => unknown): void;
  /** Writes everything still pending; resolves when it is on disk. */
  flush(): Promise<void>;
}

const SAFE_ID = /^[A-Za-z0-9_-]+$/;

export function createFilePersistence(dataDir: string, debounceMs = 100): Persistence {
  const pending = new Map<string, { collection: string; id: string; read: () => unknown }>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  // A background save that failed is reported by the next flush() (and so by stop()), not swallowed.
  let failure: unknown;

  const fileOf = (collection: string, id: string): string => path.join(dataDir, collection, `${id}.json`);

  async function writeAll(): Promise<void> {
    const batch = [...pending.values()];
    pending.clear();
    for (const { collection, id, read } of batch) {
      const file = fileOf(collection, id);
      const document = read();
      if (document === undefined) {
        await rm(file, { force: true });
        continue;
      }
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temp, JSON.stringify(document), 'utf8');
      await rename(temp, file);
    }
  }

  function startWrite(): Promise<void> {
    timer = undefined;
    // Chained so two flushes never write the same file at once.
    writing = writing.then(writeAll, writeAll);
    return writing;
  }

  return {
    async loadCollection(collection) {
      const documents = new Map<string, unknown>();
      const dir = path.join(dataDir, collection);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return documents;
        throw error;
      }
      for (const name of names) {
        if (!name.endsWith('.json')) continue;
        const id = name.slice(0, -'.json'.length);
        documents.set(id, JSON.parse(await readFile(path.join(dir, name), 'utf8')));
      }
      return documents;
    },
    scheduleSave(collection, id, read) {
      // Ids become file names; anything else could escape the data directory.
      if (!SAFE_ID.test(id)) throw new Error(`Refusing to persist unsafe id: ${id}`);
      pending.set(`${collection}/${id}`, { collection, id, read });
      timer ??= setTimeout(() => {
        startWrite().catch((error: unknown) => {
          failure ??= error;
        });
      }, debounceMs);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      if (pending.size > 0) await startWrite();
      else await writing.catch(() => undefined);
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        throw error;
      }
    },
  };
}

export const noPersistence: Persistence = {
  loadCollection: async () => new Map(),
  scheduleSave: () => undefined,
  flush: async () => undefined,
};
