// Loads what the Agenda rules need: the named meetings' times and their saved agenda items. Reads grow with
// the meetings the edit touches, not with the size of the tabs.
import type { Firestore } from '@google-cloud/firestore';
import { type AgendaContext, agendaMeetingIds } from '../domain/meetings/agenda-edit-checks.ts';
import type { AgendaTimingItem } from '../domain/meetings/agenda-timing.ts';
import type { SheetEditPlan } from '../domain/workbook/sheet-edit-plan.ts';
import { IN_FILTER_LIMIT } from './firestore-batches.ts';


export async function loadAgendaContext(db: Firestore, spreadsheetId: string, plan: SheetEditPlan): Promise<AgendaContext> {
  const workbook = db.collection('workbooks').doc(spreadsheetId);
  const ids = agendaMeetingIds(plan).filter((id) => !id.includes('/'));
  const meetings = new Map<string, { start: string; end: string }>();
  const savedItems = new Map<string, Array<AgendaTimingItem & { id: string }>>();
  if (ids.length === 0) return { meetings, savedItems };
  const snaps = await db.getAll(...ids.map((id) => workbook.collection('meetings').doc(id)));
  for (const snap of snaps) {
    if (!snap.exists || snap.get('deleted') === true) continue;
    const data = snap.get('data') as { start: string; end: string };
    meetings.set(snap.id, { start: data.start, end: data.end });
  }
  for (let i = 0; i < ids.length; i += IN_FILTER_LIMIT) {
    const snap = await workbook.collection('agendaItems').where('data.meeting', 'in', ids.slice(i, i + IN_FILTER_LIMIT)).get();
    for (const doc of snap.docs) {
      if (doc.get('deleted') === true) continue;
      const data = doc.get('data') as { meeting: string; order: number; topic: string; minutesAllotted?: number; materialDue?: string };
      const item = { id: doc.id, order: data.order, topic: data.topic, ...(data.minutesAllotted !== undefined ? { minutesAllotted: data.minutesAllotted } : {}), ...(data.materialDue ? { materialDue: data.materialDue } : {}) };
      savedItems.set(data.meeting, [...(savedItems.get(data.meeting) ?? []), item]);
    }
  }
  return { meetings, savedItems };
}
