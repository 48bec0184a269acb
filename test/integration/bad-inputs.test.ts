// The bad-input corpus (issue 13): every case in test/fixtures/bad-inputs/*.json runs through the real sheetEdit
// handler (signed requests as the Apps Script builds them, embedded Firestore), one test per case, each in a
// workbook of its own. A case types its setup rows first (named steps from setups.json, or inline ones), then
// its rows, and asserts per row: refused with exactly these message codes (in the Status's order) and no
// record written or changed, or accepted with the stored values it names (and any notes); and always that the
// answer writes no cell but ID, Status and computed columns, so what the user typed stays in the sheet.
// Malformed requests (`raw`) assert the HTTP status and error code instead. The fixture format is described in
// test/fixtures/bad-inputs/README.md.
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowResult } from '../../functions/src/contract/edit-request.ts';
import { findTab, matchHeaders } from '../../functions/src/domain/workbook/header-matching.ts';
import type { WorkbookLanguage } from '../../functions/src/domain/messages.ts';
import { type Answer, type SheetEditDriver, startSheetEditDriver } from './support/sheet-edit-driver.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/bad-inputs');

type Cell = string | number | boolean | null;

interface SetupStep {
  tab: string;
  header: string[];
  rows: Cell[][];
  firstRow?: number;
  /** Names bound to the IDs of these rows, in order, for `{{name}}` in later cells. */
  ids?: string[];
}

interface RowExpectation {
  outcome: 'refused' | 'accepted';
  /** Refused: the message codes, in the Status's order. Accepted: the notes shown after OK (default none). */
  codes?: string[];
  /** Accepted: fields the stored record's data must hold (a subset). */
  stored?: Record<string, unknown>;
  /** Text the Status must contain (a row number, an ID placeholder, a word of the message). */
  statusContains?: string[];
}

interface Case {
  name: string;
  language?: WorkbookLanguage;
  setup?: Array<string | SetupStep>;
  tab?: string;
  header?: string[];
  rows?: Cell[][];
  firstRow?: number;
  editor?: string;
  /** The edit's kind (default `edit`); `resync` sends the rows as the complete tab. */
  kind?: 'edit' | 'change' | 'resync';
  expect?: RowExpectation | { rows: RowExpectation[] };
  /** A malformed request: the body as sent (an object is JSON-encoded; `{{workbook}}` is replaced). */
  raw?: unknown;
  sign?: boolean;
  expectRequest?: { status: number; code?: string };
}

interface FixtureFile {
  description: string;
  cases: Case[];
}

const setups = JSON.parse(readFileSync(join(FIXTURES, 'setups.json'), 'utf8')) as Record<string, SetupStep[]>;
const files = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json') && name !== 'setups.json')
  .sort()
  .map((name) => [name, JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as FixtureFile] as const);

let driver: SheetEditDriver;

beforeAll(async () => {
  driver = await startSheetEditDriver(`bad-inputs-${randomUUID().slice(0, 8)}`);
});

afterAll(async () => {
  await driver.close();
});

/** `{{name}}` → the ID bound to name; `{"repeat": "x", "times": 5000}` → that many x (huge text stays readable). */
function substitute<T>(value: T, names: ReadonlyMap<string, string>): T {
  if (isRepeat(value)) return value.repeat.repeat(value.times) as T;
  if (typeof value === 'string')
    return value.replace(/\{\{(\w+)\}\}/gu, (whole, name: string) => names.get(name) ?? whole) as T;
  if (Array.isArray(value)) return value.map((item) => substitute(item, names)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, names)])) as T;
  return value;
}

function isRepeat(value: unknown): value is { repeat: string; times: number } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort().join(',');
  return keys === 'repeat,times';
}

async function runSetup(workbook: string, steps: Case['setup'], names: Map<string, string>): Promise<void> {
  for (const entry of steps ?? []) {
    for (const step of typeof entry === 'string' ? setups[entry]! : [entry]) {
      const answer = await driver.edit(workbook, step.tab, step.header, substitute(step.rows, names), {
        firstRow: step.firstRow ?? 2,
      });
      expect(answer.status, `setup ${step.tab}: ${JSON.stringify(answer.body)}`).toBe(200);
      answer.body.results.forEach((result, index) => {
        expect(result.status, `setup ${step.tab} row ${result.row}`).toBe('OK');
        const name = step.ids?.[index];
        if (name) names.set(name, result.id!);
      });
    }
  }
}

/** Column indexes (1-based) the answer may write: ID, Status and the system columns the header matched. */
function writableColumns(tabName: string, header: readonly string[]): Set<number> {
  const tab = findTab(tabName);
  if (!tab) return new Set();
  const system = new Set(tab.columns.filter((column) => column.system).map((column) => column.key));
  const allowed = new Set<number>();
  for (const [key, index] of matchHeaders(tab, header).columns) if (system.has(key)) allowed.add(index + 1);
  return allowed;
}

async function snapshot(workbook: string, tabName: string): Promise<Map<string, Record<string, unknown>>> {
  const collection = findTab(tabName)?.collection;
  return collection ? driver.records(workbook, collection) : new Map();
}

function checkRow(result: RowResult, expected: RowExpectation, names: ReadonlyMap<string, string>): void {
  const context = `row ${result.row}: ${result.status}`;
  const codes = result.messages.map((m) => m.code);
  if (expected.outcome === 'refused') {
    expect(codes, context).toEqual(expected.codes ?? codes);
    expect(codes.length, context).toBeGreaterThan(0);
    expect(result.status.split('\n')[0], context).not.toBe('OK');
  } else {
    expect(result.status.split('\n')[0], context).toBe('OK');
    expect(codes, context).toEqual(expected.codes ?? []);
    expect(result.id, context).toMatch(/^[A-Z]{1,2}-[0-9A-Z]{8}$/u);
  }
  for (const text of substitute(expected.statusContains ?? [], names)) expect(result.status, context).toContain(text);
}

async function runCase(testCase: Case): Promise<void> {
  const workbook = await driver.newWorkbook(testCase.language ?? 'mixed');
  const names = new Map<string, string>([['workbook', workbook]]);
  await runSetup(workbook, testCase.setup, names);

  if (testCase.raw !== undefined) {
    const raw = substitute(testCase.raw, names);
    const body = typeof raw === 'string' ? raw : JSON.stringify(raw);
    const answer: Answer = await driver.postRaw(body, { sign: testCase.sign ?? true });
    expect(answer.status, JSON.stringify(answer.body)).toBe(testCase.expectRequest!.status);
    if (testCase.expectRequest!.code) expect(answer.body.error).toMatchObject({ code: testCase.expectRequest!.code });
    return;
  }

  const tab = testCase.tab!;
  const header = testCase.header!;
  const rows = substitute(testCase.rows!, names);
  const before = await snapshot(workbook, tab);
  const answer = await driver.edit(workbook, tab, header, rows, {
    firstRow: testCase.firstRow ?? 2,
    ...(testCase.editor ? { editor: testCase.editor } : {}),
    ...(testCase.kind ? { kind: testCase.kind } : {}),
  });
  if (testCase.expectRequest) {
    expect(answer.status, JSON.stringify(answer.body)).toBe(testCase.expectRequest.status);
    if (testCase.expectRequest.code) expect(answer.body.error).toMatchObject({ code: testCase.expectRequest.code });
    expect(await snapshot(workbook, tab)).toEqual(before);
    return;
  }
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const expectations = testCase.expect && 'rows' in testCase.expect ? testCase.expect.rows : [testCase.expect!];
  const results = answer.body.results;
  expect(results).toHaveLength(expectations.length);

  // The typed text is kept: the answer writes only ID, Status and computed (system) cells.
  const writable = writableColumns(tab, header);
  for (const result of results)
    for (const cell of result.cells ?? []) expect(writable.has(cell.column), `cell ${cell.column}`).toBe(true);

  const after = await snapshot(workbook, tab);
  results.forEach((result, index) => {
    const expected = substitute(expectations[index]!, names);
    checkRow(result, expected, names);
    if (expected.outcome === 'accepted' && expected.stored) {
      const stored = after.get(result.id!);
      expect(stored?.data, `stored record ${result.id}`).toMatchObject(expected.stored);
    }
  });
  // Canonical records unchanged on refusal: only the accepted rows' records are new or different.
  const acceptedIds = new Set(results.filter((r) => r.status.split('\n')[0] === 'OK').map((r) => r.id));
  for (const [id, record] of before) if (!acceptedIds.has(id)) expect(after.get(id), id).toEqual(record);
  for (const id of after.keys()) if (!before.has(id)) expect(acceptedIds.has(id), `new record ${id}`).toBe(true);
}

for (const [file, fixture] of files) {
  describe(`${file}: ${fixture.description}`, () => {
    for (const testCase of fixture.cases) it(testCase.name, () => runCase(testCase));
  });
}

it('holds at least 150 cases', () => {
  expect(files.reduce((sum, [, fixture]) => sum + fixture.cases.length, 0)).toBeGreaterThanOrEqual(150);
});
