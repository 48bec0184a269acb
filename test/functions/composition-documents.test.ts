// The wiring the minutes workflow builds on: createClients gives a DocumentWriter and a DocumentArchive that
// reach the Workspace emulator when WORKSPACE_ROOT_URL is set, and nothing without a sender mailbox (like
// the mailer). DOCUMENTS_FOLDER_ID is where archive folders without a parent go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients } from '../../functions/src/composition.ts';
import { parseConfig } from '../../functions/src/config.ts';
import { type WorkspaceEmulator, startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';

let emulator: WorkspaceEmulator;
const BASE_ENV = { SHEET_EDIT_SECRET: 'composition-secret-0123456789', LOG_LEVEL: 'silent' };

beforeAll(async () => {
  emulator = await startWorkspaceEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.stop();
});

describe('createClients: documents', () => {
  it('writes, exports and archives through the emulator, archive folders under DOCUMENTS_FOLDER_ID', async () => {
    const root = (await fetch(`${emulator.rootUrl}drive/v3/files`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Minutes archive', mimeType: 'application/vnd.google-apps.folder' }),
    }).then((response) => response.json())) as { id: string };
    const clients = createClients(
      parseConfig({ ...BASE_ENV, WORKSPACE_ROOT_URL: emulator.rootUrl, DOCUMENTS_FOLDER_ID: root.id }),
    );
    try {
      const documents = clients.documents!;
      const folderId = await documents.archive.ensureFolder('M-001');
      expect(emulator.store.files.get(folderId)?.parents).toEqual([root.id]);
      const written = await documents.writer.write(
        { title: '纪要', blocks: [{ kind: 'heading', level: 1, text: '纪要 Minutes' }] },
        { folderId },
      );
      expect(emulator.store.files.get(written.documentId)?.parents).toEqual([folderId]);
      const pdf = await documents.writer.exportPdf(written.documentId);
      const fileId = await documents.archive.saveFile(folderId, '纪要 v1.pdf', 'application/pdf', pdf);
      expect(await documents.archive.readFile(fileId)).toEqual(pdf);
    } finally {
      await clients.firestore.terminate();
    }
  });

  it('has no documents without a sender mailbox or an emulator, like the mailer', async () => {
    const clients = createClients(parseConfig(BASE_ENV));
    try {
      expect(clients.documents).toBeUndefined();
      expect(clients.mailer).toBeUndefined();
    } finally {
      await clients.firestore.terminate();
    }
  });
});
