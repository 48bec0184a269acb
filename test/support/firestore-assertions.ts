// Shared helpers for the Firestore emulator conformance suite (test/firestore-emulator/).
// They only use the public surface of @google-cloud/firestore, so the suite runs unchanged
// against the official emulator or any other Firestore v1 endpoint.
import { expect } from 'vitest';
import { Firestore } from '@google-cloud/firestore';
import type { CollectionReference, DocumentData, QuerySnapshot, Query } from '@google-cloud/firestore';
import { randomUUID } from 'node:crypto';

/** gRPC status codes used by the suite (google.rpc.Code). */
export const Code = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
} as const;

/** Awaits `promise` and asserts it rejects with a gRPC error carrying `code`. Returns the error. */
export async function expectGrpcCode(promise: Promise<unknown>, code: number): Promise<Error & { code: number }> {
  let caught: unknown;
  let settledOk = false;
  try {
    await promise;
    settledOk = true;
  } catch (error) {
    caught = error;
  }
  expect(settledOk, `expected a rejection with gRPC code ${code}, but the call succeeded`).toBe(false);
  const err = caught as Error & { code: number };
  expect(err.code, `expected gRPC code ${code}, got ${String(err.code)}: ${err.message}`).toBe(code);
  return err;
}

/** A collection with a name unique to this call, so tests inside one file never share data. */
export function freshCollection(db: Firestore, prefix: string): CollectionReference {
  return db.collection(`${prefix}-${randomUUID().slice(0, 8)}`);
}

/** Writes `docs` (id → data) into `col` in one batch. */
export async function seed(col: CollectionReference, docs: Record<string, DocumentData>): Promise<void> {
  const batch = col.firestore.batch();
  for (const [id, data] of Object.entries(docs)) batch.set(col.doc(id), data);
  await batch.commit();
}

/** Document IDs of a query result, in result order. */
export function ids(snapshot: QuerySnapshot): string[] {
  return snapshot.docs.map((d) => d.id);
}

/** Runs `query` and returns the IDs of the result in result order. */
export async function queryIds(query: Query): Promise<string[]> {
  return ids(await query.get());
}

/** The project ID a client was created with (a public getter at runtime, missing from the .d.ts). */
export function projectIdOf(db: Firestore): string {
  const projectId = (db as unknown as { projectId?: unknown }).projectId;
  if (typeof projectId !== 'string') throw new Error('cannot determine the Firestore client project ID');
  return projectId;
}

/**
 * A second client on the same project as `db` that decodes integerValue as bigint and doubleValue as
 * number (public `useBigInt` setting), so tests can tell integers from doubles.
 */
export function bigIntReader(db: Firestore): Firestore {
  return new Firestore({ projectId: projectIdOf(db), preferRest: false, useBigInt: true });
}

/** Another client instance (own channel pool) on the same project as `db`. */
export function sameProjectClient(db: Firestore): Firestore {
  return new Firestore({ projectId: projectIdOf(db), preferRest: false });
}

/** Polls `check` until it returns true or `timeoutMs` elapses; throws on timeout. */
export async function waitUntil(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
