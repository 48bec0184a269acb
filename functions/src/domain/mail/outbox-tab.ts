// The Outbox 发送记录 tab: the most recent messages with their delivery state, attempts and last error, so
// an admin sees failures without opening a console. Rows follow whatever header the tab has (any order,
// either language); unknown columns are left empty.
import { DateTime } from 'luxon';
import { matchHeaders } from '../workbook/header-matching.ts';
import { OUTBOX_KIND_OPTIONS, OUTBOX_STATE_OPTIONS, getTab } from '../workbook/workbook-schema.ts';

export interface OutboxTabEntry {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  subjectRecord: string;
  notBefore: string;
  state: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}

type Language = 'zh' | 'en' | 'mixed';

function label(
  options: ReadonlyArray<{ key: string; en: string; zh: string }>,
  key: string,
  language: Language,
): string {
  const option = options.find((o) => o.key === key);
  if (!option) return key;
  return language === 'mixed' ? `${option.zh} ${option.en}` : option[language];
}

function formatTime(iso: string | null, zone: string): string {
  if (!iso) return '';
  const time = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  return time.isValid ? time.toFormat('yyyy-MM-dd HH:mm') : '';
}

/** Header row first (as the sheet has it), then one row per entry, newest first. */
export function buildOutboxTabValues(
  header: readonly string[],
  entries: readonly OutboxTabEntry[],
  zone: string,
  language: Language,
): string[][] {
  const { columns } = matchHeaders(getTab('outbox'), header);
  const width = header.length;
  const rows = entries.map((entry) => {
    const cells: string[] = new Array(width).fill('');
    const put = (key: string, value: string) => {
      const index = columns.get(key);
      if (index !== undefined) cells[index] = value;
    };
    put('id', entry.id);
    put(
      'status',
      entry.state === 'failed' ? (language === 'en' ? 'FAILED' : language === 'zh' ? '失败' : '失败 FAILED') : 'OK',
    );
    put('kind', label(OUTBOX_KIND_OPTIONS, entry.kind, language));
    put('recipient', entry.recipient);
    put('subject', entry.subject);
    put('relatedRecord', entry.subjectRecord);
    put('dueAt', formatTime(entry.notBefore, zone));
    put('state', label(OUTBOX_STATE_OPTIONS, entry.state, language));
    put('sentAt', formatTime(entry.sentAt, zone));
    put('attempts', String(entry.attempts));
    put('lastError', entry.lastError ?? '');
    return cells;
  });
  return [[...header], ...rows];
}
