// Bundles src/ into the single file clasp uploads (dist/ is clasp's rootDir).
//   npx tsx apps-script/build.ts   →   apps-script/dist/Code.js, apps-script/dist/appsscript.json
// Apps Script loads plain scripts, not modules: esbuild inlines every import into one IIFE, and a top-level
// `function name() {}` is declared for each entry point because Apps Script lists trigger and menu functions
// by scanning top-level declarations; the IIFE then replaces each stub with the real function via globalThis.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
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
  const result = await build({
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
  const bytes = result.metafile.outputs[Object.keys(result.metafile.outputs)[0] ?? '']?.bytes ?? 0;
  return { outDir, codePath, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { codePath, bytes } = await buildAppsScript();
  console.log(`wrote ${codePath} (${bytes} bytes)`);
}
