// Maps the header row a user actually has to column keys. Users reorder columns, switch languages and type
// headers with a Chinese IME, so matching is by normalized label; but a header that is unknown or names the
// same column twice is reported and never guessed, because guessing would silently file data under the wrong key.
import { normalizeLabel } from './label-normalization.ts';
import { formatMessage, joinLocalized } from '../messages.ts';
import type { Localized, MessageParams } from '../messages.ts';
import { WORKBOOK_TABS, getTab, labelOf } from './workbook-schema.ts';
import type { ColumnSpec, TabKey, TabSpec } from './workbook-schema.ts';

export type HeaderProblemCode = 'HEADER_UNKNOWN' | 'HEADER_DUPLICATE' | 'HEADER_MISSING_REQUIRED';

export interface HeaderProblem {
  readonly code: HeaderProblemCode;
  /** The header as typed; for a missing column, its English header. */
  readonly header: string;
  /** 0-based column index in the header row; -1 for a missing column. */
  readonly index: number;
  /** The column the header names (duplicate, missing). */
  readonly columnKey?: string;
  /** For a duplicate: where the same column was first seen. */
  readonly firstIndex?: number;
}

export interface HeaderMatch {
  /**
   * Column key → 0-based index in the header row. A duplicated column is left out: which copy holds the data is
   * unknown.
   */
  readonly columns: Map<string, number>;
  readonly problems: HeaderProblem[];
}

export const normalizeHeader = normalizeLabel;

function labelsOf(item: { readonly en: string; readonly zh: string; readonly aliases?: readonly string[] }): string[] {
  return [item.en, item.zh, ...(item.aliases ?? [])];
}

const headerIndexCache = new Map<string, ReadonlyMap<string, ColumnSpec>>();

function indexHeaders(tab: TabSpec): ReadonlyMap<string, ColumnSpec> {
  const cached = headerIndexCache.get(tab.key);
  if (cached) return cached;
  const index = new Map<string, ColumnSpec>();
  for (const column of tab.columns) {
    for (const label of labelsOf(column)) index.set(normalizeLabel(label), column);
  }
  headerIndexCache.set(tab.key, index);
  return index;
}

/** The ID and Status columns must exist even though users never type in them: write-back needs somewhere to go. */
export function isHeaderRequired(column: ColumnSpec): boolean {
  return column.required === true || column.key === 'id' || column.key === 'status';
}

function resolveTab(tab: TabKey | TabSpec): TabSpec {
  return typeof tab === 'string' ? getTab(tab) : tab;
}

export function matchHeaders(tab: TabKey | TabSpec, headerRow: readonly unknown[]): HeaderMatch {
  const spec = resolveTab(tab);
  const byLabel = indexHeaders(spec);
  const columns = new Map<string, number>();
  const duplicated = new Set<string>();
  const problems: HeaderProblem[] = [];

  headerRow.forEach((cell, index) => {
    const header = cell === null || cell === undefined ? '' : String(cell);
    const normalized = normalizeLabel(header);
    if (normalized === '') return;
    const column = byLabel.get(normalized);
    if (!column) {
      problems.push({ code: 'HEADER_UNKNOWN', header, index });
      return;
    }
    const firstIndex = columns.get(column.key);
    if (firstIndex !== undefined) {
      duplicated.add(column.key);
      problems.push({ code: 'HEADER_DUPLICATE', header, index, columnKey: column.key, firstIndex });
      return;
    }
    columns.set(column.key, index);
  });

  // Dropped only after the scan, so that a third copy can still point at the first one.
  for (const key of duplicated) columns.delete(key);

  for (const column of spec.columns) {
    if (!isHeaderRequired(column) || columns.has(column.key) || duplicated.has(column.key)) continue;
    problems.push({ code: 'HEADER_MISSING_REQUIRED', header: column.en, index: -1, columnKey: column.key });
  }
  return { columns, problems };
}

const tabIndex: ReadonlyMap<string, TabSpec> = new Map(
  WORKBOOK_TABS.flatMap((tab) => labelsOf(tab).map((label) => [normalizeLabel(label), tab as TabSpec] as const)),
);

export function findTab(sheetName: string): TabSpec | undefined {
  return tabIndex.get(normalizeLabel(sheetName));
}

/** 0 → "A", 25 → "Z", 26 → "AA": how users see column positions in Sheets. */
export function toColumnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

function listHeaders(tab: TabSpec): Localized {
  return joinLocalized(tab.columns.filter((column) => !column.system || isHeaderRequired(column)).map(labelOf));
}

export function describeHeaderProblem(
  tab: TabKey | TabSpec,
  problem: HeaderProblem,
): { code: HeaderProblemCode; en: string; zh: string } {
  const spec = resolveTab(tab);
  const column = problem.columnKey ? spec.columns.find((c) => c.key === problem.columnKey) : undefined;
  const params: MessageParams = {
    tab: labelOf(spec),
    header: problem.header,
    letter: toColumnLetter(problem.index),
    firstLetter: problem.firstIndex !== undefined && problem.firstIndex >= 0 ? toColumnLetter(problem.firstIndex) : '?',
    column: column ? labelOf(column) : problem.header,
    expected: listHeaders(spec),
  };
  return {
    code: problem.code,
    en: formatMessage(problem.code, params, 'en'),
    zh: formatMessage(problem.code, params, 'zh'),
  };
}

export function describeUnknownTab(sheetName: string): { en: string; zh: string } {
  const params: MessageParams = { sheet: sheetName, expected: joinLocalized(WORKBOOK_TABS.map(labelOf)) };
  return { en: formatMessage('TAB_UNKNOWN', params, 'en'), zh: formatMessage('TAB_UNKNOWN', params, 'zh') };
}
