// npm run bench:emulator — 10,000 small documents written in batches of 500, into one collection and
// spread over twenty, against our embedded emulator and @firestore-emulator/server in the same run.
// Prints docs/s for each and writes bench/emulator-results.json.
import { Firestore } from '@google-cloud/firestore';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// No metadata-server probe from the client library: the benchmark talks to emulators on loopback only.
process.env.METADATA_SERVER_DETECTION ??= 'none';

const here = dirname(fileURLToPath(import.meta.url));
const TOTAL = Number(process.env.BENCH_DOCS ?? 10_000);
const BATCH = 500;

async function startServer(which: 'ours' | 'peer'): Promise<{ host: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'emulator-server.ts'), which], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /PORT (\d+)/.exec(buffer);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`${which} emulator exited with ${code}`)));
  });
  return { host: `127.0.0.1:${port}`, child };
}

async function writeDocs(host: string, collections: number, total = TOTAL): Promise<number> {
  process.env.FIRESTORE_EMULATOR_HOST = host;
  const db = new Firestore({
    projectId: `bench-${collections}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
  });
  // Warm the connection so channel set-up is not timed.
  await db.doc('warmup/x').set({ ok: true });
  const started = performance.now();
  for (let offset = 0; offset < total; offset += BATCH) {
    const batch = db.batch();
    for (let i = offset; i < Math.min(total, offset + BATCH); i++) {
      batch.set(db.collection(`items${i % collections}`).doc(`doc-${String(i).padStart(6, '0')}`), {
        index: i,
        title: `Item ${i}`,
        region: ['east', 'west', 'north', 'south'][i % 4],
        active: i % 3 === 0,
      });
    }
    await batch.commit();
  }
  const seconds = (performance.now() - started) / 1000;
  const count = (await db.collection('items0').count().get()).data().count;
  const expected = collections === 1 ? total : Math.ceil(total / collections);
  if (count !== expected) throw new Error(`expected ${expected} documents in items0, found ${count}`);
  await db.terminate();
  return total / seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * A warm-up run first (JIT, channel), then the two layouts alternately, `rounds` times each; the median
 * is reported so the order of runs does not decide which layout looks faster.
 */
async function measure(which: 'ours' | 'peer', rounds: number): Promise<{ one: number; twenty: number }> {
  const { host, child } = await startServer(which);
  try {
    await writeDocs(host, 1, 1000);
    const one: number[] = [];
    const twenty: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate which layout goes first, so neither always runs on a warmer (or more loaded) server.
      if (round % 2 === 0) {
        one.push(await writeDocs(host, 1));
        twenty.push(await writeDocs(host, 20));
      } else {
        twenty.push(await writeDocs(host, 20));
        one.push(await writeDocs(host, 1));
      }
    }
    return { one: median(one), twenty: median(twenty) };
  } finally {
    child.kill();
  }
}

// The peer needs about a minute per one-collection run, so it is measured once; ours five times.
const ours = await measure('ours', 5);
const peer = await measure('peer', 1);
const round = (n: number) => Math.round(n);
const results = {
  documents: TOTAL,
  batch_size: BATCH,
  ours_docs_per_s: round(ours.one),
  peer_docs_per_s: round(peer.one),
  ratio: Number((ours.one / peer.one).toFixed(1)),
  ours_twenty_collections_docs_per_s: round(ours.twenty),
  peer_twenty_collections_docs_per_s: round(peer.twenty),
  ours_one_vs_twenty_collections: Number((ours.one / ours.twenty).toFixed(2)),
  node: process.version,
  measured_at: new Date().toISOString(),
};
console.log(`${TOTAL} documents, batches of ${BATCH}`);
console.log(`  ours, one collection:      ${results.ours_docs_per_s} docs/s`);
console.log(`  ours, twenty collections:  ${results.ours_twenty_collections_docs_per_s} docs/s`);
console.log(`  peer, one collection:      ${results.peer_docs_per_s} docs/s`);
console.log(`  peer, twenty collections:  ${results.peer_twenty_collections_docs_per_s} docs/s`);
console.log(`  ratio (ours / peer, one collection): ${results.ratio}x`);
if (!process.env.BENCH_DOCS)
  writeFileSync(join(here, 'emulator-results.json'), `${JSON.stringify(results, null, 2)}\n`);
