// Field paths as Firestore writes them: dot-separated segments, where a segment that is not a plain
// identifier is quoted in backticks with \` and \\ escapes (`we.ird`.`x y`).
import type { Fields, Value } from './values.ts';

export class InvalidFieldPathError extends Error {}

const SIMPLE_SEGMENT = /^[A-Za-z_][A-Za-z_0-9]*$/;

export function parseFieldPath(path: string): string[] {
  if (path === '') throw new InvalidFieldPathError('Field path must not be empty');
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    let segment = '';
    if (path[i] === '`') {
      i++;
      let closed = false;
      while (i < path.length) {
        const ch = path[i]!;
        if (ch === '\\' && i + 1 < path.length) {
          segment += path[i + 1];
          i += 2;
        } else if (ch === '`') {
          closed = true;
          i++;
          break;
        } else {
          segment += ch;
          i++;
        }
      }
      if (!closed) throw new InvalidFieldPathError(`Unterminated backtick in field path: ${path}`);
    } else {
      while (i < path.length && path[i] !== '.') segment += path[i++];
    }
    if (segment === '') throw new InvalidFieldPathError(`Invalid field path: ${path}`);
    segments.push(segment);
    if (i < path.length) {
      if (path[i] !== '.') throw new InvalidFieldPathError(`Invalid field path: ${path}`);
      i++;
      if (i === path.length) throw new InvalidFieldPathError(`Invalid field path: ${path}`);
    }
  }
  return segments;
}

export function formatFieldPath(segments: readonly string[]): string {
  return segments
    .map((s) => (SIMPLE_SEGMENT.test(s) ? s : `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``))
    .join('.');
}

export const DOCUMENT_ID_FIELD = '__name__';

export function getField(fields: Fields, segments: readonly string[]): Value | undefined {
  let current: Value | undefined = fields[segments[0]!];
  for (let i = 1; i < segments.length; i++) {
    const map = current?.mapValue;
    if (!map) return undefined;
    current = map.fields?.[segments[i]!];
  }
  return current;
}

/** Sets a value, creating intermediate maps and replacing non-map values in the way. Mutates `fields`. */
export function setField(fields: Fields, segments: readonly string[], value: Value): void {
  let container = fields;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i]!;
    let next = container[key];
    if (!next?.mapValue) {
      next = { mapValue: { fields: {} } };
      container[key] = next;
    }
    next.mapValue!.fields ??= {};
    container = next.mapValue!.fields!;
  }
  container[segments[segments.length - 1]!] = value;
}

/** Deletes a value if present. Mutates `fields`. */
export function deleteField(fields: Fields, segments: readonly string[]): void {
  let container: Fields | undefined = fields;
  for (let i = 0; i < segments.length - 1; i++) {
    container = container?.[segments[i]!]?.mapValue?.fields;
    if (!container) return;
  }
  delete container[segments[segments.length - 1]!];
}

/** A deep copy that shares nothing mutable with the original. */
export function cloneFields(fields: Fields): Fields {
  const out: Fields = {};
  for (const key of Object.keys(fields)) out[key] = cloneValue(fields[key]!);
  return out;
}

export function cloneValue(value: Value): Value {
  if (value.mapValue) return { mapValue: { fields: cloneFields(value.mapValue.fields ?? {}) } };
  if (value.arrayValue) return { arrayValue: { values: (value.arrayValue.values ?? []).map(cloneValue) } };
  return value;
}

/** Keeps only the given field paths (a projection / DocumentMask). */
export function projectFields(fields: Fields, paths: ReadonlyArray<readonly string[]>): Fields {
  const out: Fields = {};
  for (const segments of paths) {
    const value = getField(fields, segments);
    if (value !== undefined) setField(out, segments, cloneValue(value));
  }
  return out;
}
