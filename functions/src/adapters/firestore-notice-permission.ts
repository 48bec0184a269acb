// Loads what the "Send notice now" permission rule reads (domain/meetings/notice-permission.ts): the meeting's Host and
// Recorder as saved, the Manager on the host's People row, and the editor's own People rows (role, active).
// One document read and one query, however long the roster is, so a refusal costs little.
import type { Firestore } from '@google-cloud/firestore';
import { type NoticePermissionFacts, normalizeEmail } from '../domain/meetings/notice-permission.ts';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** Undefined when there is no live meeting with this ID. */
export async function loadNoticePermissionFacts(db: Firestore, workbookId: string, meetingId: string, editor: string): Promise<NoticePermissionFacts | undefined> {
  if (meetingId === '' || meetingId.includes('/')) return undefined;
  const workbook = db.collection('workbooks').doc(workbookId);
  const meeting = await workbook.collection('meetings').doc(meetingId).get();
  if (!meeting.exists || meeting.get('deleted') === true) return undefined;
  const data = (meeting.get('data') as Record<string, unknown> | undefined) ?? {};
  const host = text(data.host);
  const recorder = text(data.recorder);
  const editorEmail = normalizeEmail(editor);
  const hostEmail = normalizeEmail(host);
  // The People tab stores e-mails in lower case (row-schemas.ts), so an equality match finds them.
  const emails = [...new Set([editorEmail, hostEmail].filter((e) => e.includes('@')))];
  let hostManager: string | undefined;
  const editorRows: Array<{ role?: string; active: boolean }> = [];
  if (emails.length > 0) {
    const people = await workbook.collection('people').where('data.email', 'in', emails).get();
    for (const doc of people.docs) {
      if (doc.get('deleted') === true) continue;
      const person = (doc.get('data') as Record<string, unknown> | undefined) ?? {};
      const address = normalizeEmail(text(person.email));
      if (address === hostEmail) hostManager ??= text(person.manager);
      if (address === editorEmail) editorRows.push({ ...(text(person.role) ? { role: text(person.role)! } : {}), active: person.active !== false });
    }
  }
  return {
    editor,
    ...(host ? { host } : {}),
    ...(recorder ? { recorder } : {}),
    ...(hostManager ? { hostManager } : {}),
    editorRows,
  };
}
