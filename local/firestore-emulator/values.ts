// Firestore values as decoded from the wire (proto3 JSON-ish objects from @grpc/proto-loader), with the
// documented cross-type ordering: null < boolean < number < timestamp < string < bytes < reference <
// geopoint < array < vector < map. Integers and doubles are one "number" type and compare by value.
import { compareResourceNames } from './resource-names.ts';

export interface TimestampProto {
  seconds?: string | number;
  nanos?: number;
}

export interface Value {
  nullValue?: string | number | null;
  booleanValue?: boolean;
  integerValue?: string | number;
  doubleValue?: number;
  timestampValue?: TimestampProto;
  stringValue?: string;
  bytesValue?: Uint8Array;
  referenceValue?: string;
  geoPointValue?: { latitude?: number; longitude?: number };
  arrayValue?: { values?: Value[] };
  mapValue?: { fields?: Record<string, Value> };
  valueType?: string;
}

export type Fields = Record<string, Value>;

export type ValueKind =
  | 'nullValue'
  | 'booleanValue'
  | 'integerValue'
  | 'doubleValue'
  | 'timestampValue'
  | 'stringValue'
  | 'bytesValue'
  | 'referenceValue'
  | 'geoPointValue'
  | 'arrayValue'
  | 'mapValue';

const KINDS: ValueKind[] = [
  'nullValue',
  'booleanValue',
  'integerValue',
  'doubleValue',
  'timestampValue',
  'stringValue',
  'bytesValue',
  'referenceValue',
  'geoPointValue',
  'arrayValue',
  'mapValue',
];

export function valueKind(value: Value): ValueKind {
  if (value.valueType && (KINDS as string[]).includes(value.valueType)) return value.valueType as ValueKind;
  for (const kind of KINDS) if (value[kind] !== undefined) return kind;
  throw new InvalidValueError('Value has no value type set');
}

export class InvalidValueError extends Error {}

export const NULL_VALUE: Value = { nullValue: 'NULL_VALUE' };

export function integerValue(n: bigint): Value {
  return { integerValue: n.toString() };
}

export function doubleValue(n: number): Value {
  return { doubleValue: n };
}

export function isVector(value: Value): boolean {
  const fields = value.mapValue?.fields;
  return fields?.__type__?.stringValue === '__vector__' && fields.value?.arrayValue !== undefined;
}

/** The position of a value's type in Firestore's cross-type order. */
export function typeOrder(value: Value): number {
  switch (valueKind(value)) {
    case 'nullValue':
      return 0;
    case 'booleanValue':
      return 1;
    case 'integerValue':
    case 'doubleValue':
      return 2;
    case 'timestampValue':
      return 3;
    case 'stringValue':
      return 4;
    case 'bytesValue':
      return 5;
    case 'referenceValue':
      return 6;
    case 'geoPointValue':
      return 7;
    case 'arrayValue':
      return 8;
    case 'mapValue':
      return isVector(value) ? 9 : 10;
  }
}

export function isNumber(value: Value): boolean {
  const kind = valueKind(value);
  return kind === 'integerValue' || kind === 'doubleValue';
}

export function isNaNValue(value: Value): boolean {
  return value.doubleValue !== undefined && Number.isNaN(value.doubleValue);
}

export function toBigInt(value: Value): bigint {
  return BigInt(value.integerValue ?? 0);
}

export function toNumber(value: Value): number {
  return value.integerValue !== undefined ? Number(value.integerValue) : (value.doubleValue ?? 0);
}

function sign(n: number | bigint): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

const INT64_LIMIT = 2 ** 63;

function compareIntDouble(i: bigint, d: number): number {
  if (Number.isNaN(d)) return 1;
  if (d >= INT64_LIMIT) return -1;
  if (d < -INT64_LIMIT) return 1;
  const truncated = BigInt(Math.trunc(d));
  if (i !== truncated) return sign(i - truncated);
  // Equal integer parts: the fraction decides.
  return sign(Math.trunc(d) - d);
}

export function compareNumbers(a: Value, b: Value): number {
  const aInt = a.integerValue !== undefined;
  const bInt = b.integerValue !== undefined;
  if (aInt && bInt) return sign(toBigInt(a) - toBigInt(b));
  if (aInt) return compareIntDouble(toBigInt(a), b.doubleValue ?? 0);
  if (bInt) return -compareIntDouble(toBigInt(b), a.doubleValue ?? 0);
  const x = a.doubleValue ?? 0;
  const y = b.doubleValue ?? 0;
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** UTF-8 byte order, which is code point order (UTF-16 code unit order differs above U+FFFF). */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function timestampToNanos(ts: TimestampProto | undefined): bigint {
  return BigInt(ts?.seconds ?? 0) * 1_000_000_000n + BigInt(ts?.nanos ?? 0);
}

export function nanosToTimestamp(nanos: bigint): { seconds: string; nanos: number } {
  let seconds = nanos / 1_000_000_000n;
  let rest = nanos % 1_000_000_000n;
  if (rest < 0n) {
    rest += 1_000_000_000n;
    seconds -= 1n;
  }
  return { seconds: seconds.toString(), nanos: Number(rest) };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function compareArrays(a: Value[], b: Value[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

export function sortedKeys(fields: Fields): string[] {
  return Object.keys(fields).sort(compareUtf8);
}

function compareMaps(a: Fields, b: Fields): number {
  const aKeys = sortedKeys(a);
  const bKeys = sortedKeys(b);
  const length = Math.min(aKeys.length, bKeys.length);
  for (let i = 0; i < length; i++) {
    const keyOrder = compareUtf8(aKeys[i]!, bKeys[i]!);
    if (keyOrder !== 0) return keyOrder;
    const c = compareValues(a[aKeys[i]!]!, b[bKeys[i]!]!);
    if (c !== 0) return c;
  }
  return sign(aKeys.length - bKeys.length);
}

function vectorElements(value: Value): Value[] {
  return value.mapValue?.fields?.value?.arrayValue?.values ?? [];
}

/** Total order over all values, as Firestore sorts them. */
export function compareValues(a: Value, b: Value): number {
  const ta = typeOrder(a);
  const tb = typeOrder(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  switch (valueKind(a)) {
    case 'nullValue':
      return 0;
    case 'booleanValue':
      return sign(Number(a.booleanValue) - Number(b.booleanValue));
    case 'integerValue':
    case 'doubleValue':
      return compareNumbers(a, b);
    case 'timestampValue':
      return sign(timestampToNanos(a.timestampValue) - timestampToNanos(b.timestampValue));
    case 'stringValue':
      return compareUtf8(a.stringValue ?? '', b.stringValue ?? '');
    case 'bytesValue':
      return compareBytes(a.bytesValue ?? new Uint8Array(), b.bytesValue ?? new Uint8Array());
    case 'referenceValue':
      return compareResourceNames(a.referenceValue ?? '', b.referenceValue ?? '');
    case 'geoPointValue': {
      const lat = sign((a.geoPointValue?.latitude ?? 0) - (b.geoPointValue?.latitude ?? 0));
      return lat !== 0 ? lat : sign((a.geoPointValue?.longitude ?? 0) - (b.geoPointValue?.longitude ?? 0));
    }
    case 'arrayValue':
      return compareArrays(a.arrayValue?.values ?? [], b.arrayValue?.values ?? []);
    case 'mapValue':
      if (ta === 9) {
        const av = vectorElements(a);
        const bv = vectorElements(b);
        return av.length !== bv.length ? sign(av.length - bv.length) : compareArrays(av, bv);
      }
      return compareMaps(a.mapValue?.fields ?? {}, b.mapValue?.fields ?? {});
  }
}

/** Equality as used by ==, in, array-contains and array transforms: NaN equals NaN, 1 equals 1.0, -0 equals 0. */
export function valuesEqual(a: Value, b: Value): boolean {
  return typeOrder(a) === typeOrder(b) && compareValues(a, b) === 0;
}

/** Strips the virtual oneof marker and normalises integers to strings, so stored values are canonical. */
export function normalizeValue(value: Value): Value {
  const kind = valueKind(value);
  switch (kind) {
    case 'nullValue':
      return { nullValue: 'NULL_VALUE' };
    case 'integerValue':
      return { integerValue: BigInt(value.integerValue ?? 0).toString() };
    case 'timestampValue': {
      // Firestore keeps timestamp values to the microsecond; finer digits are dropped.
      const ts = value.timestampValue ?? {};
      const nanos = ts.nanos ?? 0;
      return { timestampValue: { seconds: String(ts.seconds ?? 0), nanos: nanos - (nanos % 1000) } };
    }
    case 'bytesValue':
      return { bytesValue: Buffer.from(value.bytesValue ?? new Uint8Array()) };
    case 'arrayValue':
      return { arrayValue: { values: (value.arrayValue?.values ?? []).map(normalizeValue) } };
    case 'mapValue':
      return { mapValue: { fields: normalizeFields(value.mapValue?.fields ?? {}) } };
    default:
      return { [kind]: value[kind] } as Value;
  }
}

export function normalizeFields(fields: Fields): Fields {
  const out: Fields = {};
  for (const key of Object.keys(fields)) out[key] = normalizeValue(fields[key]!);
  return out;
}

export function fieldsEqual(a: Fields, b: Fields): boolean {
  return compareMaps(a, b) === 0 && deepTypesEqual({ mapValue: { fields: a } }, { mapValue: { fields: b } });
}

// compareValues treats 1 and 1.0 as equal; a write that turns 1 into 1.0 is still a change.
function deepTypesEqual(a: Value, b: Value): boolean {
  const kind = valueKind(a);
  if (kind !== valueKind(b)) return false;
  if (kind === 'doubleValue') return Object.is(a.doubleValue, b.doubleValue) || a.doubleValue === b.doubleValue;
  if (kind === 'arrayValue') {
    const av = a.arrayValue?.values ?? [];
    const bv = b.arrayValue?.values ?? [];
    return av.length === bv.length && av.every((v, i) => deepTypesEqual(v, bv[i]!));
  }
  if (kind === 'mapValue') {
    const af = a.mapValue?.fields ?? {};
    const bf = b.mapValue?.fields ?? {};
    const keys = Object.keys(af);
    return (
      keys.length === Object.keys(bf).length && keys.every((k) => bf[k] !== undefined && deepTypesEqual(af[k]!, bf[k]!))
    );
  }
  return true;
}
