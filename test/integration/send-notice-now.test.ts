// "Send notice now" as a workflow against the embedded Firestore, with a mailer whose every send takes five
// seconds of a fake clock: the request sends only its own notices, starts none after its time budget, leaves
// the rest pending for the tick, and says so; a request whose first delivery is still running is not acted on
// a second time. (The local-stack tests in meetings.test.ts press the menu item itself.)
import { randomUUID } from 'node:crypto';
import { Timestamp } from '@google-cloud/firestore';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { FirestoreMeetings } from '../../functions/src/adapters/firestore-meetings.ts';
import { FirestoreOutbox } from '../../functions/src/adapters/firestore-outbox.ts';
import { FirestoreRecords, FirestoreWorkbooks } from '../../functions/src/adapters/firestore-records.ts';
import { FirestoreRuleContext } from '../../functions/src/adapters/firestore-rule-context.ts';
import { FirestoreNoticeRequests } from '../../functions/src/adapters/firestore-sheet-edits.ts';
import type { SendNoticeRequest } from '../../functions/src/contract/edit-request.ts';
import { DEFAULT_DELIVERY_POLICY } from '../../functions/src/domain/mail/outbox-policy.ts';
import type { Mailer } from '../../functions/src/ports/mail-ports.ts';
import { withIdentity } from '../../functions/src/workflows/with-identity.ts';
import {
  NOTICE_NOW_BUDGET_MS,
  type SendNoticeDeps,
  sendNoticeNow,
} from '../../functions/src/workflows/send-notice-now.ts';
import { newTestFirestore } from '../support/firestore.ts';

const db = newTestFirestore('notice-now');
const ZONE = 'Asia/Shanghai';
const T0 = DateTime.fromISO('2026-11-30T10:00:00', { zone: ZONE });
const HOST = 'host@demo.example';
const SEND_SECONDS = 5;

afterAll(async () => {
  await db.terminate();
});

/** A workbook without quiet hours, a meeting ten days out and a roster of `size` (the host first). */
async function seedWorkbook(size: number): Promise<{ workbookId: string; meetingId: string; roster: string[] }> {
  const workbookId = `book-${randomUUID().slice(0, 8)}`;
  const meetingId = 'M-ROSTER01';
  const workbook = db.collection('workbooks').doc(workbookId);
  await workbook.set({ timeZone: ZONE, language: 'zh', notifications: { quietHours: null } });
  const start = T0.plus({ days: 10 }).set({ hour: 9 });
  await workbook
    .collection('meetings')
    .doc(meetingId)
    .set({
      id: meetingId,
      data: {
        type: 'dealerConference',
        title: '经销商大会 Dealer conference',
        start: start.toISO(),
        end: start.plus({ hours: 8 }).toISO(),
        venue: 'Hall 1',
        host: HOST,
      },
      dueAt: Timestamp.fromMillis(start.toMillis()),
      dueFor: [HOST],
      deleted: false,
    });
  const roster = [HOST, ...Array.from({ length: size - 1 }, (_, i) => `dealer${i + 1}@demo.example`)];
  const batch = db.batch();
  roster.forEach((email, i) => {
    batch.set(workbook.collection('people').doc(`P-${i}`), {
      id: `P-${i}`,
      data: { email, name: `Person ${i}`, role: 'staff', active: true },
      deleted: false,
    });
    batch.set(workbook.collection('attendance').doc(`AT-${i}`), {
      id: `AT-${i}`,
      data: { meeting: meetingId, person: email },
      deleted: false,
    });
  });
  await batch.commit();
  return { workbookId, meetingId, roster };
}

function setup(workbookId: string) {
  const clock = { now: T0 };
  const sentTo: string[] = [];
  const mailer: Mailer = {
    send: async (mail) => {
      sentTo.push(...mail.to);
      clock.now = clock.now.plus({ seconds: SEND_SECONDS });
      return { status: 'sent', gmailId: `g-${sentTo.length}` };
    },
    findSent: async () => false,
  };
  const records = new FirestoreRecords(db);
  const outbox = new FirestoreOutbox(records);
  const deps: SendNoticeDeps = {
    meetings: new FirestoreMeetings(records),
    outbox,
    workbooks: new FirestoreWorkbooks(records),
    requests: new FirestoreNoticeRequests(records),
    permissions: new FirestoreRuleContext(records),
    messageIdDomain: `${workbookId}.test.invalid`,
    calendarDomain: 'test.invalid',
    defaultTimeZone: ZONE,
    now: () => clock.now,
    delivery: {
      outbox,
      mailer,
      sender: { address: 'notices@demo.example' },
      policy: DEFAULT_DELIVERY_POLICY,
      now: () => clock.now,
      random: () => 0.5,
      owner: `menu-${randomUUID()}`,
    },
  };
  return { clock, sentTo, outbox, deps };
}

const request = (workbookId: string, meetingId: string, eventId = randomUUID()): SendNoticeRequest => ({
  version: 2,
  kind: 'sendNotice',
  eventId,
  spreadsheetId: workbookId,
  editor: HOST,
  meetingId,
  sentAt: T0.toISO()!,
});

describe('"Send notice now" delivers inside the request only what fits', () => {
  it(
    "starts no send after the time budget and none of the workbook's other due mail; the rest waits for the tick " +
      'and the answer says so',
    async () => {
      const { workbookId, meetingId, roster } = await seedWorkbook(12);
      const { sentTo, outbox, deps } = setup(workbookId);
      // Mail of the workbook that is due as well, but not this request's to send.
      const [other] = [
        withIdentity(
          {
            kind: 'urgent',
            subjectRecord: 'actions/A-1',
            recipient: 'someone@demo.example',
            dueSlot: 'x',
            notBefore: T0.minus({ minutes: 5 }).toISO()!,
            language: 'zh',
            content: { subject: 'Due anyway', text: 'x', html: '<p>x</p>' },
          },
          'test.invalid',
        ),
      ];
      await outbox.enqueue(workbookId, [other!], T0.minus({ minutes: 5 }));

      const outcome = await sendNoticeNow(request(workbookId, meetingId), deps);
      if (!outcome.ok) throw new Error(`refused: ${outcome.code}`);
      // Sends start at 0, 5, 10 and 15 s; the fifth would start at 20 s, the end of the budget.
      const expected = Math.ceil(NOTICE_NOW_BUDGET_MS / 1000 / SEND_SECONDS);
      expect(expected).toBe(4);
      expect(outcome.response).toMatchObject({
        recipients: 12,
        queued: 12,
        sent: expected,
        later: 12 - expected,
        retrying: 0,
        failed: 0,
      });
      expect(outcome.response.message.en).toContain(`sent to ${expected} of 12 people now`);
      expect(outcome.response.message.en).toContain(`${12 - expected} more go out with the next scheduled run`);
      expect(outcome.response.message.zh).toContain(`其余 ${12 - expected} 人的通知将在下一次定时发送时发出`);
      expect(sentTo).toHaveLength(expected);
      expect(new Set(sentTo).size).toBe(expected);
      for (const address of sentTo) expect(roster).toContain(address);
      expect((await outbox.get(workbookId, other!.outboxId))?.state).toBe('pending');
      // Nothing is left claimed: the rest are plain pending messages the tick sends without waiting out a lease.
      expect((await db.collection(`workbooks/${workbookId}/outbox`).where('state', '==', 'sending').get()).size).toBe(
        0,
      );
      expect((await db.collection(`workbooks/${workbookId}/outbox`).where('state', '==', 'pending').get()).size).toBe(
        12 - expected + 1,
      );
    },
  );

  it('an event ID whose first request has not answered yet is not acted on again', async () => {
    const { workbookId, meetingId } = await seedWorkbook(3);
    const { sentTo, deps } = setup(workbookId);
    const eventId = randomUUID();
    // The first request got as far as the inbox (and is still sending, or stopped before it answered).
    await db
      .doc(`workbooks/${workbookId}/edits/${eventId}`)
      .create({ eventId, kind: 'sendNotice', editor: HOST, meetingId, state: 'received' });
    const outcome = await sendNoticeNow(request(workbookId, meetingId, eventId), deps);
    expect(outcome).toMatchObject({ ok: false, status: 409, code: 'NOTICE_ALREADY_RECEIVED' });
    expect(sentTo).toEqual([]);
    expect((await db.collection(`workbooks/${workbookId}/outbox`).get()).size).toBe(0);
  });
});
