// Google FieldMask strings as batchUpdate requests use them: "title,gridProperties.frozenRowCount",
// "gridProperties(frozenRowCount,frozenColumnCount)", "userEnteredValue", "*".
import { invalidArgument } from './api-error.ts';

export type FieldPath = string[];

export function parseFieldMask(mask: string | null | undefined, everything: readonly string[]): FieldPath[] {
  const text = (mask ?? '').replace(/\s+/g, '');
  if (text === '') throw invalidArgument("At least one field must be specified in 'fields'.");
  const paths: FieldPath[] = [];
  parseList(text, 0, [], paths, mask ?? '');
  return paths.flatMap((path) => (path.length === 1 && path[0] === '*' ? everything.map((key) => [key]) : [path]));
}

// Returns the index just past the list it consumed (at a ')' or the end of the text).
function parseList(text: string, from: number, prefix: FieldPath, out: FieldPath[], original: string): number {
  let index = from;
  for (;;) {
    const name = /^[A-Za-z0-9_*.]+/.exec(text.slice(index))?.[0];
    if (!name) throw invalidArgument(`Invalid field mask: ${original}`);
    index += name.length;
    const path = [...prefix, ...name.split('.')];
    if (text[index] === '(') {
      index = parseList(text, index + 1, path, out, original);
      if (text[index] !== ')') throw invalidArgument(`Invalid field mask: ${original}`);
      index += 1;
    } else {
      out.push(path);
    }
    if (text[index] === ',') {
      index += 1;
      continue;
    }
    return index;
  }
}

/** Copies each masked path from source to target; a path absent in source is cleared in target. */
export function applyFieldMask(
  target: Record<string, unknown>,
  source: Record<string, unknown> | undefined,
  paths: FieldPath[],
): void {
  for (const path of paths) copyPath(target, source, path);
}

function copyPath(target: Record<string, unknown>, source: Record<string, unknown> | undefined, path: FieldPath): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const sourceValue = source?.[head];
  if (rest.length === 0 || (rest.length === 1 && rest[0] === '*')) {
    if (sourceValue === undefined || sourceValue === null) delete target[head];
    else target[head] = structuredClone(sourceValue);
    return;
  }
  const child = isRecord(target[head]) ? (target[head] as Record<string, unknown>) : {};
  copyPath(child, isRecord(sourceValue) ? sourceValue : undefined, rest);
  if (Object.keys(child).length > 0) target[head] = child;
  else delete target[head];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
