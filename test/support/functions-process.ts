// The functions alone, in a process of their own, so a test can kill them (SIGKILL) in the middle of a request
// while the emulators (Firestore, Workspace) live on in the test's process. Configured through the environment
// as production is (parseConfig), plus CLOCK_START: the instant the clock starts at (it runs on in real time
// from there), so no test depends on the machine's date. Serves every function at /functions/<name> and prints
// `{"port":N}` on its first stdout line once it listens.
import { createServer } from 'node:http';
import { DateTime } from 'luxon';
import { type FunctionSet, createClients, createFunctions } from '../../functions/src/composition.ts';
import { parseConfig } from '../../functions/src/config.ts';
import { LocalClock } from '../../local/local-clock.ts';

process.env.METADATA_SERVER_DETECTION ??= 'none';
const config = parseConfig(process.env);
const start = DateTime.fromISO(process.env.CLOCK_START ?? '', { setZone: true });
if (!start.isValid) throw new Error('CLOCK_START must be an ISO instant');
// The stack's own clock: it reads the pinned instant plus the time elapsed since, as the local stack's does.
const clock = new LocalClock(config.defaultTimeZone, { start });
const now = () => clock.now();
const functions: FunctionSet = createFunctions(config, createClients(config, now), now);

const server = createServer((req, res) => {
  const name = /^\/functions\/([A-Za-z]+)$/.exec(req.url ?? '')?.[1] as keyof FunctionSet | undefined;
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const handler = name ? functions[name] : undefined;
    const answer = handler
      ? handler({ method: req.method ?? 'GET', headers: req.headers, rawBody: Buffer.concat(chunks) })
      : Promise.resolve({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    answer
      .catch((error: unknown) => ({ status: 500, body: { error: { code: 'INTERNAL_ERROR', en: String(error) } } }))
      .then((output) => {
        res.writeHead(output.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(output.body));
      });
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
