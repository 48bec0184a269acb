import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppsScript, withoutIndentation } from '../../apps-script/build.ts';
import { GLOBAL_FUNCTION_NAMES } from '../../apps-script/src/triggers.ts';
import { FakeSheet, createAcceptingServer, createFakeEnvironment, editEvent } from './support/fake-apps-script.ts';

let outDir: string;
let code: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'apps-script-bundle-'));
  const result = await buildAppsScript(outDir);
  code = readFileSync(result.codePath, 'utf8');
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

/** Runs Code.js the way Apps Script does: one plain script in a global scope that holds the services. */
function loadBundle(globals: Record<string, unknown>): Record<string, unknown> {
  const context = createContext({ ...globals });
  runInContext(code, context, { filename: 'Code.js' });
  return context as Record<string, unknown>;
}

describe('the Apps Script bundle', () => {
  it('is one plain script: no module syntax, no require, no zod, no node built-ins', () => {
    expect(code).not.toMatch(/\brequire\(/u);
    expect(code).not.toMatch(/^\s*(import|export)\s/mu);
    expect(code).not.toMatch(/\bimport\(/u);
    expect(code).not.toMatch(/node:|ZodError|from "zod"/u);
  });

  // The limit notices the schema creeping back in (it cost 30 KB); the build strips indentation but keeps lines.
  it('carries no workbook schema: no column labels, no header matching; at most 30 KiB (it was 60 KB)', () => {
    // Column labels only the schema has (Attendance result, Meeting type, material due).
    for (const label of ['出勤结果', '会议类型', 'Material due', 'HEADER_DUPLICATE']) expect(code).not.toContain(label);
    expect(Buffer.byteLength(code, 'utf8')).toBeLessThanOrEqual(30 * 1024);
  });

  it('avoids ES2022 array built-ins Apps Script is not guaranteed to have', () => {
    expect(code).not.toMatch(/\.at\(-?\d/u);
  });

  it('ships appsscript.json next to Code.js for clasp', () => {
    const manifest = JSON.parse(readFileSync(join(outDir, 'appsscript.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      timeZone: 'Asia/Shanghai',
      runtimeVersion: 'V8',
      exceptionLogging: 'STACKDRIVER',
    });
  });

  it('declares every entry point at top level, where Apps Script looks for trigger and menu functions', () => {
    expect(GLOBAL_FUNCTION_NAMES).toEqual([
      'onOpen',
      'onEditInstalled',
      'onChangeInstalled',
      'resyncThisSheet',
      'sendNoticeNow',
      'finalizeMinutes',
      'reconcileNow',
      'checkSetup',
      'installTriggers',
    ]);
    for (const name of GLOBAL_FUNCTION_NAMES) {
      expect(code).toMatch(new RegExp(`^function ${name}\\(`, 'mu'));
    }
  });

  it('defines the entry points as working functions when evaluated with fake services', () => {
    const env = createFakeEnvironment(new FakeSheet('Meetings', [['ID', 'Status', 'Title']]));
    const context = loadBundle({ ...env.services });

    for (const name of GLOBAL_FUNCTION_NAMES) {
      expect(typeof context[name], name).toBe('function');
      // Not the empty top-level stub build.ts declares: the bundle must have put the real function in its place.
      expect(String(context[name]), name).not.toMatch(/^function \w+\(\) \{\s*\}$/u);
    }

    (context.onOpen as () => void)();
    expect(env.ui.menus[0]?.title).toBe('会议跟进 Follow-up');
  });

  it('handles an edit end to end inside the bundle: signed request out, ID and Status written back', () => {
    const sheet = new FakeSheet('Meetings', [
      ['ID', 'Status', 'Type', 'Title', 'Start', 'End'],
      ['', '', 'weekly', 'Kick-off', '2026-11-28 14:00', '2026-11-28 15:00'],
    ]);
    // Inside the bundle the clock is the real Date.now(), so the fake server checks the window against it too.
    // The subject is the shipped bundle signing with Apps Script's own (real) clock: read on purpose here; the
    // row's dates are fixed, so the outcome is the same whatever the machine's date.
    const env = createFakeEnvironment(
      sheet,
      createAcceptingServer(() => Date.now() / 1000),
    );
    const context = loadBundle({ ...env.services });

    (context.onEditInstalled as (event: unknown) => void)(editEvent(sheet, 2, 2, 4, 4));

    expect(env.fetches).toHaveLength(1);
    expect(env.spreadsheet.toasts).toEqual([]);
    expect(sheet.setValuesCalls).toEqual([{ row: 2, column: 1, values: [["'NEW-2", "'OK"]] }]);
  });
});

describe('the bundle keeps its lines but not its indentation', () => {
  it('strips leading spaces when that changes nothing the program means', async () => {
    const code = 'function f() {\n    const a = 1;\n    return a;\n}\n';
    expect(await withoutIndentation(code)).toBe('function f() {\nconst a = 1;\nreturn a;\n}\n');
  });

  it('keeps the indentation when a template literal holds it', async () => {
    const code = 'const s = `line one\n    indented line`;\n';
    expect(await withoutIndentation(code)).toBe(code);
  });
});
