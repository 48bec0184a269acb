// Loads what the Attendance rules need: the named meetings (times, host), the people's managers, the saved
// leave state of the edited rows, and who checked in at those meetings (for substitutes). Reads grow with
// the meetings and people the edit touches.
import type { Firestore } from '@google-cloud/firestore';
import { type AttendanceContext, attendanceReferences } from '../domain/attendance/attendance-edit-checks.ts';
import { DEFAULT_ATTENDANCE_POLICY } from '../domain/attendance/attendance-rules.ts';
import type { SheetEditPlan } from '../domain/workbook/sheet-edit-plan.ts';
import { chunk } from './firestore-batches.ts';

export async function loadAttendanceContext(db: Firestore, spreadsheetId: string, plan: SheetEditPlan): Promise<AttendanceContext> {
  const workbook = db.collection('workbooks').doc(spreadsheetId);
  const references = attendanceReferences(plan);
  const meetingIds = references.meetings.filter((id) => id !== '' && !id.includes('/'));
  const meetings = new Map<string, { start: string; end: string; host?: string }>();
  if (meetingIds.length > 0) {
    for (const snap of await db.getAll(...meetingIds.map((id) => workbook.collection('meetings').doc(id)))) {
      if (!snap.exists || snap.get('deleted') === true) continue;
      const data = snap.get('data') as { start: string; end: string; host?: string };
      meetings.set(snap.id, { start: data.start, end: data.end, ...(data.host ? { host: data.host } : {}) });
    }
  }
  const managers = new Map<string, string | undefined>();
  for (const group of chunk(references.people)) {
    const snap = await workbook.collection('people').where('data.email', 'in', group).get();
    for (const doc of snap.docs) {
      const data = doc.get('data') as { email: string; manager?: string };
      managers.set(data.email.toLowerCase(), data.manager);
    }
  }
  const saved = new Map<string, { leaveRequestedAt?: string; leaveApproved?: boolean; leaveApprovedBy?: string }>();
  const checkedIn = new Map<string, Set<string>>();
  for (const group of chunk(meetingIds)) {
    const snap = await workbook.collection('attendance').where('data.meeting', 'in', group).get();
    for (const doc of snap.docs) {
      if (doc.get('deleted') === true) continue;
      const data = doc.get('data') as { meeting: string; person: string; checkIn?: string; leaveRequestedAt?: string; leaveApproved?: boolean; leaveApprovedBy?: string };
      saved.set(doc.id, {
        ...(data.leaveRequestedAt ? { leaveRequestedAt: data.leaveRequestedAt } : {}),
        ...(data.leaveApproved !== undefined ? { leaveApproved: data.leaveApproved } : {}),
        ...(data.leaveApprovedBy ? { leaveApprovedBy: data.leaveApprovedBy } : {}),
      });
      if (data.checkIn) checkedIn.set(data.meeting, new Set([...(checkedIn.get(data.meeting) ?? []), data.person.toLowerCase()]));
    }
  }
  // Grace minutes from the Settings tab (kept on the workbook document with the other reminder settings).
  const notifications = ((await workbook.get()).get('notifications') ?? {}) as { lateGraceMinutes?: unknown; earlyLeaveGraceMinutes?: unknown };
  const minutes = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
  const policy = {
    lateGraceMinutes: minutes(notifications.lateGraceMinutes, DEFAULT_ATTENDANCE_POLICY.lateGraceMinutes),
    earlyLeaveGraceMinutes: minutes(notifications.earlyLeaveGraceMinutes, DEFAULT_ATTENDANCE_POLICY.earlyLeaveGraceMinutes),
  };
  return { meetings, managers, saved, checkedIn, policy };
}
