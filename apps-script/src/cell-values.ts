// What getValues() returns is not what the server wants to see: Date objects have no time zone of their own and
// '' is how Sheets says "empty". These conversions keep the request readable and free of JavaScript Date semantics.
import type { CellValue } from '../../functions/src/contract/edit-request.ts';

/** Formats a Date cell as wall-clock text in the spreadsheet's zone (the adapter passes Utilities.formatDate). */
export type DateCellFormatter = (date: Date) => string;

// Sheets' day zero: a cell holding only a time is read back as a Date on this day.
const SHEETS_EPOCH_DATE = '1899-12-30';
const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}):(\d{2})$/u;

/**
 * Shortens "yyyy-MM-dd HH:mm:ss" to what a person would have typed: "2026-11-28" for a date (midnight),
 * "09:05" for a time-only cell, "2026-11-28 14:00" otherwise (seconds only when they are not zero).
 * These are the forms date-parsing.ts reads; anything else is passed through unchanged.
 */
export function shortenWallClock(text: string): string {
  const match = WALL_CLOCK.exec(text);
  if (!match) return text;
  const [, date, hoursMinutes, seconds] = match as unknown as [string, string, string, string];
  const time = seconds === '00' ? hoursMinutes : `${hoursMinutes}:${seconds}`;
  if (date === SHEETS_EPOCH_DATE) return time;
  return time === '00:00' ? date : `${date} ${time}`;
}

function isBlankText(value: string): boolean {
  return value.trim() === '';
}

export function toRequestCell(value: unknown, formatDate: DateCellFormatter): CellValue {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    const date = value as Date;
    return Number.isNaN(date.getTime()) ? null : formatDate(date);
  }
  return String(value);
}

/** An unticked checkbox is how an empty checkbox cell reads, so it does not make a row "filled in". */
export function isBlankCell(value: CellValue): boolean {
  return value === null || value === false || (typeof value === 'string' && isBlankText(value));
}

export function toHeaderText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/**
 * The contract's cells are RAW text, but setValues() parses text the way typing does: "=…" becomes a formula,
 * "+86 138…" a number, "2026-11-28" a date, "TRUE" a checkbox value, and which strings parse depends on the
 * spreadsheet locale. The apostrophe is the only way to say "this is text" through SpreadsheetApp, and Sheets
 * does not keep it as part of the value.
 */
export function toLiteralText(text: string): string {
  return text === '' ? '' : `'${text}`;
}
