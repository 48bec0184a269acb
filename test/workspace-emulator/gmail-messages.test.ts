// Gmail v1 messages in the Workspace emulator, driven by the genuine @googleapis/gmail client over HTTP.
import { randomUUID } from 'node:crypto';
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WorkspaceEmulator, startWorkspaceEmulator } from '../../local/workspace-emulator/index.ts';
import type { MailboxMessage } from '../../local/workspace-emulator/index.ts';
import { googleErrorOf } from './emulated-sheets.ts';

let emulator: WorkspaceEmulator;
let api: gmail_v1.Gmail;
let counter = 0;

beforeAll(async () => {
  emulator = await startWorkspaceEmulator({ port: 0 });
  api = gmail({ version: 'v1', rootUrl: emulator.rootUrl });
});

afterAll(async () => {
  await emulator.stop();
});

type ComposeOptions = ConstructorParameters<typeof MailComposer>[0];

/** Each test gets its own addresses and Message-ID, so tests sharing the emulator never see each other's mail. */
function uniqueMail(overrides: ComposeOptions = {}): ComposeOptions & { messageId: string } {
  counter++;
  return {
    from: { name: '会议系统', address: `notices${counter}@example.com` },
    to: `li${counter}@example.com`,
    subject: `Weekly meeting ${counter}`,
    text: 'Please attend.',
    messageId: `<m${counter}.${randomUUID()}@outbox.example.com>`,
    ...overrides,
  } as ComposeOptions & { messageId: string };
}

async function rawOf(options: ComposeOptions): Promise<Buffer> {
  const node = new MailComposer(options).compile();
  // Gmail reads Bcc recipients from the raw message (and strips the header for the others).
  node.keepBcc = true;
  return node.build();
}

async function send(options: ComposeOptions): Promise<gmail_v1.Schema$Message> {
  const raw = await rawOf(options);
  return (await api.users.messages.send({ userId: 'me', requestBody: { raw: raw.toString('base64url') } })).data;
}

async function emulatorJson<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(new URL(path, emulator.rootUrl));
  return { status: response.status, body: (await response.json()) as T };
}

async function mailboxOf(address: string): Promise<MailboxMessage[]> {
  const { body } = await emulatorJson<{ messages: MailboxMessage[] }>(
    `emulator/v1/gmail/mailbox?address=${encodeURIComponent(address)}`,
  );
  return body.messages;
}

const bare = (id: string): string => id.replace(/^<|>$/g, '');

describe('users.messages.send → list → get', () => {
  it('answers the SENT copy and finds it by rfc822msgid with and without angle brackets', async () => {
    const mail = uniqueMail();
    const sent = await send(mail);
    expect(sent).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), threadId: sent.id, labelIds: ['SENT'] });

    for (const q of [
      `rfc822msgid:${bare(mail.messageId)}`,
      `rfc822msgid:${mail.messageId}`,
      `rfc822msgid:${mail.messageId} in:sent`,
    ]) {
      const listed = await api.users.messages.list({ userId: 'me', q });
      expect(listed.data.messages?.filter((message) => message.id === sent.id)).toHaveLength(1);
    }
    const senderOnly = await api.users.messages.list({
      userId: String(mail.from && typeof mail.from === 'object' && 'address' in mail.from ? mail.from.address : ''),
      q: `rfc822msgid:${bare(mail.messageId)}`,
    });
    expect(senderOnly.data).toEqual({ messages: [{ id: sent.id, threadId: sent.threadId }], resultSizeEstimate: 1 });
  });

  it('format=raw returns the exact bytes that were sent', async () => {
    const mail = uniqueMail();
    const raw = await rawOf(mail);
    const sent = (await api.users.messages.send({ userId: 'me', requestBody: { raw: raw.toString('base64url') } }))
      .data;
    const got = await api.users.messages.get({ userId: 'me', id: sent.id ?? '', format: 'raw' });
    expect(Buffer.from(got.data.raw ?? '', 'base64url').equals(raw)).toBe(true);
    expect(got.data.sizeEstimate).toBe(raw.length);
    expect(got.data.labelIds).toEqual(['SENT']);
  });

  it('format=full decodes a Chinese subject and body, and gives the text/html alternative as parts', async () => {
    const mail = uniqueMail({
      subject: '会议通知：周例会（第 12 周）',
      text: '请于周一 09:00 准时参加。',
      html: '<p>请于周一 <b>09:00</b> 准时参加。</p>',
    });
    const sent = await send(mail);
    const full = (await api.users.messages.get({ userId: 'me', id: sent.id ?? '', format: 'full' })).data;
    const header = (name: string): string | undefined =>
      full.payload?.headers?.find((item) => item.name?.toLowerCase() === name)?.value ?? undefined;
    expect(header('subject')).toBe('会议通知：周例会（第 12 周）');
    expect(header('from')).toBe(`会议系统 <notices${counter}@example.com>`);
    expect(header('message-id')).toBe(mail.messageId);
    expect(full.payload?.mimeType).toBe('multipart/alternative');
    const [plain, html] = full.payload?.parts ?? [];
    expect(plain?.mimeType).toBe('text/plain');
    expect(Buffer.from(plain?.body?.data ?? '', 'base64url').toString('utf8')).toBe('请于周一 09:00 准时参加。');
    expect(html?.mimeType).toBe('text/html');
    expect(Buffer.from(html?.body?.data ?? '', 'base64url').toString('utf8')).toContain('<b>09:00</b>');
    expect(full.snippet).toBe('请于周一 09:00 准时参加。');
  });

  it('format=metadata keeps only the asked headers; format=minimal has no payload', async () => {
    const sent = await send(uniqueMail({ subject: '纪要确认' }));
    const metadata = (
      await api.users.messages.get({
        userId: 'me',
        id: sent.id ?? '',
        format: 'metadata',
        metadataHeaders: ['Subject', 'Message-ID'],
      })
    ).data;
    expect(metadata.payload?.headers?.map((header) => header.name)).toEqual(['Subject', 'Message-ID']);
    expect(metadata.payload?.headers?.[0]?.value).toBe('纪要确认');
    const minimal = (await api.users.messages.get({ userId: 'me', id: sent.id ?? '', format: 'minimal' })).data;
    expect(minimal.payload).toBeUndefined();
    expect(minimal.raw).toBeUndefined();
    expect(minimal.id).toBe(sent.id);
  });

  it('an attachment is fetched with users.messages.attachments.get', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';
    const sent = await send(
      uniqueMail({
        attachments: [
          {
            filename: 'invite.ics',
            contentType: 'text/calendar; method=REQUEST; charset=UTF-8',
            content: Buffer.from(ics),
          },
        ],
      }),
    );
    const full = (await api.users.messages.get({ userId: 'me', id: sent.id ?? '' })).data;
    const part = full.payload?.parts?.find((item) => item.filename === 'invite.ics');
    expect(part?.mimeType).toBe('text/calendar');
    expect(part?.body?.data).toBeUndefined();
    const attachment = await api.users.messages.attachments.get({
      userId: 'me',
      messageId: sent.id ?? '',
      id: part?.body?.attachmentId ?? '',
    });
    expect(Buffer.from(attachment.data.data ?? '', 'base64url').toString('utf8')).toBe(ics);
  });

  it('accepts the upload forms of send (uploadType=media and multipart with a threadId)', async () => {
    const first = uniqueMail();
    const raw = (await rawOf(first)).toString('utf8');
    // googleapis builds upload URLs from the per-call rootUrl only (the client-level one is not applied to them).
    const perCall = { rootUrl: emulator.rootUrl };
    const media = (
      await api.users.messages.send({ userId: 'me', media: { mimeType: 'message/rfc822', body: raw } }, perCall)
    ).data;
    expect(media.labelIds).toEqual(['SENT']);
    const listed = await api.users.messages.list({ userId: 'me', q: `rfc822msgid:${first.messageId}` });
    expect(listed.data.messages?.map((message) => message.id)).toContain(media.id);

    const second = uniqueMail({ from: first.from });
    const multipart = (
      await api.users.messages.send(
        {
          userId: 'me',
          requestBody: { threadId: media.threadId ?? '' },
          media: { mimeType: 'message/rfc822', body: (await rawOf(second)).toString('utf8') },
        },
        perCall,
      )
    ).data;
    expect(multipart.threadId).toBe(media.threadId);
    const stored = (await api.users.messages.get({ userId: 'me', id: multipart.id ?? '', format: 'raw' })).data;
    expect(Buffer.from(stored.raw ?? '', 'base64url').toString('utf8')).toContain(second.messageId);
  });

  it('a reply (In-Reply-To) joins the thread of the message it answers in each mailbox', async () => {
    const original = uniqueMail();
    const sent = await send(original);
    const reply = await send(
      uniqueMail({
        from: original.from,
        to: original.to,
        inReplyTo: original.messageId,
        references: original.messageId,
      }),
    );
    expect(reply.threadId).toBe(sent.threadId);
  });

  it('refuses a message without recipients, undecodable raw and a message without headers', async () => {
    const noRecipient = await rawOf({ from: 'notices@example.com', subject: 'x', text: 'y' });
    expect(
      await googleErrorOf(
        api.users.messages.send({ userId: 'me', requestBody: { raw: noRecipient.toString('base64url') } }),
      ),
    ).toMatchObject({
      status: 400,
      error: { message: 'Recipient address required' },
    });
    expect(
      (await googleErrorOf(api.users.messages.send({ userId: 'me', requestBody: { raw: '%%% not base64 %%%' } })))
        .status,
    ).toBe(400);
    expect(
      (
        await googleErrorOf(
          api.users.messages.send({
            userId: 'me',
            requestBody: { raw: Buffer.from('just some words').toString('base64url') },
          }),
        )
      ).status,
    ).toBe(400);
    expect((await googleErrorOf(api.users.messages.send({ userId: 'me', requestBody: {} }))).status).toBe(400);
  });

  it("get of an unknown id, or of another mailbox's message, is a 404", async () => {
    expect((await googleErrorOf(api.users.messages.get({ userId: 'me', id: '0000000000000000' }))).status).toBe(404);
    const sent = await send(uniqueMail());
    expect(
      (await googleErrorOf(api.users.messages.get({ userId: 'someone-else@example.com', id: sent.id ?? '' }))).status,
    ).toBe(404);
  });
});

describe('recipients and search', () => {
  it('delivers an INBOX copy to every To/Cc/Bcc recipient and hides Bcc from the others', async () => {
    const mail = uniqueMail({
      to: `to${counter + 1}@example.com`,
      cc: `cc${counter + 1}@example.com`,
      bcc: `bcc${counter + 1}@example.com`,
    });
    const sender = `notices${counter}@example.com`;
    await send(mail);
    for (const address of [`to${counter}@example.com`, `cc${counter}@example.com`, `bcc${counter}@example.com`]) {
      const inbox = await api.users.messages.list({ userId: address, q: 'in:inbox' });
      expect(inbox.data.resultSizeEstimate, address).toBe(1);
      const copy = await api.users.messages.get({
        userId: address,
        id: inbox.data.messages?.[0]?.id ?? '',
        format: 'raw',
      });
      expect(copy.data.labelIds).toEqual(['INBOX', 'UNREAD']);
      expect(Buffer.from(copy.data.raw ?? '', 'base64url').toString('utf8'), address).not.toMatch(/^Bcc:/im);
    }
    const sentCopy = await api.users.messages.list({ userId: sender, q: 'in:sent' });
    expect(sentCopy.data.resultSizeEstimate).toBe(1);
    expect((await api.users.messages.list({ userId: sender, q: 'in:inbox' })).data).toEqual({ resultSizeEstimate: 0 });
    const { body } = await emulatorJson<{ addresses: string[] }>('emulator/v1/gmail/addresses');
    expect(body.addresses).toEqual(
      expect.arrayContaining([
        sender,
        `to${counter}@example.com`,
        `cc${counter}@example.com`,
        `bcc${counter}@example.com`,
      ]),
    );
  });

  it('supports to:, from:, subject:, label:SENT, negation, and has no messages key when nothing matches', async () => {
    const mail = uniqueMail({ subject: '月度总结会 agenda' });
    const sent = await send(mail);
    const to = `li${counter}@example.com`;
    const from = `notices${counter}@example.com`;
    const ids = async (q: string): Promise<string[]> =>
      ((await api.users.messages.list({ userId: 'me', q })).data.messages ?? []).map((message) => message.id ?? '');
    expect(await ids(`to:${to} label:SENT`)).toEqual([sent.id]);
    expect(await ids(`from:${from} in:sent`)).toEqual([sent.id]);
    expect(await ids(`subject:月度总结会 from:${from} in:sent`)).toEqual([sent.id]);
    expect(await ids(`subject:"总结会 agenda" from:${from} -in:inbox`)).toEqual([sent.id]);
    expect(await ids(`from:${from} -in:sent`)).toHaveLength(1); // the recipient's INBOX copy
    expect(
      (await api.users.messages.list({ userId: 'me', q: `rfc822msgid:never-sent-${counter}@outbox.example.com` })).data,
    ).toEqual({ resultSizeEstimate: 0 });
    expect((await googleErrorOf(api.users.messages.list({ userId: 'me', q: 'newer_than:1d' }))).status).toBe(400);
  });

  it('pages with maxResults and pageToken, newest first', async () => {
    const sender = { name: 'Pager', address: `pager${counter}@example.com` };
    const sentIds: string[] = [];
    for (let index = 0; index < 5; index++)
      sentIds.push((await send(uniqueMail({ from: sender, subject: `page ${index}` }))).id ?? '');
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await api.users.messages.list({
        userId: sender.address,
        q: 'in:sent',
        maxResults: 2,
        ...(pageToken ? { pageToken } : {}),
      });
      expect(page.data.resultSizeEstimate).toBe(5);
      seen.push(...(page.data.messages ?? []).map((message) => message.id ?? ''));
      pageToken = page.data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(seen).toEqual([...sentIds].reverse());
  });
});

describe('mailbox API for the local web UI', () => {
  it('shows text, html and attachments per recipient, and serves the attachment bytes', async () => {
    const pdf = Buffer.from('%PDF-1.4 minutes');
    const mail = uniqueMail({
      subject: '会议纪要：销售周例会',
      text: '纪要见附件。',
      html: '<p>纪要见<strong>附件</strong>。</p>',
      attachments: [
        { filename: '纪要.pdf', contentType: 'application/pdf', content: pdf },
        {
          filename: 'invite.ics',
          contentType: 'text/calendar; method=REQUEST; charset=UTF-8',
          content: Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'),
        },
      ],
    });
    const to = `li${counter}@example.com`;
    await send(mail);
    const [message] = await mailboxOf(to);
    expect(message).toMatchObject({
      messageId: bare(mail.messageId),
      from: { address: `notices${counter}@example.com`, name: '会议系统' },
      to: [{ address: to }],
      subject: '会议纪要：销售周例会',
      text: '纪要见附件。',
      html: '<p>纪要见<strong>附件</strong>。</p>',
      attachments: [
        { filename: '纪要.pdf', contentType: 'application/pdf', size: pdf.length, index: 0 },
        { filename: 'invite.ics', contentType: 'text/calendar', index: 1 },
      ],
    });
    expect(Date.parse(message?.date ?? '')).not.toBeNaN();
    const download = await fetch(new URL(`emulator/v1/gmail/messages/${message?.id}/attachments/0`, emulator.rootUrl));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    expect(
      (await fetch(new URL(`emulator/v1/gmail/messages/${message?.id}/attachments/9`, emulator.rootUrl))).status,
    ).toBe(404);
  });

  it("lists the sender's SENT copy in the sender's mailbox, newest first", async () => {
    const sender = { name: 'Order', address: `order${counter}@example.com` };
    await send(uniqueMail({ from: sender, subject: 'first' }));
    await send(uniqueMail({ from: sender, subject: 'second' }));
    const messages = await mailboxOf(sender.address);
    expect(messages.map((message) => [message.subject, message.labelIds])).toEqual([
      ['second', ['SENT']],
      ['first', ['SENT']],
    ]);
  });

  it('counts how many times a Message-ID was sent', async () => {
    const mail = uniqueMail({ cc: 'someone-else@example.com' });
    const count = async (): Promise<number> =>
      (
        await emulatorJson<{ sent: number }>(
          `emulator/v1/gmail/count?rfc822msgid=${encodeURIComponent(mail.messageId)}`,
        )
      ).body.sent;
    expect(await count()).toBe(0);
    await send(mail);
    expect(await count()).toBe(1); // recipients' copies are deliveries, not sends
    await send(mail);
    expect(await count()).toBe(2);
    expect(emulator.gmailSentCount(bare(mail.messageId))).toBe(2);
    expect((await emulatorJson('emulator/v1/gmail/count')).status).toBe(400);
  });

  it('the stored raw message parses back with mailparser', async () => {
    const mail = uniqueMail({ subject: '客户回访提醒', text: '第 3 天回访：张三' });
    const sent = await send(mail);
    const raw = (await api.users.messages.get({ userId: 'me', id: sent.id ?? '', format: 'raw' })).data.raw ?? '';
    const parsed = await simpleParser(Buffer.from(raw, 'base64url'));
    expect(parsed.subject).toBe('客户回访提醒');
    expect(parsed.text?.trim()).toBe('第 3 天回访：张三');
    expect(parsed.messageId).toBe(mail.messageId);
  });
});
