// Runs a StructuredQuery over one database at a read time: candidate collections, filters, the effective
// ordering (explicit orderBy, then implicit inequality fields, then __name__), cursors, offset, limit and
// projection, with the semantics of Firestore's backend.
import { type DatabaseStore, type StoredDocument, visibleVersion } from './database-store.ts';
import { DOCUMENT_ID_FIELD, formatFieldPath, getField, parseFieldPath, projectFields } from './field-paths.ts';
import { compareResourceNames, compareSegmentLists, parseDocumentsPath } from './resource-names.ts';
import { invalidArgument } from './rpc-error.ts';
import { type Value, compareValues, isNaNValue, normalizeValue, typeOrder, valueKind, valuesEqual } from './values.ts';

interface FieldReference {
  fieldPath?: string;
}

export interface FilterProto {
  compositeFilter?: { op?: string; filters?: FilterProto[] };
  fieldFilter?: { field?: FieldReference; op?: string; value?: Value };
  unaryFilter?: { op?: string; field?: FieldReference };
  filterType?: string;
}

export interface CursorProto {
  values?: Value[];
  before?: boolean;
}

export interface StructuredQuery {
  select?: { fields?: FieldReference[] };
  from?: Array<{ collectionId?: string; allDescendants?: boolean }>;
  where?: FilterProto;
  orderBy?: Array<{ field?: FieldReference; direction?: string }>;
  startAt?: CursorProto;
  endAt?: CursorProto;
  offset?: number;
  limit?: { value?: number } | number;
  findNearest?: unknown;
}

interface Ordering {
  segments: string[] | null; // null = document name
  descending: boolean;
}

type Matcher = (doc: StoredDocument) => boolean;

export interface CompiledQuery {
  parentSegments: string[];
  collectionId: string | undefined;
  allDescendants: boolean;
  matches: Matcher;
  orderings: Ordering[];
  startAt?: CursorProto;
  endAt?: CursorProto;
  offset: number;
  limit: number | undefined;
  projection: string[][] | undefined;
}

function fieldSegments(ref: FieldReference | undefined): string[] | null {
  const path = ref?.fieldPath;
  if (!path) throw invalidArgument('A filter or order needs a field path');
  return path === DOCUMENT_ID_FIELD ? null : parseFieldPath(path);
}

function fieldOf(doc: StoredDocument, segments: string[] | null): Value | undefined {
  return segments === null ? { referenceValue: doc.name } : getField(doc.fields, segments);
}

const INEQUALITY_OPS = new Set([
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL',
  'NOT_EQUAL',
  'NOT_IN',
]);

function isNull(value: Value): boolean {
  return valueKind(value) === 'nullValue';
}

function compileFilter(filter: FilterProto, inequalities: Map<string, string[] | null>): Matcher {
  if (filter.compositeFilter) {
    const parts = (filter.compositeFilter.filters ?? []).map((f) => compileFilter(f, inequalities));
    if (filter.compositeFilter.op === 'OR') return (doc) => parts.some((p) => p(doc));
    return (doc) => parts.every((p) => p(doc));
  }
  if (filter.unaryFilter) {
    const segments = fieldSegments(filter.unaryFilter.field);
    const op = filter.unaryFilter.op;
    if (op === 'IS_NOT_NULL' || op === 'IS_NOT_NAN') inequalities.set(filter.unaryFilter.field!.fieldPath!, segments);
    return (doc) => {
      const value = fieldOf(doc, segments);
      if (value === undefined) return false;
      switch (op) {
        case 'IS_NULL':
          return isNull(value);
        case 'IS_NAN':
          return isNaNValue(value);
        case 'IS_NOT_NULL':
          return !isNull(value);
        case 'IS_NOT_NAN':
          return !isNull(value) && !isNaNValue(value);
        default:
          throw invalidArgument(`Unsupported unary operator ${op}`);
      }
    };
  }
  if (filter.fieldFilter) {
    const { op = '' } = filter.fieldFilter;
    const segments = fieldSegments(filter.fieldFilter.field);
    if (!filter.fieldFilter.value) throw invalidArgument('A field filter needs a value');
    const operand = normalizeValue(filter.fieldFilter.value);
    if (INEQUALITY_OPS.has(op)) inequalities.set(filter.fieldFilter.field!.fieldPath!, segments);
    const list = (): Value[] => {
      if (!operand.arrayValue) throw invalidArgument(`'${op}' requires an array value`);
      return operand.arrayValue.values ?? [];
    };
    const comparable = (value: Value) => typeOrder(value) === typeOrder(operand);
    switch (op) {
      case 'EQUAL':
        return (doc) => {
          const v = fieldOf(doc, segments);
          return v !== undefined && valuesEqual(v, operand);
        };
      case 'NOT_EQUAL':
        return (doc) => {
          const v = fieldOf(doc, segments);
          return v !== undefined && !isNull(v) && !valuesEqual(v, operand);
        };
      case 'LESS_THAN':
        return (doc) => {
          const v = fieldOf(doc, segments);
          return v !== undefined && comparable(v) && compareValues(v, operand) < 0;
        };
      case 'LESS_THAN_OR_EQUAL':
        return (doc) => {
          const v = fieldOf(doc, segments);
          return v !== undefined && comparable(v) && compareValues(v, operand) <= 0;
        };
      case 'GREATER_THAN':
        return (doc) => {
          const v = fieldOf(doc, segments);
          return v !== undefined && comparable(v) && compareValues(v, operand) > 0;
        };
      case 'GREATER_THAN_OR_EQUAL':
        return (doc) => {
          const v = fieldOf(doc, segments);
          return v !== undefined && comparable(v) && compareValues(v, operand) >= 0;
        };
      case 'IN': {
        const values = list();
        // A string field is looked up in a set of the listed strings (exact equality is the same test), so an `in`
        // of 30 values over a large collection costs one lookup per document instead of 30 comparisons.
        // Integers likewise (stored integers are canonical decimal text), unless a double is listed: 2.0 equals 2.
        const strings = new Set(values.filter((x) => valueKind(x) === 'stringValue').map((x) => x.stringValue));
        const integers = values.some((x) => valueKind(x) === 'doubleValue')
          ? undefined
          : new Set(values.filter((x) => valueKind(x) === 'integerValue').map((x) => x.integerValue));
        return (doc) => {
          const v = fieldOf(doc, segments);
          if (v === undefined) return false;
          if (valueKind(v) === 'stringValue') return strings.has(v.stringValue);
          if (integers && valueKind(v) === 'integerValue') return integers.has(v.integerValue);
          return values.some((x) => valuesEqual(v, x));
        };
      }
      case 'NOT_IN': {
        const values = list();
        if (values.some(isNull)) return () => false;
        return (doc) => {
          const v = fieldOf(doc, segments);
          return v !== undefined && !isNull(v) && !values.some((x) => valuesEqual(v, x));
        };
      }
      case 'ARRAY_CONTAINS':
        return (doc) => {
          const v = fieldOf(doc, segments);
          return !!v?.arrayValue && (v.arrayValue.values ?? []).some((x) => valuesEqual(x, operand));
        };
      case 'ARRAY_CONTAINS_ANY': {
        const values = list();
        return (doc) => {
          const v = fieldOf(doc, segments);
          return !!v?.arrayValue && (v.arrayValue.values ?? []).some((x) => values.some((y) => valuesEqual(x, y)));
        };
      }
      default:
        throw invalidArgument(`Unsupported field filter operator ${op}`);
    }
  }
  throw invalidArgument('Empty filter');
}

export function compileQuery(parent: string, query: StructuredQuery): CompiledQuery {
  const from = query.from ?? [];
  if (from.length !== 1) throw invalidArgument('A query must name exactly one collection (from)');
  if (query.findNearest) throw invalidArgument('Vector search (findNearest) is not supported by this emulator');
  const parentSegments = parseDocumentsPath(parent).segments;
  const inequalities = new Map<string, string[] | null>();
  const matches = query.where ? compileFilter(query.where, inequalities) : () => true;

  const orderings: Ordering[] = [];
  const ordered = new Set<string>();
  for (const order of query.orderBy ?? []) {
    const path = order.field?.fieldPath ?? '';
    orderings.push({ segments: fieldSegments(order.field), descending: order.direction === 'DESCENDING' });
    ordered.add(path === DOCUMENT_ID_FIELD ? DOCUMENT_ID_FIELD : formatFieldPath(parseFieldPath(path)));
  }
  const lastDescending = orderings.length > 0 && orderings[orderings.length - 1]!.descending;
  const implicit = [...inequalities.entries()]
    .map(([_path, segments]) => ({ key: segments === null ? DOCUMENT_ID_FIELD : formatFieldPath(segments), segments }))
    .filter((f) => !ordered.has(f.key))
    .sort((a, b) => compareFieldPaths(a.segments, b.segments));
  for (const field of implicit) {
    if (field.segments === null) continue;
    orderings.push({ segments: field.segments, descending: lastDescending });
    ordered.add(field.key);
  }
  if (!ordered.has(DOCUMENT_ID_FIELD)) orderings.push({ segments: null, descending: lastDescending });

  const limit = typeof query.limit === 'number' ? query.limit : query.limit?.value;
  const projection = query.select?.fields
    ?.map((f) => f.fieldPath ?? '')
    .filter((p) => p !== DOCUMENT_ID_FIELD)
    .map(parseFieldPath);

  return {
    parentSegments,
    collectionId: from[0]!.collectionId || undefined,
    allDescendants: !!from[0]!.allDescendants,
    matches,
    orderings,
    startAt: query.startAt,
    endAt: query.endAt,
    offset: query.offset ?? 0,
    limit: limit === undefined || limit === null ? undefined : limit,
    projection: query.select ? (projection ?? []) : undefined,
  };
}

function compareFieldPaths(a: string[] | null, b: string[] | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return compareSegmentLists(a, b);
}

function compareByOrderings(orderings: Ordering[], a: StoredDocument, b: StoredDocument): number {
  for (const ordering of orderings) {
    const c =
      ordering.segments === null
        ? compareResourceNames(a.name, b.name)
        : compareValues(fieldOf(a, ordering.segments)!, fieldOf(b, ordering.segments)!);
    if (c !== 0) return ordering.descending ? -c : c;
  }
  return 0;
}

/** Position of a document relative to a cursor: <0 before it, 0 at it, >0 after it (in query order). */
function compareToCursor(orderings: Ordering[], doc: StoredDocument, cursor: Value[]): number {
  for (let i = 0; i < cursor.length && i < orderings.length; i++) {
    const ordering = orderings[i]!;
    let c: number;
    if (ordering.segments === null) {
      const cursorValue = cursor[i]!;
      if (cursorValue.referenceValue === undefined)
        throw invalidArgument('A cursor on __name__ must be a document reference');
      c = compareResourceNames(doc.name, cursorValue.referenceValue);
    } else {
      c = compareValues(fieldOf(doc, ordering.segments)!, normalizeValue(cursor[i]!));
    }
    if (c !== 0) return ordering.descending ? -c : c;
  }
  return 0;
}

/** The documents a query considers, in document-name order when that order comes for free. */
function* candidates(
  db: DatabaseStore,
  query: CompiledQuery,
  readTime: bigint | undefined,
): IterableIterator<StoredDocument> {
  if (!query.allDescendants) {
    const collection = db.collection([...query.parentSegments, query.collectionId ?? '']);
    if (!collection) return;
    for (const entry of collection.docs.values()) {
      const doc = visibleVersion(entry, readTime);
      if (doc) yield doc;
    }
    return;
  }
  for (const collection of db.collectionsUnder(query.parentSegments, query.collectionId)) {
    for (const entry of collection.docs.values()) {
      const doc = visibleVersion(entry, readTime);
      if (doc) yield doc;
    }
  }
}

export function runCompiledQuery(
  db: DatabaseStore,
  query: CompiledQuery,
  readTime: bigint | undefined,
): StoredDocument[] {
  const { orderings } = query;
  const nameOrderOnly = orderings.length === 1 && orderings[0]!.segments === null && !orderings[0]!.descending;
  const presorted = nameOrderOnly && !query.allDescendants;
  const matched: StoredDocument[] = [];
  // With a single collection in name order, a limit without an end cursor lets the scan stop early.
  const stopAfter = presorted && query.limit !== undefined && !query.endAt ? query.offset + query.limit : Infinity;
  for (const doc of candidates(db, query, readTime)) {
    if (!query.matches(doc)) continue;
    if (orderings.some((o) => o.segments !== null && fieldOf(doc, o.segments) === undefined)) continue;
    if (query.startAt && !passesStart(query, doc)) continue;
    matched.push(doc);
    if (matched.length >= stopAfter) break;
  }
  if (!presorted) matched.sort((a, b) => compareByOrderings(orderings, a, b));
  let results = matched;
  if (query.endAt) {
    const end = query.endAt;
    results = results.filter((doc) => {
      const c = compareToCursor(orderings, doc, end.values ?? []);
      return end.before ? c < 0 : c <= 0;
    });
  }
  const start = Math.max(0, query.offset);
  const end = query.limit === undefined ? undefined : start + Math.max(0, query.limit);
  results = results.slice(start, end);
  return results;
}

function passesStart(query: CompiledQuery, doc: StoredDocument): boolean {
  const start = query.startAt!;
  const c = compareToCursor(query.orderings, doc, start.values ?? []);
  return start.before ? c >= 0 : c > 0;
}

export function projectDocument(doc: StoredDocument, projection: string[][] | undefined): StoredDocument {
  if (!projection) return doc;
  return { ...doc, fields: projectFields(doc.fields, projection) };
}
