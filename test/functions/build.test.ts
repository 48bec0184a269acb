// The deployable bundle: builds, names only real dependencies, and registers every function when loaded.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('npm run build:functions produces a bundle that registers sheetEdit and tick', () => {
  // Inside the repository, so the bundle resolves packages from its node_modules as a deployed one would.
  mkdirSync(join(process.cwd(), 'dist'), { recursive: true });
  const outDir = mkdtempSync(join(process.cwd(), 'dist', 'functions-test-'));
  try {
    checkBundle(outDir);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}, 60_000);

function checkBundle(outDir: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'functions/build.ts'], {
    env: { ...process.env, FUNCTIONS_OUT_DIR: outDir },
    stdio: 'pipe',
  });
  const manifest = JSON.parse(readFileSync(join(outDir, 'package.json'), 'utf8')) as {
    main: string;
    dependencies: Record<string, string>;
  };
  expect(manifest.main).toBe('index.js');
  expect(Object.keys(manifest.dependencies)).toEqual(
    expect.arrayContaining([
      '@google-cloud/firestore',
      '@google-cloud/functions-framework',
      '@googleapis/gmail',
      '@googleapis/sheets',
    ]),
  );
  expect(Object.keys(manifest.dependencies)).not.toContain('mailparser');
  const probe = `
    process.env.SHEET_EDIT_SECRET = 'build-test-secret-0123456789';
    await import(${JSON.stringify(join(outDir, 'index.js'))});
    const { getTestServer } = await import('@google-cloud/functions-framework/testing');
    for (const name of ['sheetEdit', 'tick']) if (!getTestServer(name)) throw new Error('missing ' + name);
    console.log('ok');`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
    cwd: outDir,
    env: { ...process.env, METADATA_SERVER_DETECTION: 'none' },
  }).toString();
  expect(output.trim()).toBe('ok');
}
