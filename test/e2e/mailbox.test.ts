// The mailbox page and the header clock: a user moves the stack clock to the next working morning, runs a
// tick, and reads the daily digest the tick sent through the outbox and the emulated Gmail API, rendered in a
// sandboxed frame. A hand-made hostile mail checks that the frame runs no script and loads nothing remote.
// The stack clock starts at a pinned working morning (Tuesday 2027-03-09 09:00); the last test pins the eve of a
// holiday and of a make-up working day on purpose, to see "next working morning" follow the Settings tab.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { MAKE_UP_SATURDAY, NEW_YEARS_EVE, WORKING_MORNING } from '../support/pinned-time.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';

const SCREENSHOT = '/tmp/e2e-mailbox.png';
const MEETING_TITLE = '销售与运营周例会 Weekly S&OP';
const RECIPIENT = 'wang.wei@demo.example';

interface ClockView {
  now: string;
  offsetMinutes: number;
  zone: string;
}
interface MailboxView {
  address: string;
  messages: {
    id: string;
    messageId: string;
    subject: string;
    text: string;
    attachments: { filename: string; index: number }[];
  }[];
}

let stack: LocalStack;
let browser: Browser;
let page: Page;
let dataDir: string;
const outsideRequests: string[] = [];
/** Chromium reports a speculative preload that CSP then refuses as a request that failed with "csp"; it never left. */
const blockedByPolicy = new Set<string>();
/** Stands in for a remote server: anything the mail's markup manages to fetch shows up here. */
let tracker: Server;
let trackerUrl: string;
const trackerHits: string[] = [];
const pageErrors: string[] = [];

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${stack.url}${path}`);
  expect(response.ok, `${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

async function clockNow(): Promise<DateTime> {
  const clock = await api<ClockView>('/api/clock');
  return DateTime.fromISO(clock.now, { setZone: true }).setZone(clock.zone);
}

/** The start of the demo workbook's weekly S&OP, read from its Meetings tab (demo dates follow the stack clock). */
async function meetingStart(): Promise<DateTime> {
  const workbook = await api<{ timeZone: string; tabs: { title: string; tabKey: string | null }[] }>('/api/workbook');
  const meetings = workbook.tabs.find((t) => t.tabKey === 'meetings')!.title;
  const tab = await api<{ values: (string | number | boolean)[][] }>(`/api/tabs/${encodeURIComponent(meetings)}`);
  const row = tab.values.find((r) => r.includes(MEETING_TITLE));
  expect(row, `a "${MEETING_TITLE}" row in ${meetings}`).toBeDefined();
  const start = row!.map(String).find((v) => /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/.test(v))!;
  return DateTime.fromFormat(start, 'yyyy/MM/dd HH:mm', { zone: workbook.timeZone });
}

beforeAll(async () => {
  tracker = createServer((req, res) => {
    trackerHits.push(req.url ?? '');
    res.end();
  });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  trackerUrl = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'e2e-mailbox-'));
  stack = await startLocalStack({ port: 0, dataDir, scheduler: false, now: WORKING_MORNING });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(stack.url) && !url.startsWith('data:') && !url.startsWith('about:')) outsideRequests.push(url);
  });
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'csp') blockedByPolicy.add(request.url());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(`${stack.url}/#/mailbox`);
  await page
    .getByTestId('clock-time')
    .filter({ hasText: /\d\d:\d\d/ })
    .waitFor();
});

afterAll(async () => {
  await browser?.close();
  tracker?.close();
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('mailbox page and header clock', () => {
  test('before any tick the mailbox says, in both languages, how to get mail', async () => {
    const empty = page.getByTestId('mailbox-empty');
    await empty.waitFor({ state: 'visible' });
    const text = (await empty.textContent()) ?? '';
    expect(text).toContain('还没有邮件');
    expect(text).toContain('No mail yet — advance the clock and run a tick');
    expect(await page.getByTestId('page-mailbox').getAttribute('aria-current')).not.toBeNull();
    // The header shows the stack clock where the test pinned it, and how far that is from the machine's clock.
    const clock = await api<ClockView>('/api/clock');
    expect(await page.getByTestId('clock-offset').getAttribute('data-offset')).toBe(String(clock.offsetMinutes));
    expect(await page.getByTestId('clock-date').textContent()).toContain(WORKING_MORNING.toFormat('yyyy-MM-dd'));
  });

  test('the clock control moves the stack clock forward to a working morning', async () => {
    // A digest looks three days ahead (Settings default), so start from a day whose next working morning
    // lists the demo's next-Monday S&OP: "+1 day" until it is at most three days away.
    const meeting = await meetingStart();
    for (let i = 0; i < 7 && meeting.startOf('day').diff((await clockNow()).startOf('day'), 'days').days > 3; i += 1) {
      const before = (await api<ClockView>('/api/clock')).offsetMinutes;
      await page.getByTestId('clock-plus-day').click();
      await expect
        .poll(async () => Number(await page.getByTestId('clock-offset').getAttribute('data-offset')))
        .toBe(before + 24 * 60);
    }
    const before = await clockNow();
    const offsetBefore = (await api<ClockView>('/api/clock')).offsetMinutes;
    await page.getByTestId('clock-next-morning').click();
    await expect.poll(async () => (await clockNow()).toFormat('HH:mm')).toBe('08:05');
    const morning = await clockNow();
    expect(morning.weekday).toBeLessThanOrEqual(5);
    expect(morning > before).toBe(true);
    expect(morning.diff(before, 'days').days).toBeLessThanOrEqual(3.01);
    // The header shows the stack clock in the workbook zone, and that it moved forward.
    // The API moves first; the header follows when the page has the answer.
    await expect.poll(() => page.getByTestId('clock-time').textContent()).toBe('08:05');
    expect(await page.getByTestId('clock-date').textContent()).toContain(morning.toFormat('yyyy-MM-dd'));
    expect(await page.getByTestId('clock-zone').textContent()).toContain('Asia/Shanghai');
    expect(Number(await page.getByTestId('clock-offset').getAttribute('data-offset'))).toBeGreaterThan(offsetBefore);
  });

  test(
    '"Run tick now" reports what it sent, and the open ' + 'mailbox shows the daily digest in a sandboxed frame',
    async () => {
      await page.getByTestId('clock-run-tick').click();
      const toast = page.getByTestId('toast').filter({ hasText: 'Tick done' });
      await toast.waitFor();
      const summary = (await toast.textContent()) ?? '';
      expect(summary).toMatch(/tick 完成/);
      expect(Number(/(\d+) sent/.exec(summary)?.[1])).toBeGreaterThan(0);
      expect(summary).toMatch(/0 failed/);

      // The mailbox page was open: it reloaded by itself.
      const address = page.getByTestId(`mailbox-address-${RECIPIENT}`);
      await address.waitFor();
      await address.click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/mailbox/${encodeURIComponent(RECIPIENT)}`);

      const mailbox = await api<MailboxView>(`/api/mail/mailbox?address=${encodeURIComponent(RECIPIENT)}`);
      const digest = mailbox.messages.find((m) => m.messageId.startsWith('digest-'));
      expect(digest, `a digest among ${JSON.stringify(mailbox.messages.map((m) => m.subject))}`).toBeDefined();
      expect(await page.getByTestId(`mailbox-message-${digest!.id}`).textContent()).toContain(digest!.subject);
      await page.getByTestId(`mailbox-message-${digest!.id}`).click();

      await expect.poll(() => page.getByTestId('message-subject').textContent()).toBe(digest!.subject);
      expect(await page.getByTestId('message-to').textContent()).toContain(RECIPIENT);
      const frame = page.getByTestId('message-frame');
      expect(await frame.getAttribute('sandbox')).toBe('');
      expect(await frame.getAttribute('srcdoc')).toContain('Content-Security-Policy');
      const body = page.frameLocator('[data-testid="message-frame"]').locator('body');
      await expect.poll(() => body.textContent()).toContain(MEETING_TITLE);

      // The plain-text part is one click away, and back.
      await page.getByTestId('body-text').click();
      expect(await page.getByTestId('message-text').textContent()).toContain(MEETING_TITLE);
      await page.getByTestId('body-html').click();
      await expect.poll(() => body.textContent()).toContain(MEETING_TITLE);
      await page.screenshot({ path: SCREENSHOT });
    },
  );

  test('a hostile HTML mail runs no script and loads nothing remote; its .ics attachment downloads', async () => {
    const boundary = 'b-e2e-mixed';
    const alternative = 'b-e2e-alt';
    const ics =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//e2e//EN\r\nBEGIN:VEVENT\r\nUID:e2e@demo.example\r\nDTSTART:' +
      '20300101T010000Z\r\nSUMMARY:E2E\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const html =
      `<html><head><link rel="stylesheet" href="${trackerUrl}/remote.css"><meta http-equiv="refresh" content="0;` +
      `url=${trackerUrl}/refresh"></head><body>` +
      `<p id="hostile">敌意邮件 Hostile mail</p><img src="${trackerUrl}/pixel.png" alt=""><iframe ` +
      `src="${trackerUrl}/frame"></iframe>` +
      `<p style="background:url(${trackerUrl}/bg.png)">styled</p>` +
      '<script>document.body.dataset.ran = "yes"; parent.document.title = "pwned";</script></body></html>';
    const raw = [
      'From: Tester <tester@demo.example>',
      'To: safety@demo.example',
      `Subject: =?UTF-8?B?${Buffer.from('安全检查 Safety check').toString('base64')}?=`,
      'Message-ID: <e2e-safety@demo.example>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      `Content-Type: multipart/alternative; boundary="${alternative}"`,
      '',
      `--${alternative}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('敌意邮件 Hostile mail (text part)').toString('base64'),
      `--${alternative}`,
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(html).toString('base64'),
      `--${alternative}--`,
      `--${boundary}`,
      'Content-Type: text/calendar; charset=utf-8; method=REQUEST',
      'Content-Disposition: attachment; filename="invite.ics"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(ics).toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const sent = await fetch(`${stack.workspaceRootUrl}gmail/v1/users/me/messages/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ raw: Buffer.from(raw).toString('base64url') }),
    });
    expect(sent.status).toBe(200);

    const titleBefore = await page.title();
    await page.locator('[data-testid^="mailbox-refresh"]:visible').click();
    await page.getByTestId('mailbox-address-safety@demo.example').click();
    const mailbox = await api<MailboxView>('/api/mail/mailbox?address=safety@demo.example');
    const message = mailbox.messages[0]!;
    await page.getByTestId(`mailbox-message-${message.id}`).click();

    const body = page.frameLocator('[data-testid="message-frame"]').locator('body');
    await expect.poll(() => body.locator('#hostile').textContent()).toBe('敌意邮件 Hostile mail');
    await page.waitForTimeout(500);
    expect(await body.getAttribute('data-ran')).toBeNull();
    expect(trackerHits).toEqual([]);
    expect(await page.title()).toBe(titleBefore);

    const link = page.getByTestId('attachment-0');
    expect(await link.getAttribute('download')).toBe('invite.ics');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('invite.ics');
    const bytes = await (await fetch(`${stack.url}${await link.getAttribute('href')}`)).text();
    expect(bytes).toContain('BEGIN:VCALENDAR');

    await expect.poll(() => outsideRequests.filter((url) => !blockedByPolicy.has(url))).toEqual([]);
    expect(trackerHits).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('the workbook page is one click away and the clock stays in the header', async () => {
    await page.getByTestId('page-workbook').click();
    await page.locator('[data-testid^="tab-"]').first().waitFor();
    expect(await page.getByTestId('clock-time').textContent()).toMatch(/^08:0\d$/);
    await page.getByTestId('clock-reset').click();
    await expect.poll(async () => (await api<ClockView>('/api/clock')).offsetMinutes).toBe(0);
    await expect.poll(() => page.getByTestId('clock-offset').getAttribute('data-offset')).toBe('0');
  });

  test('"next working morning" skips the Settings tab\'s holidays and stops on its make-up working days', async () => {
    const setClock = async (instant: DateTime) => {
      const response = await fetch(`${stack.url}/api/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ set: instant.toISO() }),
      });
      expect(response.status).toBe(200);
    };
    const header = async () =>
      `${(await page.getByTestId('clock-date').textContent()) ?? ''} ` +
      `${(await page.getByTestId('clock-time').textContent()) ?? ''}`;

    // Thursday 2026-12-31: Friday is New Year's Day (节假日 on the demo Settings tab), then the weekend.
    await setClock(NEW_YEARS_EVE);
    await page.getByTestId('clock-next-morning').click();
    await expect.poll(async () => (await clockNow()).toFormat('yyyy-MM-dd ccc HH:mm')).toBe('2027-01-04 Mon 08:05');
    await expect.poll(header).toMatch(/^2027-01-04 周一\s*Mon 08:05$/u);
    // "+1 h" moves on from there.
    await page.getByTestId('clock-plus-hour').click();
    await expect.poll(async () => (await clockNow()).toFormat('yyyy-MM-dd HH:mm')).toBe('2027-01-04 09:05');
    await expect.poll(() => page.getByTestId('clock-time').textContent()).toBe('09:05');

    // Saturday 2027-02-13: Sunday 2027-02-14 is a make-up working day (调休上班日).
    await setClock(MAKE_UP_SATURDAY);
    await page.getByTestId('clock-next-morning').click();
    await expect.poll(async () => (await clockNow()).toFormat('yyyy-MM-dd ccc HH:mm')).toBe('2027-02-14 Sun 08:05');
    await expect.poll(header).toMatch(/^2027-02-14 周日\s*Sun 08:05$/u);
    expect(pageErrors).toEqual([]);
  });
});
