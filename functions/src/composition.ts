// Builds every function's handler from configuration and clients. Used by index.ts (Cloud Functions) and
// by the local stack, so both run the same wiring.
import { Firestore } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import { FirestoreSheetEditStore } from './adapters/firestore-sheet-edits.ts';
import type { Config } from './config.ts';
import { handleSheetEdit } from './handlers/sheet-edit.ts';
import type { HttpInput, HttpOutput } from './handlers/http-types.ts';
import { createLogger, createLogs } from './logs.ts';

export type HttpFunction = (input: HttpInput) => Promise<HttpOutput>;

export interface FunctionSet {
  sheetEdit: HttpFunction;
}

export interface Clients {
  firestore: Firestore;
}

export function createClients(config: Config): Clients {
  // With FIRESTORE_EMULATOR_HOST set, the client talks to the (embedded or official) emulator.
  return { firestore: new Firestore({ projectId: config.projectId, ignoreUndefinedProperties: true }) };
}

export function createFunctions(config: Config, clients: Clients, now: () => DateTime = () => DateTime.now()): FunctionSet {
  const logs = createLogs(createLogger(config.logLevel));
  const store = new FirestoreSheetEditStore(clients.firestore, { timeZone: config.defaultTimeZone, language: config.defaultLanguage });
  return {
    sheetEdit: (input) => handleSheetEdit(input, { store, secret: config.sheetEditSecret, windowSeconds: config.signatureWindowSeconds, now, logs }),
  };
}
