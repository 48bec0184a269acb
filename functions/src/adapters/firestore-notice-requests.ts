// "Send notice now" requests in the edits inbox, workbooks/{id}/edits/{eventId} with kind 'sendNotice': made
// with create(), so one event ID is acted on once, and holding the answer that was given, so the same ID
// arriving again (a fetch retried after its answer was lost, a captured request replayed within the signature
// window) gets that answer back and nothing is sent again. A request that queued or sent mail also leaves an
// entry in workbooks/{id}/audit, written in the same batch as its answer.
import type { DocumentReference, Firestore } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import type { SendNoticeRequest } from '../contract/edit-request.ts';
import type { NoticeAudit, NoticeRequestLog, SendNoticeOutcome } from '../workflows/send-notice-now.ts';

export class FirestoreNoticeRequests implements NoticeRequestLog {
  constructor(private readonly db: Firestore) {}

  private workbook(workbookId: string): DocumentReference {
    return this.db.collection('workbooks').doc(workbookId);
  }

  private edit(request: SendNoticeRequest): DocumentReference {
    return this.workbook(request.spreadsheetId).collection('edits').doc(request.eventId);
  }

  async receive(request: SendNoticeRequest, receivedAt: DateTime): Promise<{ replayed: false } | { replayed: true; answer?: SendNoticeOutcome }> {
    const ref = this.edit(request);
    try {
      await ref.create({
        eventId: request.eventId,
        kind: 'sendNotice',
        editor: request.editor,
        meetingId: request.meetingId,
        sentAt: request.sentAt,
        receivedAt: receivedAt.toISO(),
        state: 'received',
      });
      return { replayed: false };
    } catch (error) {
      if ((error as { code?: number }).code !== 6) throw error; // 6 = ALREADY_EXISTS: this ID came before
    }
    const stored = (await ref.get()).data();
    // No answer yet: the first request is still running (or stopped before it answered).
    const answer = stored?.kind === 'sendNotice' ? (stored.answer as SendNoticeOutcome | undefined) : undefined;
    return { replayed: true, ...(answer ? { answer } : {}) };
  }

  async finish(request: SendNoticeRequest, answer: SendNoticeOutcome, at: DateTime, audit?: NoticeAudit): Promise<void> {
    const batch = this.db.batch();
    batch.update(this.edit(request), {
      state: answer.ok ? 'applied' : 'failed',
      ...(answer.ok ? {} : { error: answer.code }),
      // As JSON: the answer is plain data, and optional parts left undefined are dropped, not refused.
      answer: JSON.parse(JSON.stringify(answer)) as unknown,
      answeredAt: at.toISO(),
    });
    if (audit) {
      batch.create(this.workbook(request.spreadsheetId).collection('audit').doc(), {
        at: at.toISO(),
        actor: request.editor,
        action: 'sendNotice',
        collection: 'meetings',
        recordId: request.meetingId.trim(),
        eventId: request.eventId,
        detail: audit,
      });
    }
    await batch.commit();
  }
}
