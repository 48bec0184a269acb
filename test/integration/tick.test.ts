// The tick over HTTP against both emulators, through the local stack (embedded Firestore + Workspace
// emulator + the real functions), with its clock moved forward: digest timing, no duplicate digest on a
// second tick, meeting reminders, the Outbox tab, a permanent failure shown with its reason.
// The stack starts at a pinned working morning (Tuesday 2027-03-09 09:00), so the demo workbook and every
// instant below follow from it, not from the machine's date; each test sets the stack clock where it needs it.
// Each describe starts a stack of its own, so a failure in one leaves the others' mail and clock untouched.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { WORKING_MORNING, ZONE, startPinnedStack } from '../support/pinned-time.ts';

let stack: LocalStack;

interface MailboxMessage {
  date: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${stack.url}${path}`, init);
  expect(response.ok, `${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

/** Puts the stack clock at `target` through the web UI's clock control, as a user moving it would. */
async function setClock(target: DateTime): Promise<void> {
  await json('/api/clock', { method: 'POST', body: JSON.stringify({ set: target.toISO() }) });
}

const tick = () =>
  json<{ workbooks: Array<{ enqueued: number; delivery: { sent: number; failed: number } }> }>('/functions/tick', {
    method: 'POST',
  });
const mailbox = (address: string) =>
  json<{ messages: MailboxMessage[] }>(`/api/mail/mailbox?address=${encodeURIComponent(address)}`);

// The demo workbook's weekly S&OP meeting is next Monday 09:00 (2027-03-15, seeded from the stack's first
// reading), hosted by Wang Wei, recorded by Zhao Lei; its dealer conference is ten days later (Thursday).
const nextMonday = WORKING_MORNING.startOf('week').plus({ weeks: 1 });
const conference = nextMonday.plus({ days: 10 });

/** Gives the enclosing describe a stack of its own (pinned at WORKING_MORNING), so no failure carries over. */
function ownStack(name: string): void {
  beforeAll(async () => {
    stack = await startPinnedStack(name);
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });
}

describe('tick through the local stack', () => {
  ownStack('tick-digest');

  it('sends no digest before 08:00 on a working day', async () => {
    await setClock(nextMonday.set({ hour: 6, minute: 0 }));
    await tick();
    const digests = (await mailbox('wang.wei@demo.example')).messages.filter((m) => m.subject.includes('今日待办'));
    expect(digests).toHaveLength(0);
  });

  it('sends one digest per person after 08:00, listing their meetings, and a second tick adds none', async () => {
    await setClock(nextMonday.set({ hour: 8, minute: 5 }));
    const first = await tick();
    expect(first.workbooks[0]!.delivery.sent).toBeGreaterThan(0);
    await setClock(nextMonday.set({ hour: 8, minute: 20 }));
    await tick();
    const digests = (await mailbox('wang.wei@demo.example')).messages.filter((m) => m.subject.includes('今日待办'));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain('销售与运营周例会 Weekly S&OP');
    // Mail is dated by the stack's clock (moved forward), not by the machine's.
    expect(DateTime.fromISO(digests[0]!.date).setZone(ZONE).toISODate()).toBe(nextMonday.toISODate());
    expect(digests[0]!.html).toContain('销售与运营周例会 Weekly S&amp;OP');
    // Urgent reminder for the 09:00 meeting, to host and recorder, once each.
    for (const address of ['wang.wei@demo.example', 'zhao.lei@demo.example']) {
      const reminders = (await mailbox(address)).messages.filter(
        (m) => m.subject.includes('09:00') && m.subject.includes('Weekly S&OP'),
      );
      expect(reminders, address).toHaveLength(1);
    }
  });

  it('shows sent messages in the Outbox tab', async () => {
    const tab = await json<{ values: string[][] }>(`/api/tabs/${encodeURIComponent('发送记录')}`);
    const header = tab.values[0]!;
    const state = header.indexOf('发送状态');
    const recipient = header.indexOf('收件人');
    const rows = tab.values.slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(
      rows.filter((r) => r[recipient] === 'wang.wei@demo.example').every((r) => String(r[state]).includes('已发送')),
    ).toBe(true);
  });
});

describe('tick through the local stack, Gmail refusing a recipient', () => {
  ownStack('tick-refused');

  it('fails a message Gmail refuses (4xx) with the reason in the Outbox tab, without retrying it', async () => {
    const faults = await fetch(`${stack.workspaceRootUrl}emulator/v1/gmail/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ permanentFailureFor: ['zhang.min@demo.example'] }),
    });
    expect(faults.ok).toBe(true);
    // Zhang Min records the dealer conference ten days after next Monday; her digest that morning is refused.
    await setClock(conference.set({ hour: 8, minute: 10 }));
    await tick();
    await setClock(conference.set({ hour: 9, minute: 40 }));
    await tick();
    const tab = await json<{ values: string[][] }>(`/api/tabs/${encodeURIComponent('发送记录')}`);
    const [header, ...rows] = tab.values;
    const col = (name: string) => header!.indexOf(name);
    const refused = rows.filter((r) => r[col('收件人')] === 'zhang.min@demo.example');
    expect(refused.length).toBeGreaterThan(0);
    for (const row of refused) {
      expect(String(row[col('发送状态')])).toContain('发送失败');
      expect(String(row[col('最近错误')])).toContain('Invalid To header');
      expect(String(row[col('尝试次数')])).toBe('1');
      expect(String(row[col('状态')])).toContain('失败');
    }
    expect((await mailbox('zhang.min@demo.example')).messages).toHaveLength(0);
  });
});

describe('grid edits through the local stack', () => {
  ownStack('tick-edits');

  it('accepts grid edits after the clock was moved (the local script signs with the stack clock)', async () => {
    await setClock(conference.set({ hour: 9, minute: 40 }));
    const response = await fetch(`${stack.url}/api/tabs/${encodeURIComponent('人员')}/edit`, {
      method: 'POST',
      body: JSON.stringify({
        row: 20,
        column: 3,
        values: [['late.joiner@demo.example', '新人 Newcomer', '', 'sales rep']],
      }),
    });
    const body = (await response.json()) as { ok: boolean; results: Array<{ id: string | null; status: string }> };
    expect(body.ok).toBe(true);
    expect(body.results[0]!.id).toMatch(/^P-/);
  });
});
