// The domain takes `now` and settings as parameters: it never reads the clock, the environment or the process.
// dependency-cruiser (npm run lint:imports) checks what the domain imports; this checks what it calls, which an
// import graph cannot see (Date and process are globals).
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../support/source-files.ts';

const ROOT = join(import.meta.dirname, '../..');
const DOMAIN = join(ROOT, 'functions/src/domain');

const FORBIDDEN: ReadonlyArray<[string, RegExp]> = [
  ['reads the environment', /\bprocess\.(env|argv|cwd)\b/u],
  ['reads the clock through Date', /\bDate\.now\s*\(|\bnew Date\s*\(\s*\)/u],
  ['reads the clock through luxon', /\bDateTime\.(now|local)\s*\(|\bSettings\.now\b/u],
  ['keeps time with timers', /\b(setTimeout|setInterval|performance\.now)\s*\(/u],
  ['draws random numbers', /\bMath\.random\s*\(/u],
];

/** The code of a file without its comments, so a comment may name what the code must not do. */
function codeOf(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//gu, '')
    .replace(/(^|[^:'"`])\/\/.*$/gmu, '$1');
}

describe('the domain is pure', () => {
  const files = sourceFiles(DOMAIN);

  it('has capability folders with files in them', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(FORBIDDEN)('no domain file %s', (_what, pattern) => {
    const offenders = files.filter((file) => pattern.test(codeOf(file))).map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('the check itself catches a clock read', () => {
    expect(FORBIDDEN.some(([, pattern]) => pattern.test('const t = DateTime.now().setZone(zone);'))).toBe(true);
    expect(FORBIDDEN.some(([, pattern]) => pattern.test('if (process.env.DEBUG) {}'))).toBe(true);
  });
});
