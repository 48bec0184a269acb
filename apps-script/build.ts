// Bundles src/ into the single file clasp uploads (dist/ is clasp's rootDir).
//   npx tsx apps-script/build.ts   →   apps-script/dist/Code.js, apps-script/dist/appsscript.json
// Apps Script loads plain scripts, not modules: esbuild inlines every import into one IIFE, and a top-level
// `function name() {}` is declared for each entry point because Apps Script lists trigger and menu functions
// by scanning top-level declarations; the IIFE then replaces each stub with the real function via globalThis.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { GLOBAL_FUNCTION_NAMES } from './src/triggers.ts';

const here = dirname(fileURLToPath(import.meta.url));

export interface BuildResult {
  readonly outDir: string;
  readonly codePath: string;
  readonly bytes: number;
}

export async function buildAppsScript(outDir: string = join(here, 'dist')): Promise<BuildResult> {
  mkdirSync(outDir, { recursive: true });
  const codePath = join(outDir, 'Code.js');
  const stubs = GLOBAL_FUNCTION_NAMES.map((name) => `function ${name}() {}`).join('\n');
  await build({
    entryPoints: [join(here, 'src', 'index.ts')],
    bundle: true,
    format: 'iife',
    // Apps Script's V8 runtime runs ES2020 as written (optional chaining and ?? need no down-levelling). Syntax
    // is minified, whitespace and names are not, so the editor's stack traces still point at readable lines.
    target: 'es2020',
    minifySyntax: true,
    platform: 'neutral',
    banner: { js: `// Built by apps-script/build.ts — edit apps-script/src, not this file.\n${stubs}` },
    outfile: codePath,
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    logLevel: 'silent',
  });
  copyFileSync(join(here, 'appsscript.json'), join(outDir, 'appsscript.json'));
  const code = await withoutIndentation(readFileSync(codePath, 'utf8'));
  writeFileSync(codePath, code);
  return { outDir, codePath, bytes: Buffer.byteLength(code, 'utf8') };
}

/**
 * The bundle without leading indentation: a tenth of its size, while every statement keeps its own line, so a
 * line number in an Apps Script error still points at readable code. A newline inside a template literal
 * followed by spaces would lose them, so the stripped code is kept only if esbuild minifies both to the same
 * program (it does unless such a literal exists).
 */
export async function withoutIndentation(code: string): Promise<string> {
  const stripped = code
    .split('\n')
    .map((line) => line.trimStart())
    .join('\n');
  const [before, after] = await Promise.all([
    transform(code, { minifyWhitespace: true, charset: 'utf8' }),
    transform(stripped, { minifyWhitespace: true, charset: 'utf8' }),
  ]);
  return before.code === after.code ? stripped : code;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { codePath, bytes } = await buildAppsScript();
  console.log(`wrote ${codePath} (${bytes} bytes)`);
}
