// Record IDs are what users see in the ID column and quote in conversation ("M-7K2Q9P4D"), so they are
// short, upper-case, free of look-alike letters (Crockford base32) and say which tab they belong to.
import { RECORD_ID_PATTERN } from '../../contract/tab-ids.ts';
import type { TabKey } from './workbook-schema.ts';

const PREFIX: Readonly<Record<TabKey, string>> = {
  people: 'P',
  meetings: 'M',
  agenda: 'AG',
  attendance: 'AT',
  minutes: 'MN',
  actions: 'AC',
  customers: 'C',
  visits: 'V',
  feedback: 'F',
  targets: 'T',
  settings: 'ST',
  summary: 'S',
  outbox: 'O',
};

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `randomBytes` is the caller's source of randomness (crypto in production, fixed bytes in tests). */
export function formatRecordId(tab: TabKey, randomBytes: Uint8Array): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += ALPHABET[(randomBytes[i] ?? 0) % 32];
  return `${PREFIX[tab]}-${body}`;
}

export function looksLikeRecordId(text: string): boolean {
  return RECORD_ID_PATTERN.test(text);
}
