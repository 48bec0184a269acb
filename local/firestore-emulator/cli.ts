// npm run firestore [-- --port 8086 --host 127.0.0.1 --data .local/firestore.json]
// Starts the embedded Firestore emulator and prints the FIRESTORE_EMULATOR_HOST value to export.
import { parseArgs } from 'node:util';
import { startFirestoreEmulator } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.FIRESTORE_PORT ?? '8086' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string' },
    'no-data': { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number between 0 and 65535, got "${values.port}"`);
  process.exit(2);
}
const dataFile = values['no-data'] ? undefined : (values.data ?? '.local/firestore-emulator.json');
const emulator = await startFirestoreEmulator({ port, host: values.host, dataFile });
console.log(`Embedded Firestore emulator listening on ${emulator.host}`);
if (dataFile) console.log(`Data file: ${dataFile} (${emulator.loadedDocuments} documents loaded)`);
console.log(`export FIRESTORE_EMULATOR_HOST=${emulator.host}`);

const shutdown = async () => {
  await emulator.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
