// Starts the local Google Workspace emulator: one HTTP server, one route file per emulated API.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerDocsRoutes } from './docs-routes.ts';
import { registerDriveRoutes } from './drive-routes.ts';
import { GmailFaults } from './gmail-faults.ts';
import { registerGmailRoutes } from './gmail-routes.ts';
import { type Persistence, createFilePersistence, noPersistence } from './persistence.ts';
import { Router } from './router.ts';
import { registerSheetsRoutes } from './sheets-routes.ts';
import { type WorkspaceStore, loadWorkspaceStore } from './workspace-store.ts';

export interface WorkspaceEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Persist documents as JSON files here; without it state lives in memory only. */
  dataDir?: string;
  /** Milliseconds to gather writes before saving; tests lower it. */
  saveDebounceMs?: number;
  /** The clock Drive's createdTime/modifiedTime follow (the local stack moves it); real time by default. */
  now?: () => number;
}

export interface WorkspaceEmulator {
  /** Pass as `rootUrl` to the googleapis clients, e.g. http://127.0.0.1:PORT/ */
  rootUrl: string;
  port: number;
  store: WorkspaceStore;
  /** Gmail send faults for tests (also over HTTP: POST /emulator/v1/gmail/faults). */
  gmailFaults: GmailFaults;
  /** How many times a message with this RFC 822 Message-ID was sent through the emulated Gmail. */
  gmailSentCount(rfc822msgid: string): number;
  /**
   * Where a document's link (webViewLink, `<rootUrl>document/d/<id>/edit`) redirects a browser, e.g. the local
   * web UI's Documents page; unset, the link answers a short note.
   */
  setDocumentPage(page: ((documentId: string) => string) | undefined): void;
  /**
   * Addresses Drive should treat as having no Google account: sharing with them without a notification mail
   * is refused (400 invalidSharingRequest), as Google does. Replaces the previous list.
   */
  setAddressesWithoutGoogleAccount(addresses: readonly string[]): void;
  /** Saves pending changes, then closes the server. */
  stop(): Promise<void>;
}

export async function startWorkspaceEmulator(options: WorkspaceEmulatorOptions = {}): Promise<WorkspaceEmulator> {
  const host = options.host ?? '127.0.0.1';
  const persistence: Persistence = options.dataDir
    ? createFilePersistence(options.dataDir, options.saveDebounceMs)
    : noPersistence;
  const store = await loadWorkspaceStore(persistence);
  let rootUrl = '';
  const router = new Router();
  registerSheetsRoutes(router, { store, rootUrl: () => rootUrl });
  const gmailFaults = new GmailFaults();
  const gmail = registerGmailRoutes(router, { store, faults: gmailFaults });
  const now = options.now ?? (() => Date.now());
  let documentPage: ((documentId: string) => string) | undefined;
  let withoutGoogleAccount = new Set<string>();
  registerDocsRoutes(router, { store, now });
  const drive = registerDriveRoutes(router, {
    store,
    now,
    rootUrl: () => rootUrl,
    documentPage: () => documentPage,
    withoutGoogleAccount: () => withoutGoogleAccount,
  });

  // Gmail send/download and Drive uploads/downloads/exports need raw bodies and headers the JSON router does not
  // speak; they are served first.
  const server = createServer((req, res) => {
    if (!gmail.handleRaw(req, res) && !drive.handleRaw(req, res)) void router.handle(req, res);
  });
  // Clients keep connections alive; without this, close() would wait for them to time out.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  rootUrl = `http://${urlHost}:${port}/`;

  let stopping: Promise<void> | undefined;
  return {
    rootUrl,
    port,
    store,
    gmailFaults,
    gmailSentCount: (rfc822msgid) => gmail.sentCount(rfc822msgid),
    setDocumentPage(page) {
      documentPage = page;
    },
    setAddressesWithoutGoogleAccount(addresses) {
      withoutGoogleAccount = new Set(addresses.map((address) => address.trim().toLowerCase()));
    },
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        });
        await persistence.flush();
      })();
      return stopping;
    },
  };
}
