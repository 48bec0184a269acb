// Sent and delivered Gmail messages saved to dataDir survive a restart of the emulator.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gmail } from '@googleapis/gmail';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'workspace-emulator-gmail-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('Gmail persistence with dataDir', () => {
  it('messages, their threads and the sent count are served again after a restart', async () => {
    const raw = await new MailComposer({
      from: { name: '会议系统', address: 'notices@example.com' },
      to: 'li@example.com',
      subject: '材料提交提醒',
      text: '请于周五前提交材料。',
      messageId: '<persisted-1@outbox.example.com>',
    })
      .compile()
      .build();

    const first = await startWorkspaceEmulator({ port: 0, dataDir, saveDebounceMs: 5 });
    const sent = (
      await gmail({ version: 'v1', rootUrl: first.rootUrl }).users.messages.send({
        userId: 'me',
        requestBody: { raw: raw.toString('base64url') },
      })
    ).data;
    await first.stop();
    expect((await readdir(path.join(dataDir, 'messages'))).sort()).toHaveLength(2); // SENT copy + recipient's copy

    const second = await startWorkspaceEmulator({ port: 0, dataDir });
    try {
      const api = gmail({ version: 'v1', rootUrl: second.rootUrl });
      const listed = await api.users.messages.list({
        userId: 'notices@example.com',
        q: 'rfc822msgid:persisted-1@outbox.example.com',
      });
      expect(listed.data.messages).toEqual([{ id: sent.id, threadId: sent.threadId }]);
      const got = await api.users.messages.get({ userId: 'me', id: sent.id ?? '', format: 'raw' });
      expect(Buffer.from(got.data.raw ?? '', 'base64url').equals(raw)).toBe(true);
      expect(second.gmailSentCount('<persisted-1@outbox.example.com>')).toBe(1);
      const mailbox = (await (
        await fetch(new URL('emulator/v1/gmail/mailbox?address=li@example.com', second.rootUrl))
      ).json()) as { messages: { subject: string }[] };
      expect(mailbox.messages.map((message) => message.subject)).toEqual(['材料提交提醒']);

      // Ids and history keep growing after a restart instead of starting over.
      const again = (await api.users.messages.send({ userId: 'me', requestBody: { raw: raw.toString('base64url') } }))
        .data;
      const history = await api.users.messages.get({ userId: 'me', id: again.id ?? '', format: 'minimal' });
      expect(Number(history.data.historyId)).toBeGreaterThan(Number(got.data.historyId));
      expect(second.gmailSentCount('persisted-1@outbox.example.com')).toBe(2);
      const newestFirst = await api.users.messages.list({ userId: 'notices@example.com', q: 'in:sent' });
      expect(newestFirst.data.messages?.map((message) => message.id)).toEqual([again.id, sent.id]);
    } finally {
      await second.stop();
    }
  });
});
