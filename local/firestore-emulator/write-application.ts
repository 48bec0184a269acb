// Applies one Write (update with mask and transforms, delete, legacy transform) to the current version of
// a document, checking its precondition. Pure: returns the new version; the caller installs it.
import type { StoredDocument } from './database-store.ts';
import { cloneFields, cloneValue, deleteField, getField, parseFieldPath, setField } from './field-paths.ts';
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from './rpc-error.ts';
import {
  type Fields,
  type TimestampProto,
  type Value,
  NULL_VALUE,
  compareNumbers,
  fieldsEqual,
  isNaNValue,
  isNumber,
  nanosToTimestamp,
  normalizeFields,
  normalizeValue,
  timestampToNanos,
  valuesEqual,
} from './values.ts';

export interface FieldTransform {
  fieldPath?: string;
  setToServerValue?: string | number;
  increment?: Value;
  maximum?: Value;
  minimum?: Value;
  appendMissingElements?: { values?: Value[] };
  removeAllFromArray?: { values?: Value[] };
}

export interface Precondition {
  exists?: boolean;
  updateTime?: TimestampProto;
  conditionType?: string;
}

export interface WriteProto {
  update?: { name?: string; fields?: Fields };
  delete?: string;
  transform?: { document?: string; fieldTransforms?: FieldTransform[] };
  updateMask?: { fieldPaths?: string[] };
  updateTransforms?: FieldTransform[];
  currentDocument?: Precondition;
  operation?: string;
}

export interface AppliedWrite {
  after: StoredDocument | null;
  updateTime?: bigint;
  transformResults: Value[];
}

export function writeTarget(write: WriteProto): string {
  const name = write.update?.name ?? write.delete ?? write.transform?.document;
  if (!name) throw invalidArgument('A write must have an update, delete or transform');
  return name;
}

function checkPrecondition(
  name: string,
  existing: StoredDocument | null,
  precondition: Precondition | undefined,
): void {
  if (!precondition) return;
  if (
    precondition.exists !== undefined &&
    (precondition.conditionType === undefined || precondition.conditionType === 'exists')
  ) {
    if (precondition.exists && !existing) throw notFound(`No document to update: ${name}`);
    if (!precondition.exists && existing) throw alreadyExists(`Document already exists: ${name}`);
  }
  if (
    precondition.updateTime !== undefined &&
    (precondition.conditionType === undefined || precondition.conditionType === 'updateTime')
  ) {
    if (!existing)
      throw failedPrecondition(`the document ${name} does not exist, so it cannot have the required update time`);
    if (existing.updateTime !== timestampToNanos(precondition.updateTime)) {
      throw failedPrecondition(
        `the stored version (${formatTime(existing.updateTime)}) does not match the required base version ` +
          `(${formatTime(timestampToNanos(precondition.updateTime))})`,
      );
    }
  }
}

function formatTime(nanos: bigint): string {
  const ts = nanosToTimestamp(nanos);
  return `${ts.seconds}.${String(ts.nanos).padStart(9, '0')}`;
}

export function applyWrite(write: WriteProto, existing: StoredDocument | null, commitTime: bigint): AppliedWrite {
  const name = writeTarget(write);
  checkPrecondition(name, existing, write.currentDocument);

  if (write.delete !== undefined && write.update === undefined) {
    return { after: null, transformResults: [] };
  }

  let fields: Fields;
  let transforms: FieldTransform[];
  if (write.update) {
    const incoming = normalizeFields(write.update.fields ?? {});
    if (write.updateMask) {
      fields = existing ? cloneFields(existing.fields) : {};
      for (const path of write.updateMask.fieldPaths ?? []) {
        const segments = parseFieldPath(path);
        const value = getField(incoming, segments);
        if (value === undefined) deleteField(fields, segments);
        else setField(fields, segments, cloneValue(value));
      }
    } else {
      fields = incoming;
    }
    transforms = write.updateTransforms ?? [];
  } else {
    fields = existing ? cloneFields(existing.fields) : {};
    transforms = write.transform?.fieldTransforms ?? [];
  }

  const transformResults = transforms.map((transform) => applyTransform(fields, transform, commitTime));

  if (existing && fieldsEqual(existing.fields, fields)) {
    // Firestore keeps the old update time when a write does not change the document.
    return { after: existing, updateTime: existing.updateTime, transformResults };
  }
  const after: StoredDocument = {
    name,
    fields,
    createTime: existing ? existing.createTime : commitTime,
    updateTime: commitTime,
  };
  return { after, updateTime: commitTime, transformResults };
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

function addNumbers(current: Value, operand: Value): Value {
  if (current.integerValue !== undefined && operand.integerValue !== undefined) {
    let sum = BigInt(current.integerValue) + BigInt(operand.integerValue);
    if (sum > INT64_MAX) sum = INT64_MAX;
    if (sum < INT64_MIN) sum = INT64_MIN;
    return { integerValue: sum.toString() };
  }
  const a = current.integerValue !== undefined ? Number(current.integerValue) : current.doubleValue!;
  const b = operand.integerValue !== undefined ? Number(operand.integerValue) : operand.doubleValue!;
  return { doubleValue: a + b };
}

function applyTransform(fields: Fields, transform: FieldTransform, commitTime: bigint): Value {
  if (!transform.fieldPath) throw invalidArgument('A field transform needs a field path');
  const segments = parseFieldPath(transform.fieldPath);
  const current = getField(fields, segments);
  let result: Value;
  let reported: Value;

  if (transform.setToServerValue !== undefined) {
    // REQUEST_TIME has millisecond precision (write.proto), unlike commit times (microseconds).
    result = { timestampValue: nanosToTimestamp(commitTime - (commitTime % 1_000_000n)) };
    reported = result;
  } else if (transform.increment) {
    const operand = normalizeValue(transform.increment);
    if (!isNumber(operand)) throw invalidArgument('Increment operand must be a number');
    result = current && isNumber(current) ? addNumbers(current, operand) : operand;
    reported = result;
  } else if (transform.maximum || transform.minimum) {
    const operand = normalizeValue((transform.maximum ?? transform.minimum)!);
    if (!isNumber(operand)) throw invalidArgument('Maximum/minimum operand must be a number');
    const wantMax = transform.maximum !== undefined;
    if (!current || !isNumber(current)) result = operand;
    else if (isNaNValue(current) || isNaNValue(operand)) result = isNaNValue(current) ? current : operand;
    else {
      const order = compareNumbers(operand, current);
      result = (wantMax ? order > 0 : order < 0) ? operand : current;
    }
    reported = result;
  } else if (transform.appendMissingElements) {
    const values = current?.arrayValue ? [...(current.arrayValue.values ?? [])] : [];
    for (const element of (transform.appendMissingElements.values ?? []).map(normalizeValue)) {
      if (!values.some((v) => valuesEqual(v, element))) values.push(element);
    }
    result = { arrayValue: { values } };
    reported = NULL_VALUE;
  } else if (transform.removeAllFromArray) {
    const remove = (transform.removeAllFromArray.values ?? []).map(normalizeValue);
    const values = (current?.arrayValue?.values ?? []).filter((v) => !remove.some((r) => valuesEqual(v, r)));
    result = { arrayValue: { values } };
    reported = NULL_VALUE;
  } else {
    throw invalidArgument(`Unsupported field transform on ${transform.fieldPath}`);
  }
  setField(fields, segments, result);
  return reported;
}
