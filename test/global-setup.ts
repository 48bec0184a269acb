// One embedded Firestore emulator per test run, on a free port. When FIRESTORE_EMULATOR_HOST is already
// set (for example to the official emulator), the suite runs against that one instead, unchanged.
import type { TestProject } from 'vitest/node';

export default async function setup(_project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Google client libraries probe the GCE metadata server (169.254.169.254) when they look for credentials,
  // even when talking to an emulator. Tests never run on GCE: say so, and no packet leaves the machine.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  if (process.env.FIRESTORE_EMULATOR_HOST) return undefined;
  const { startFirestoreEmulator } = await import('../local/firestore-emulator/index.ts');
  const emulator = await startFirestoreEmulator({ port: 0 });
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  process.env.EMBEDDED_FIRESTORE = '1';
  return async () => {
    await emulator.stop();
  };
}
