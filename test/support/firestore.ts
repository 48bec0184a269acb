// Each test file gets its own project ID, so files running in parallel never see each other's data
// (works the same against the official emulator, which also keys data by project).
import { Firestore } from '@google-cloud/firestore';
import { randomUUID } from 'node:crypto';

export function newTestFirestore(label = 'test'): Firestore {
  if (!process.env.FIRESTORE_EMULATOR_HOST)
    throw new Error('FIRESTORE_EMULATOR_HOST is not set: run tests through vitest (global setup starts the emulator)');
  const projectId = `${label}-${randomUUID().slice(0, 8)}`.toLowerCase();
  return new Firestore({ projectId, preferRest: false });
}
