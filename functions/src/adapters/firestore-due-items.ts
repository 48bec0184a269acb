// Reads what the tick needs from the canonical records: workbooks and their settings, items falling due in
// a window (one indexed range query on `dueAt` per tab that has due dates), and the people those items
// are for. Reads grow with the number of due items, never with the size of the archive.
import { Timestamp, type Firestore } from '@google-cloud/firestore';
import type { DateTime } from 'luxon';
import type { DueItem } from '../domain/mail/due-items.ts';
import { IN_FILTER_LIMIT } from './firestore-batches.ts';

/** Tabs whose records fall due, their collections and the kind of due item they make. */
const DUE_COLLECTIONS = [
  { collection: 'meetings', kind: 'meeting' },
  { collection: 'agendaItems', kind: 'material' },
  { collection: 'actions', kind: 'action' },
  { collection: 'minutes', kind: 'action' },
  { collection: 'visits', kind: 'visit' },
] as const;


export interface WorkbookEntry {
  id: string;
  data: Record<string, unknown>;
}

export interface PersonEntry {
  email: string;
  name: string;
  language?: 'zh' | 'en';
  active?: boolean;
}

export class FirestoreDueItems {
  constructor(private readonly db: Firestore) {}

  async workbooks(): Promise<WorkbookEntry[]> {
    const snap = await this.db.collection('workbooks').get();
    return snap.docs.map((d) => ({ id: d.id, data: d.data() }));
  }

  async workbook(id: string): Promise<WorkbookEntry | undefined> {
    const snap = await this.db.collection('workbooks').doc(id).get();
    return snap.exists ? { id: snap.id, data: snap.data() ?? {} } : undefined;
  }

  async markWorkbook(id: string, fields: Record<string, unknown>): Promise<void> {
    await this.db.collection('workbooks').doc(id).set(fields, { merge: true });
  }

  async dueBetween(workbookId: string, from: DateTime, to: DateTime): Promise<DueItem[]> {
    const workbook = this.db.collection('workbooks').doc(workbookId);
    const items: DueItem[] = [];
    for (const { collection, kind } of DUE_COLLECTIONS) {
      const snap = await workbook
        .collection(collection)
        .where('dueAt', '>=', Timestamp.fromMillis(from.toMillis()))
        .where('dueAt', '<=', Timestamp.fromMillis(to.toMillis()))
        .get();
      for (const doc of snap.docs) {
        if (doc.get('deleted') === true) continue;
        const dueAt = (doc.get('dueAt') as Timestamp).toDate().toISOString();
        const title = (doc.get('dueTitle') as string | null) ?? doc.id;
        for (const recipient of (doc.get('dueFor') as string[] | undefined) ?? []) {
          items.push({ kind, recordId: `${collection}/${doc.id}`, recipient, title, dueAt, ...(doc.get('dueAllDay') === true ? { allDay: true } : {}) });
        }
      }
    }
    return items;
  }

  /** The people records for these addresses (language, active flag), looked up by e-mail. */
  async peopleByEmail(workbookId: string, emails: readonly string[]): Promise<PersonEntry[]> {
    const people = this.db.collection('workbooks').doc(workbookId).collection('people');
    const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
    const found: PersonEntry[] = [];
    for (let i = 0; i < unique.length; i += IN_FILTER_LIMIT) {
      const snap = await people.where('data.email', 'in', unique.slice(i, i + IN_FILTER_LIMIT)).get();
      for (const doc of snap.docs) {
        if (doc.get('deleted') === true) continue;
        const data = doc.get('data') as Record<string, unknown>;
        const language = data.language === 'en' || data.language === 'zh' ? data.language : undefined;
        found.push({ email: String(data.email), name: String(data.name ?? data.email), ...(language ? { language } : {}), active: data.active !== false });
      }
    }
    return found;
  }
}
