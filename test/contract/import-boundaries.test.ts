// The rules a linter will enforce later, checked now: contract/ is bundled into Apps Script, so it imports only
// contract/; apps-script/ reaches into functions/ only through contract/.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../support/source-files.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const contractDir = join(root, 'functions/src/contract');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*from\s+['"]([^'"]+)['"]/gmu)].map(
    (match) => match[1] as string,
  );
}

describe('import boundaries', () => {
  it('contract/ imports nothing outside contract/ (no npm packages, no node: built-ins)', () => {
    const outside = sourceFiles(contractDir).flatMap((file) =>
      importsOf(file)
        .filter((spec) => !spec.startsWith('.') || !resolve(dirname(file), spec).startsWith(contractDir))
        .map((spec) => `${relative(root, file)} → ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('apps-script/ imports from functions/ only through contract/', () => {
    const functionsDir = join(root, 'functions');
    const outside = sourceFiles(join(root, 'apps-script/src')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(file), spec))
        .filter((target) => target.startsWith(functionsDir) && !target.startsWith(contractDir))
        .map((target) => `${relative(root, file)} → ${relative(root, target)}`),
    );
    expect(outside).toEqual([]);
  });
});
