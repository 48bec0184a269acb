// Embedded Firestore emulator: the official @google-cloud/firestore client talks to it unchanged through
// FIRESTORE_EMULATOR_HOST. Start it in-process (tests, local stack) or from the CLI (npm run firestore).
import * as grpc from '@grpc/grpc-js';
import { FirestoreEmulatorCore } from './firestore-service.ts';
import { SnapshotFileSaver } from './persistence.ts';
import { loadFirestoreService } from './proto.ts';
import { RpcError } from './rpc-error.ts';
import { DEFAULT_TRANSACTION_OPTIONS, type TransactionOptions } from './transactions.ts';
import { InvalidNameError } from './resource-names.ts';
import { InvalidFieldPathError } from './field-paths.ts';
import { InvalidValueError } from './values.ts';

export interface FirestoreEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** When set, data is loaded from this file on start and saved to it (debounced, and on stop). */
  dataFile?: string;
  transactionIdleTimeoutMs?: number;
  lockWaitTimeoutMs?: number;
}

export interface RunningFirestoreEmulator {
  /** The value for FIRESTORE_EMULATOR_HOST, e.g. "127.0.0.1:53412". */
  host: string;
  port: number;
  /** Documents loaded from dataFile on start. */
  loadedDocuments: number;
  stop(): Promise<void>;
  /** Deletes all data of all projects and databases. */
  clear(): Promise<void>;
  /** Writes the data file now (when dataFile is set). */
  save(): Promise<void>;
  core: FirestoreEmulatorCore;
}

// biome-ignore lint/suspicious/noExplicitAny: gRPC hands each method its own decoded protobuf call type
type Handler = (call: any, callback?: grpc.sendUnaryData<unknown>) => void;

function toServiceError(error: unknown): Partial<grpc.ServiceError> {
  if (error instanceof RpcError) return { code: error.code, details: error.message, message: error.message };
  if (
    error instanceof InvalidNameError ||
    error instanceof InvalidFieldPathError ||
    error instanceof InvalidValueError
  ) {
    return { code: grpc.status.INVALID_ARGUMENT, details: error.message, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: grpc.status.INTERNAL, details: message, message };
}

function unary(work: (request: unknown) => Promise<unknown> | unknown): Handler {
  return (call, callback) => {
    Promise.resolve()
      .then(() => work(call.request))
      .then(
        (response) => callback!(null, response),
        (error: unknown) => callback!(toServiceError(error) as grpc.ServiceError),
      );
  };
}

function serverStream(work: (request: unknown, emit: (response: unknown) => void) => Promise<void>): Handler {
  return (call) => {
    let cancelled = false;
    call.on('cancelled', () => (cancelled = true));
    work(call.request, (response) => {
      if (!cancelled) call.write(response);
    }).then(
      () => {
        if (!cancelled) call.end();
      },
      (error: unknown) => {
        if (!cancelled) call.emit('error', toServiceError(error));
      },
    );
  };
}

export async function startFirestoreEmulator(
  options: FirestoreEmulatorOptions = {},
): Promise<RunningFirestoreEmulator> {
  const core = new FirestoreEmulatorCore({
    idleTimeoutMs: options.transactionIdleTimeoutMs ?? DEFAULT_TRANSACTION_OPTIONS.idleTimeoutMs,
    lockWaitTimeoutMs: options.lockWaitTimeoutMs ?? DEFAULT_TRANSACTION_OPTIONS.lockWaitTimeoutMs,
  } satisfies TransactionOptions);
  const saver = options.dataFile ? new SnapshotFileSaver(core, options.dataFile) : undefined;
  const loadedDocuments = saver ? saver.loadIfPresent() : 0;
  saver?.attach();

  const server = new grpc.Server({
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  });
  const handlers: Record<string, Handler> = {
    GetDocument: unary((r) => core.getDocument(r)),
    ListDocuments: unary((r) => core.listDocuments(r)),
    CreateDocument: unary((r) => core.createDocument(r)),
    UpdateDocument: unary((r) => core.updateDocument(r)),
    DeleteDocument: unary((r) => core.deleteDocument(r)),
    BatchGetDocuments: serverStream((r, emit) => core.batchGetDocuments(r, emit)),
    BeginTransaction: unary((r) => core.beginTransaction(r)),
    Commit: unary((r) => core.commit(r)),
    Rollback: unary((r) => core.rollback(r)),
    RunQuery: serverStream((r, emit) => core.runQuery(r, emit)),
    RunAggregationQuery: serverStream(async (r, emit) => emit(await core.runAggregationQuery(r))),
    PartitionQuery: unary(() => ({ partitions: [], nextPageToken: '' })),
    Write: (call) =>
      call.emit('error', {
        code: grpc.status.UNIMPLEMENTED,
        details: 'The Write stream is not used by the server SDKs; use Commit',
      }),
    Listen: (call) => core.listen(call),
    ListCollectionIds: unary((r) => core.listCollectionIds(r)),
    BatchWrite: unary((r) => core.batchWrite(r)),
  };
  server.addService(loadFirestoreService(), handlers as unknown as grpc.UntypedServiceImplementation);

  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error) reject(error);
      else resolve(boundPort);
    });
  });

  let stopped = false;
  return {
    host: `${host}:${port}`,
    port,
    loadedDocuments,
    core,
    async stop() {
      if (stopped) return;
      stopped = true;
      saver?.saveNow();
      saver?.detach();
      core.transactions.close();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      server.forceShutdown();
    },
    async clear() {
      core.clear();
    },
    async save() {
      saver?.saveNow();
    },
  };
}
