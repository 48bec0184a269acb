// npm run lint:lines — every line of code, test and script is at most 120 characters (counted as characters,
// so a line of Chinese text is measured as it reads). Biome formats code to that width but leaves long strings
// and comments alone; this catches those. Prints each offending line and exits 1 when any is found.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const MAX_LINE_LENGTH = 120;
const CHECKED = /\.(ts|js|cjs|mjs)$/u;
const SKIPPED = /^(apps-script\/dist|dist|build|node_modules)\//u;

/** Lines longer than `max` characters in `text`, 1-based. */
export function longLines(text: string, max = MAX_LINE_LENGTH): Array<{ line: number; length: number }> {
  return text
    .split('\n')
    .map((line, index) => ({ line: index + 1, length: [...line].length }))
    .filter(({ length }) => length > max);
}

function main(): void {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => CHECKED.test(file) && !SKIPPED.test(file));
  let found = 0;
  for (const file of files) {
    for (const { line, length } of longLines(readFileSync(file, 'utf8'))) {
      console.log(`${file}:${line}: ${length} characters (at most ${MAX_LINE_LENGTH})`);
      found += 1;
    }
  }
  if (found > 0) {
    console.log(`${found} line(s) longer than ${MAX_LINE_LENGTH} characters: wrap the comment or split the string.`);
    process.exit(1);
  }
  console.log(`line length: ${files.length} files, every line at most ${MAX_LINE_LENGTH} characters`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
