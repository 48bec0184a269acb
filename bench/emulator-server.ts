// Child process for the emulator benchmark: starts one emulator ("ours" or "peer") on a free port and
// prints `PORT <n>` so the parent can connect. Each server gets its own process, so the client's
// serialisation work in the parent does not share an event loop with either server.
import { createServer } from 'node:net';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const which = process.argv[2];
if (which === 'ours') {
  const { startFirestoreEmulator } = await import('../local/firestore-emulator/index.ts');
  const emulator = await startFirestoreEmulator({ port: 0 });
  console.log(`PORT ${emulator.port}`);
} else if (which === 'peer') {
  const { FirestoreServer } = await import('@firestore-emulator/server');
  const port = await freePort();
  const server = new FirestoreServer();
  await server.start(port);
  console.log(`PORT ${port}`);
} else {
  console.error('usage: emulator-server.ts ours|peer');
  process.exit(2);
}
