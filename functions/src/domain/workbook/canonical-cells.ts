// A canonical record's value as a cell shows it: what the write-back puts into a cell whose change was refused
// (edit-permissions.ts), so the sheet shows the saved value again. The text reads back as the same value
// (row-schemas.ts parses it), in the workbook's language where the value is a word (yes/no, an enum label).
import { DateTime } from 'luxon';
import type { WorkbookLanguage } from '../messages.ts';
import type { ColumnSpec } from './workbook-schema.ts';

export function canonicalCellText(
  column: ColumnSpec,
  value: unknown,
  language: WorkbookLanguage,
  zone: string,
): string {
  if (value === undefined || value === null) return '';
  const lang = language === 'en' ? 'en' : 'zh';
  const type = column.type;
  if (type.kind === 'boolean') {
    if (typeof value !== 'boolean') return String(value);
    return lang === 'en' ? (value ? 'yes' : 'no') : value ? '是' : '否';
  }
  if (type.kind === 'enum') {
    const option = type.options.find((o) => o.key === value);
    return option ? option[lang] : String(value);
  }
  if (type.kind === 'datetime' && typeof value === 'string') {
    const instant = DateTime.fromISO(value, { setZone: true });
    return instant.isValid ? instant.setZone(zone).toFormat('yyyy-MM-dd HH:mm') : value;
  }
  return typeof value === 'string' ? value : String(value);
}
