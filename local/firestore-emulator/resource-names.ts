// Resource names: projects/{project}/databases/{database}/documents/{collection}/{doc}/...
// Documents are ordered segment by segment; numeric IDs (__id123__) sort before string IDs.
import { compareUtf8 } from './values.ts';

const NUMERIC_ID = /^__id(-?\d+)__$/;

function mayBeNumericId(segment: string): boolean {
  return (
    segment.length > 6 && segment.charCodeAt(0) === 95 && segment.charCodeAt(1) === 95 && segment.startsWith('__id')
  );
}

export function compareSegments(a: string, b: string): number {
  if (a === b) return 0;
  // Document IDs are compared on every skip-list step, so the regex only runs for likely numeric IDs.
  const an = mayBeNumericId(a) ? NUMERIC_ID.exec(a) : null;
  const bn = mayBeNumericId(b) ? NUMERIC_ID.exec(b) : null;
  if (an && bn) {
    const x = BigInt(an[1]!);
    const y = BigInt(bn[1]!);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (an) return -1;
  if (bn) return 1;
  return compareUtf8(a, b);
}

export function compareSegmentLists(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const c = compareSegments(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

export function compareResourceNames(a: string, b: string): number {
  if (a === b) return 0;
  return compareSegmentLists(a.split('/'), b.split('/'));
}

export interface DocumentsPath {
  /** projects/{p}/databases/{d} */
  database: string;
  /** Segments below .../documents; even length for a document, odd for a collection, 0 for the root. */
  segments: string[];
}

export class InvalidNameError extends Error {}

/** Parses `projects/p/databases/d/documents[/...]`. */
export function parseDocumentsPath(name: string): DocumentsPath {
  const parts = name.split('/');
  if (parts.length < 5 || parts[0] !== 'projects' || parts[2] !== 'databases' || parts[4] !== 'documents') {
    throw new InvalidNameError(`Invalid resource name: ${name}`);
  }
  const segments = parts.slice(5);
  if (segments.some((s) => s === '')) throw new InvalidNameError(`Invalid resource name: ${name}`);
  return { database: parts.slice(0, 4).join('/'), segments };
}

export function parseDocumentName(name: string): DocumentsPath {
  const parsed = parseDocumentsPath(name);
  if (parsed.segments.length === 0 || parsed.segments.length % 2 !== 0) {
    throw new InvalidNameError(`Document name "${name}" has odd number of segments`);
  }
  return parsed;
}

export function parseDatabaseName(database: string): { projectId: string; databaseId: string } {
  const parts = database.split('/');
  if (parts.length !== 4 || parts[0] !== 'projects' || parts[2] !== 'databases' || !parts[1] || !parts[3]) {
    throw new InvalidNameError(`Invalid database name: ${database}`);
  }
  return { projectId: parts[1], databaseId: parts[3] };
}

export function documentName(database: string, segments: readonly string[]): string {
  return segments.length === 0 ? `${database}/documents` : `${database}/documents/${segments.join('/')}`;
}
