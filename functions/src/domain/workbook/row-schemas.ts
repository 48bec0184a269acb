// Turns one sheet row (raw cell values keyed by column) into a canonical record, or into bilingual messages
// that name the column and repeat what was typed. The zod schema of each tab is derived from workbook-schema.ts.
import { z } from 'zod';
import { DateTime } from 'luxon';
import { isValidTimeZone, parseSheetDate, parseSheetDateTime, parseSheetMonth } from './date-parsing.ts';
import type { DateParseResult } from './date-parsing.ts';
import { AppError } from '../errors.ts';
import type { ErrorCode } from '../errors.ts';
import { normalizeLabel } from './label-normalization.ts';
import { formatForWorkbook, formatMessage, joinLocalized } from '../messages.ts';
import type { Localized, MessageParams, WorkbookLanguage } from '../messages.ts';
import { DEFAULT_PHONE_REGION, normalizePhone, phoneExamples } from './phone-numbers.ts';
import { cleanCellText } from './text-hygiene.ts';
import { REF_TARGET_TAB, getColumn, getTab, labelOf, listInputColumns } from './workbook-schema.ts';
import type { ColumnSpec, EnumOption, RefKind, RowRule, TabKey, TabRecord, TabSpec } from './workbook-schema.ts';

/** What the Sheets API (UNFORMATTED_VALUE) or Apps Script can put in a cell. */
export type CellValue = string | number | boolean | null | undefined;
export type RowCells = Readonly<Record<string, CellValue>> | ReadonlyMap<string, CellValue>;

export interface CellContext {
  /** IANA zone of the workbook; wall-clock times are read in it. */
  readonly zone: string;
  /**
   * Resolves a reference typed by a user (an ID, or an email for people) to the canonical ID; undefined when
   * nothing matches. Without it, references are kept as typed (trimmed) and checked later.
   */
  readonly resolveRef?: (kind: RefKind, text: string) => string | undefined;
  /** Region a phone number without a country code is read in (Settings tab); CN when absent. */
  readonly phoneRegion?: string;
}

export interface RowValidationOptions extends CellContext {
  /** Language of the workbook, used for the ready-made Status cell text. */
  readonly lang: WorkbookLanguage;
}

export interface RowMessage {
  readonly code: ErrorCode;
  /** Column key the message is about (shown next to that cell). */
  readonly column: string;
  readonly en: string;
  readonly zh: string;
}

export type RowValidationResult<R> =
  | {
      readonly ok: true;
      readonly record: R;
      readonly status: string;
      /** Notes that do not stop the row being saved (invisible characters removed). */
      readonly notes: readonly RowMessage[];
    }
  | {
      readonly ok: false;
      readonly messages: readonly RowMessage[];
      readonly status: string;
      /**
       * The cells that did parse, so the rules that need other records can still check them and the row shows
       * every problem at once (issue 13). Never saved.
       */
      readonly partial: Readonly<Record<string, unknown>>;
    };

export type CellParseResult =
  | { readonly ok: true; readonly value: string | number | boolean | undefined }
  | { readonly ok: false; readonly code: ErrorCode; readonly params: MessageParams };

const TRUE_WORDS = new Set(['yes', 'y', 'true', '是', '✓', '✔', '☑', '1']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '否', '✗', '✘', '☐', '0']);

// Thousands separators are accepted only in groups of three, so "1,5" (a European decimal comma) is refused
// rather than read as 15.
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const EMAIL_SCHEMA = z.email();

function isBlank(raw: CellValue): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

/** The value as the user sees it in the cell, for quoting back in messages. */
function displayValue(raw: CellValue): string {
  if (raw === null || raw === undefined) return '';
  return typeof raw === 'string' ? raw.trim() : String(raw);
}

function fail(code: ErrorCode, column: ColumnSpec, raw: CellValue, extra: MessageParams = {}): CellParseResult {
  return { ok: false, code, params: { column: labelOf(column), value: displayValue(raw), ...extra } };
}

function readText(column: ColumnSpec, raw: CellValue, maxLength: number | undefined): CellParseResult {
  const text = displayValue(raw);
  const length = [...text].length;
  if (maxLength !== undefined && length > maxLength)
    return fail('TEXT_TOO_LONG', column, raw, { length, max: maxLength });
  return { ok: true, value: text };
}

function readEmail(column: ColumnSpec, raw: CellValue): CellParseResult {
  // NFKC because a Chinese IME easily types the full-width ＠ and ．
  const email = displayValue(raw).normalize('NFKC').toLowerCase();
  return EMAIL_SCHEMA.safeParse(email).success ? { ok: true, value: email } : fail('EMAIL_INVALID', column, raw);
}

function readNumber(
  column: ColumnSpec,
  raw: CellValue,
  bounds: { readonly min?: number; readonly max?: number },
  integer: boolean,
): CellParseResult {
  let value: number;
  if (typeof raw === 'number') {
    value = raw;
  } else if (typeof raw === 'string') {
    // Money columns are typed with ¥ or 元 often enough that refusing them would only annoy; they change nothing.
    const text = raw
      .normalize('NFKC')
      .trim()
      .replace(/\u2212/gu, '-')
      .replace(/^[¥$]\s*/u, '')
      .replace(/\s*元$/u, '');
    if (!PLAIN_NUMBER.test(text) && !GROUPED_NUMBER.test(text)) return fail('NUMBER_INVALID', column, raw);
    value = Number(text.replaceAll(',', ''));
  } else {
    return fail('NUMBER_INVALID', column, raw);
  }
  if (!Number.isFinite(value)) return fail('NUMBER_INVALID', column, raw);
  if (integer && !Number.isInteger(value)) return fail('INTEGER_INVALID', column, raw);
  if (bounds.min !== undefined && value < bounds.min) return fail('NUMBER_TOO_SMALL', column, raw, { min: bounds.min });
  if (bounds.max !== undefined && value > bounds.max) return fail('NUMBER_TOO_LARGE', column, raw, { max: bounds.max });
  return { ok: true, value };
}

function readBoolean(column: ColumnSpec, raw: CellValue): CellParseResult {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  const word = normalizeLabel(String(raw));
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return fail('BOOLEAN_INVALID', column, raw);
}

const enumIndexCache = new WeakMap<readonly EnumOption[], ReadonlyMap<string, string>>();

function indexEnum(options: readonly EnumOption[]): ReadonlyMap<string, string> {
  const cached = enumIndexCache.get(options);
  if (cached) return cached;
  const index = new Map<string, string>();
  for (const option of options) {
    for (const label of [option.key, option.en, option.zh, ...(option.aliases ?? [])]) {
      index.set(normalizeLabel(label), option.key);
    }
  }
  enumIndexCache.set(options, index);
  return index;
}

function readEnum(column: ColumnSpec, raw: CellValue, options: readonly EnumOption[]): CellParseResult {
  const key = indexEnum(options).get(normalizeLabel(String(raw)));
  if (key !== undefined) return { ok: true, value: key };
  return fail('ENUM_INVALID', column, raw, { allowed: joinLocalized(options.map(labelOf)) });
}

function readUrl(column: ColumnSpec, raw: CellValue): CellParseResult {
  const text = displayValue(raw);
  // A link without its scheme would be resolved relative to nothing in an email; ask for the full address.
  if (!URL.canParse(text)) return fail('URL_INVALID', column, raw);
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('URL_INVALID', column, raw);
  return { ok: true, value: url.href };
}

function readPhone(column: ColumnSpec, raw: CellValue, context: CellContext): CellParseResult {
  const region = context.phoneRegion ?? DEFAULT_PHONE_REGION;
  const phone = normalizePhone(typeof raw === 'number' ? raw : displayValue(raw), region);
  return phone.ok
    ? { ok: true, value: phone.e164 }
    : fail('PHONE_INVALID', column, raw, { examples: phoneExamples(region) });
}

function readRef(column: ColumnSpec, raw: CellValue, kind: RefKind, context: CellContext): CellParseResult {
  const typed = displayValue(raw).normalize('NFKC');
  // Emails identify people across the workbook and are case-insensitive; IDs are kept as typed.
  const text = typed.includes('@') ? typed.toLowerCase() : typed;
  if (!context.resolveRef) return { ok: true, value: text };
  const id = context.resolveRef(kind, text);
  if (id !== undefined) return { ok: true, value: id };
  return fail('REF_UNKNOWN', column, raw, { targetTab: labelOf(getTab(REF_TARGET_TAB[kind])) });
}

function readDateLike(
  column: ColumnSpec,
  raw: CellValue,
  context: CellContext,
  parse: (value: string | number, zone: string) => DateParseResult,
  toCanonical: (value: DateTime) => string,
): CellParseResult {
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail('DATE_INVALID', column, raw);
  const result = parse(raw, context.zone);
  if (result.ok) return { ok: true, value: toCanonical(result.value) };
  return fail(result.code, column, raw, { zone: context.zone });
}

/** One cell, already known to be non-blank, turned into its canonical value. */
function readCell(column: ColumnSpec, raw: CellValue, context: CellContext): CellParseResult {
  const type = column.type;
  switch (type.kind) {
    case 'text':
      return readText(column, raw, type.maxLength);
    case 'email':
      return readEmail(column, raw);
    case 'number':
      return readNumber(column, raw, type, false);
    case 'integer':
      return readNumber(column, raw, type, true);
    case 'boolean':
      return readBoolean(column, raw);
    case 'enum':
      return readEnum(column, raw, type.options);
    case 'url':
      return readUrl(column, raw);
    case 'phone':
      return readPhone(column, raw, context);
    case 'personRef':
    case 'meetingRef':
    case 'agendaRef':
    case 'customerRef':
      return readRef(column, raw, type.kind, context);
    // Dates have no instant, so they are stored as plain calendar dates; only datetimes carry an offset.
    case 'date':
      return readDateLike(column, raw, context, parseSheetDate, (value) => value.toISODate() ?? '');
    case 'datetime':
      return readDateLike(
        column,
        raw,
        context,
        parseSheetDateTime,
        (value) => value.toISO({ suppressMilliseconds: true }) ?? '',
      );
    case 'month':
      return readDateLike(column, raw, context, parseSheetMonth, (value) => value.toFormat('yyyy-MM'));
  }
}

export function parseCellValue(column: ColumnSpec, raw: CellValue, context: CellContext): CellParseResult {
  if (typeof raw === 'object' && raw !== null) return fail('VALUE_UNSUPPORTED', column, '');
  const cell = typeof raw === 'string' ? cleanCellText(raw, column.type).text : raw;
  if (isBlank(cell)) return column.required ? fail('VALUE_REQUIRED', column, cell) : { ok: true, value: undefined };
  return readCell(column, cell, context);
}

// ---- zod schema per tab ----

interface IssueDetail {
  readonly appCode: ErrorCode;
  readonly messageParams: MessageParams;
}

function columnLabel(tab: TabSpec, key: string): Localized {
  const column = getColumn(tab, key);
  return column ? labelOf(column) : { en: key, zh: key };
}

function displayDateTime(iso: string): string {
  // Canonical ISO text is for machines; users typed "2026-11-28 14:00", so show it that way.
  const value = DateTime.fromISO(iso, { setZone: true });
  return value.toFormat(value.second === 0 ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd HH:mm:ss');
}

function enumLabel(tab: TabSpec, columnKey: string, value: unknown): Localized {
  const column = getColumn(tab, columnKey);
  if (column?.type.kind === 'enum') {
    const option = column.type.options.find((o) => o.key === value);
    if (option) return labelOf(option);
  }
  return { en: String(value), zh: String(value) };
}

function checkRule(
  tab: TabSpec,
  rule: RowRule,
  record: Readonly<Record<string, unknown>>,
): { path: string; detail: IssueDetail } | undefined {
  switch (rule.kind) {
    case 'after': {
      const earlier = record[rule.earlier];
      const later = record[rule.later];
      if (typeof earlier !== 'string' || typeof later !== 'string') return undefined;
      // Compare instants, not text: the offset part differs when a meeting spans a DST change.
      if (DateTime.fromISO(later).toMillis() > DateTime.fromISO(earlier).toMillis()) return undefined;
      return {
        path: rule.later,
        detail: {
          appCode: 'END_NOT_AFTER_START',
          messageParams: {
            column: columnLabel(tab, rule.later),
            value: displayDateTime(later),
            otherColumn: columnLabel(tab, rule.earlier),
            otherValue: displayDateTime(earlier),
          },
        },
      };
    }
    case 'requiredWhen': {
      if (!rule.equals.includes(String(record[rule.when])) || record[rule.column] !== undefined) return undefined;
      return {
        path: rule.column,
        detail: {
          appCode: 'VALUE_REQUIRED_WHEN',
          messageParams: {
            column: columnLabel(tab, rule.column),
            otherColumn: columnLabel(tab, rule.when),
            otherValue: enumLabel(tab, rule.when, record[rule.when]),
          },
        },
      };
    }
    case 'oneOfRequired': {
      if (rule.columns.some((key) => record[key] !== undefined)) return undefined;
      return {
        path: rule.columns[0] ?? '',
        detail: {
          appCode: 'ONE_OF_REQUIRED',
          messageParams: {
            columns: joinLocalized(
              rule.columns.map((key) => columnLabel(tab, key)),
              'or',
            ),
          },
        },
      };
    }
  }
}

function buildCellSchema(column: ColumnSpec, context: CellContext) {
  return z.unknown().transform((raw, ctx) => {
    const result = parseCellValue(column, raw as CellValue, context);
    if (result.ok) return result.value;
    const detail: IssueDetail = { appCode: result.code, messageParams: result.params };
    ctx.addIssue({ code: 'custom', message: result.code, params: detail });
    return z.NEVER;
  });
}

export type RowSchema<K extends TabKey> = z.ZodType<TabRecord<K>, Readonly<Record<string, unknown>>>;

const schemaCache = new Map<string, z.ZodType>();

/**
 * The zod schema of one tab: input is an object (or Map) of raw cells keyed by column key, output the
 * canonical record. System-owned columns are not in the shape, so zod drops them.
 */
export function buildRowSchema<K extends TabKey>(tabKey: K, context: CellContext): RowSchema<K> {
  const cacheKey = `${tabKey}\u0000${context.zone}`;
  const cached = context.resolveRef ? undefined : schemaCache.get(cacheKey);
  if (cached) return cached as unknown as RowSchema<K>;
  const tab = getTab(tabKey);
  const shape = Object.fromEntries(
    listInputColumns(tab).map((column) => [column.key, buildCellSchema(column, context)]),
  );
  const rowObject = z.object(shape).superRefine((record, ctx) => {
    for (const rule of tab.rules ?? []) {
      const broken = checkRule(tab, rule, record);
      if (broken)
        ctx.addIssue({ code: 'custom', message: broken.detail.appCode, path: [broken.path], params: broken.detail });
    }
  });
  // Absent keys become null so every cell schema runs and a missing required value is reported, not skipped.
  const schema = z.preprocess(
    (input) => (typeof input === 'object' && input !== null ? toCellObject(tab, input as RowCells) : input),
    rowObject,
  );
  if (!context.resolveRef) schemaCache.set(cacheKey, schema);
  return schema as unknown as RowSchema<K>;
}

function toCellObject(tab: TabSpec, cells: RowCells): Record<string, CellValue> {
  const read = (key: string): CellValue =>
    cells instanceof Map ? cells.get(key) : (cells as Readonly<Record<string, CellValue>>)[key];
  return Object.fromEntries(listInputColumns(tab).map((column) => [column.key, read(column.key) ?? null]));
}

/** The text for the row's Status cell: "OK", or every problem on its own line in the workbook's language. */
export function formatRowStatus(messages: readonly RowMessage[], lang: WorkbookLanguage): string {
  if (messages.length === 0) return formatForWorkbook('STATUS_OK', {}, lang);
  return messages.map((m) => (lang === 'mixed' ? (m.zh === m.en ? m.en : `${m.zh} / ${m.en}`) : m[lang])).join('\n');
}

function readRowCell(cells: RowCells, key: string): CellValue {
  const value = cells instanceof Map ? cells.get(key) : (cells as Readonly<Record<string, CellValue>>)[key];
  return value ?? null;
}

/** Messages in the order of the tab's columns (row-wide ones last), each column's in the order found. */
export function sortByColumn(tab: TabSpec, messages: readonly RowMessage[]): RowMessage[] {
  const position = (column: string) => {
    const index = tab.columns.findIndex((c) => c.key === column);
    return index === -1 ? tab.columns.length : index;
  };
  return messages
    .map((message, order) => ({ message, order }))
    .sort((a, b) => position(a.message.column) - position(b.message.column) || a.order - b.order)
    .map(({ message }) => message);
}

function cleanedNote(columns: readonly ColumnSpec[]): RowMessage {
  const params = { columns: joinLocalized(columns.map(labelOf)) };
  const column = columns[0]?.key ?? '';
  return {
    code: 'TEXT_CLEANED',
    column,
    en: formatMessage('TEXT_CLEANED', params, 'en'),
    zh: formatMessage('TEXT_CLEANED', params, 'zh'),
  };
}

/**
 * One row checked cell by cell, then against its row rules: every problem is reported at once (a row rule whose
 * cells all parsed runs even when another cell is wrong), in the order of the tab's columns.
 */
export function validateRow<K extends TabKey>(
  tabKey: K,
  cells: RowCells,
  options: RowValidationOptions,
): RowValidationResult<TabRecord<K>> {
  // A wrong zone is a configuration fault, not something the person editing the row can fix.
  if (!isValidTimeZone(options.zone)) throw new AppError('TIME_ZONE_INVALID', { zone: options.zone });
  const tab = getTab(tabKey);
  const partial: Record<string, unknown> = {};
  const failed = new Set<string>();
  const cleaned: ColumnSpec[] = [];
  const messages: RowMessage[] = [];
  for (const column of listInputColumns(tab)) {
    const raw = readRowCell(cells, column.key);
    if (typeof raw === 'string' && cleanCellText(raw, column.type).cleaned) cleaned.push(column);
    const result = parseCellValue(column, raw, options);
    if (result.ok) {
      if (result.value !== undefined) partial[column.key] = result.value;
      continue;
    }
    failed.add(column.key);
    const { code, params } = result;
    messages.push({
      code,
      column: column.key,
      en: formatMessage(code, params, 'en'),
      zh: formatMessage(code, params, 'zh'),
    });
  }
  for (const column of listInputColumns(tab)) {
    const from = column.defaultFrom;
    if (from && partial[column.key] === undefined && !failed.has(column.key) && partial[from] !== undefined)
      partial[column.key] = partial[from];
  }
  for (const rule of tab.rules ?? []) {
    if (ruleColumns(rule).some((key) => failed.has(key))) continue;
    const broken = checkRule(tab, rule, partial);
    if (!broken) continue;
    const { appCode, messageParams } = broken.detail;
    messages.push({
      code: appCode,
      column: broken.path,
      en: formatMessage(appCode, messageParams, 'en'),
      zh: formatMessage(appCode, messageParams, 'zh'),
    });
  }
  if (messages.length > 0) {
    const sorted = sortByColumn(tab, messages);
    return { ok: false, messages: sorted, status: formatRowStatus(sorted, options.lang), partial };
  }
  return {
    ok: true,
    record: partial as TabRecord<K>,
    status: formatRowStatus([], options.lang),
    notes: cleaned.length > 0 ? [cleanedNote(cleaned)] : [],
  };
}

/** The cells a row rule reads: it is judged only when all of them parsed. */
function ruleColumns(rule: RowRule): readonly string[] {
  switch (rule.kind) {
    case 'after':
      return [rule.earlier, rule.later];
    case 'requiredWhen':
      return [rule.column, rule.when];
    case 'oneOfRequired':
      return rule.columns;
  }
}
