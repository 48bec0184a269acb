// How a value sent to values.update/append becomes a cell, and how a cell is rendered back, following the
// Sheets API's valueInputOption, valueRenderOption and dateTimeRenderOption rules.
import type { sheets_v4 } from '@googleapis/sheets';

export type ExtendedValue = sheets_v4.Schema$ExtendedValue;
export type CellFormat = sheets_v4.Schema$CellFormat;
export type NumberFormat = sheets_v4.Schema$NumberFormat;
export type ScalarValue = string | number | boolean;

export type ValueInputOption = 'RAW' | 'USER_ENTERED';
export type ValueRenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
export type DateTimeRenderOption = 'SERIAL_NUMBER' | 'FORMATTED_STRING';

/** What a written value turns into: a value (absent = the cell is emptied) and, for dates, a number format. */
export interface ParsedInput {
  value?: ExtendedValue;
  numberFormat?: NumberFormat;
}

// The emulator has no formula engine; a visible error beats a silently wrong number.
const UNEVALUATED_FORMULA: ExtendedValue = {
  errorValue: { type: 'ERROR', message: 'The local Workspace emulator stores formulas but does not evaluate them.' },
};
const UNEVALUATED_FORMULA_TEXT = '#ERROR!';

const NUMBER_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?%?$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

export function parseInputValue(input: unknown, option: ValueInputOption): ParsedInput {
  if (typeof input === 'number') return Number.isFinite(input) ? { value: { numberValue: input } } : {};
  if (typeof input === 'boolean') return { value: { boolValue: input } };
  const text = typeof input === 'string' ? input : String(input);
  if (text === '') return {};
  if (option === 'RAW') return { value: { stringValue: text } };
  return parseUserEntered(text);
}

function parseUserEntered(text: string): ParsedInput {
  if (text.startsWith("'")) {
    const rest = text.slice(1);
    return rest === '' ? {} : { value: { stringValue: rest } };
  }
  if (text.startsWith('=') && text.length > 1) return { value: { formulaValue: text } };
  const trimmed = text.trim();
  if (/\d/.test(trimmed) && NUMBER_TEXT.test(trimmed)) {
    const percent = trimmed.endsWith('%');
    const numeric = Number(trimmed.replaceAll(',', '').replace('%', ''));
    if (Number.isFinite(numeric)) {
      if (percent) {
        // Sheets shows "12.5%" as 12.50% and "12%" as 12%.
        const pattern = trimmed.includes('.') ? '0.00%' : '0%';
        return { value: { numberValue: numeric / 100 }, numberFormat: { type: 'PERCENT', pattern } };
      }
      return { value: { numberValue: numeric } };
    }
  }
  const upper = trimmed.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { value: { boolValue: upper === 'TRUE' } };
  const date = parseIsoDateTime(trimmed);
  if (date) return date;
  // The Sheets UI reads a leading + or - as the start of a formula (the classic "+86 138…" phone number
  // that turns into #ERROR!); USER_ENTERED behaves the same way, which is why our writes use RAW.
  if (text.startsWith('+') || text.startsWith('-')) return { value: { formulaValue: `=${text}` } };
  return { value: { stringValue: text } };
}

function parseIsoDateTime(text: string): ParsedInput | undefined {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map((part) =>
    part === undefined ? undefined : Number(part),
  );
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour ?? 0, minute ?? 0, second ?? 0);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || (hour ?? 0) > 23) return undefined;
  const serial = (ms - SERIAL_EPOCH_MS) / DAY_MS;
  const numberFormat: NumberFormat =
    hour === undefined
      ? { type: 'DATE', pattern: 'yyyy-mm-dd' }
      : { type: 'DATE_TIME', pattern: second === undefined ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd hh:mm:ss' };
  return { value: { numberValue: serial }, numberFormat };
}

export function effectiveValueOf(userEntered: ExtendedValue | undefined): ExtendedValue | undefined {
  if (!userEntered) return undefined;
  if (userEntered.formulaValue != null) return UNEVALUATED_FORMULA;
  return userEntered;
}

export function formattedValueOf(
  userEntered: ExtendedValue | undefined,
  format: CellFormat | undefined,
): string | undefined {
  const effective = effectiveValueOf(userEntered);
  if (!effective) return undefined;
  if (effective.errorValue) return UNEVALUATED_FORMULA_TEXT;
  if (effective.boolValue != null) return effective.boolValue ? 'TRUE' : 'FALSE';
  if (effective.numberValue != null) return formatNumber(effective.numberValue, format?.numberFormat ?? undefined);
  return effective.stringValue ?? undefined;
}

/** The value values.get returns for one cell; undefined for an empty cell. */
export function renderCellValue(
  userEntered: ExtendedValue | undefined,
  format: CellFormat | undefined,
  render: ValueRenderOption,
  dateTimeRender: DateTimeRenderOption,
): ScalarValue | undefined {
  if (!userEntered) return undefined;
  if (render === 'FORMATTED_VALUE') return formattedValueOf(userEntered, format);
  if (render === 'FORMULA' && userEntered.formulaValue != null) return userEntered.formulaValue;
  const effective = effectiveValueOf(userEntered);
  if (!effective) return undefined;
  if (effective.errorValue) return UNEVALUATED_FORMULA_TEXT;
  if (effective.boolValue != null) return effective.boolValue;
  if (effective.numberValue != null) {
    const type = format?.numberFormat?.type;
    const isDate = type === 'DATE' || type === 'TIME' || type === 'DATE_TIME';
    if (isDate && dateTimeRender === 'FORMATTED_STRING') return formattedValueOf(userEntered, format);
    return effective.numberValue;
  }
  return effective.stringValue ?? undefined;
}

function formatNumber(value: number, numberFormat: NumberFormat | undefined): string {
  const type = numberFormat?.type;
  const pattern = numberFormat?.pattern ?? '';
  if (type === 'DATE' || type === 'DATE_TIME' || type === 'TIME') {
    return formatSerialDate(
      value,
      pattern || (type === 'DATE' ? 'yyyy-mm-dd' : type === 'TIME' ? 'hh:mm:ss' : 'yyyy-mm-dd hh:mm:ss'),
    );
  }
  if (pattern && /^[#,0.]+%?$/.test(pattern)) return formatWithDecimalPattern(value, pattern);
  if (type === 'PERCENT') return `${formatGeneral(value * 100)}%`;
  return formatGeneral(value);
}

// "General" format: integers as typed, other numbers to the ~15 significant digits a double holds.
function formatGeneral(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const rounded = Number.parseFloat(value.toPrecision(15));
  return Math.abs(rounded) >= 1e15 ? rounded.toExponential().toUpperCase() : String(rounded);
}

function formatWithDecimalPattern(value: number, pattern: string): string {
  const percent = pattern.endsWith('%');
  const scaled = percent ? value * 100 : value;
  const decimals = pattern.includes('.') ? (pattern.split('.')[1] ?? '').replace('%', '').length : 0;
  const grouped = pattern.includes(',');
  const text = scaled.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: grouped,
  });
  return percent ? `${text}%` : text;
}

function formatSerialDate(serial: number, pattern: string): string {
  const date = new Date(Math.round(SERIAL_EPOCH_MS + serial * DAY_MS));
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const tokens = pattern.match(/yyyy|yy|mm|m|dd|d|hh|h|ss|s|[^ymdhs]+/gi) ?? [];
  let afterHour = false;
  return tokens
    .map((token, index) => {
      const lower = token.toLowerCase();
      const next = tokens[index + 1]?.toLowerCase() ?? '';
      const nextAfterLiteral = tokens[index + 2]?.toLowerCase() ?? '';
      switch (lower) {
        case 'yyyy':
          return pad(date.getUTCFullYear(), 4);
        case 'yy':
          return pad(date.getUTCFullYear() % 100);
        case 'mm':
        case 'm': {
          const minutes = afterHour || next.startsWith('s') || nextAfterLiteral.startsWith('s');
          afterHour = false;
          const n = minutes ? date.getUTCMinutes() : date.getUTCMonth() + 1;
          return lower === 'mm' ? pad(n) : String(n);
        }
        case 'dd':
          return pad(date.getUTCDate());
        case 'd':
          return String(date.getUTCDate());
        case 'hh':
        case 'h':
          afterHour = true;
          return lower === 'hh' ? pad(date.getUTCHours()) : String(date.getUTCHours());
        case 'ss':
          return pad(date.getUTCSeconds());
        case 's':
          return String(date.getUTCSeconds());
        default:
          return token;
      }
    })
    .join('');
}
