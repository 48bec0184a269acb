// Loads what the Meetings rules need beyond the row: the People records of the named hosts and recorders
// (looked up by e-mail) and the attendance lists of the meetings being edited. Reads grow with the rows in
// the edit, never with the size of the tabs.
import type { Firestore } from '@google-cloud/firestore';
import { type MeetingContext, meetingPeopleEmails } from '../domain/meetings/meeting-edit-checks.ts';
import type { SheetEditPlan } from '../domain/workbook/sheet-edit-plan.ts';
import { chunk } from './firestore-batches.ts';

export async function loadMeetingContext(db: Firestore, spreadsheetId: string, plan: SheetEditPlan): Promise<MeetingContext> {
  const workbook = db.collection('workbooks').doc(spreadsheetId);
  const people = new Map<string, { active?: boolean }>();
  for (const group of chunk(meetingPeopleEmails(plan))) {
    const snap = await workbook.collection('people').where('data.email', 'in', group).get();
    for (const doc of snap.docs) {
      if (doc.get('deleted') === true) continue;
      const data = doc.get('data') as { email: string; active?: boolean };
      people.set(data.email.toLowerCase(), data.active === false ? { active: false } : { active: true });
    }
  }
  const rosters = new Map<string, string[]>();
  const meetingIds = [...new Set(plan.rows.map((r) => r.sheetId).filter((id): id is string => !!id))];
  for (const group of chunk(meetingIds)) {
    const snap = await workbook.collection('attendance').where('data.meeting', 'in', group).get();
    for (const doc of snap.docs) {
      if (doc.get('deleted') === true) continue;
      const { meeting, person } = doc.get('data') as { meeting: string; person?: string };
      if (!person) continue;
      rosters.set(meeting, [...(rosters.get(meeting) ?? []), person]);
    }
  }
  return { people, rosters };
}
