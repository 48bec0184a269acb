// npm run build:functions → dist/functions/: one ESM bundle of our code (functions/src/index.ts) plus a
// package.json naming the runtime dependencies, ready for
//   gcloud functions deploy sheetEdit --gen2 --runtime=nodejs20 --source=dist/functions \
//     --entry-point=sheetEdit --trigger-http
// Third-party packages stay external: the Google clients read their proto files from disk at run time.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.env.FUNCTIONS_OUT_DIR ?? join(root, 'dist', 'functions');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

mkdirSync(outDir, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'functions', 'src', 'index.ts')],
  outfile: join(outDir, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
const used = new Set(
  Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports.map((i) => i.path))
    .filter((path) => !path.startsWith('node:') && !path.startsWith('.'))
    .map((path) => (path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]!)),
);
const dependencies = Object.fromEntries(
  [...used].sort().map((name) => {
    const version = rootPackage.dependencies[name];
    if (!version) throw new Error(`${name} is imported by the functions but is not a dependency in package.json`);
    return [name, version];
  }),
);
writeFileSync(
  join(outDir, 'package.json'),
  `${JSON.stringify(
    {
      name: 'meeting-followup-functions',
      private: true,
      type: 'module',
      main: 'index.js',
      engines: { node: '20' },
      dependencies,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${outDir}/index.js and package.json (${used.size} runtime dependencies)`);
