// Reads the sheetEdit function's answers inside Apps Script: just enough checking for the write-back to fail
// safely on a malformed answer.
import type { CellWrite, EditResponse, RowResult } from '../../functions/src/contract/edit-request.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isCellWrite(value: unknown): value is CellWrite {
  return (
    isRecord(value) &&
    typeof value.column === 'number' &&
    Number.isInteger(value.column) &&
    typeof value.value === 'string'
  );
}

function isRowResult(value: unknown): value is RowResult {
  return (
    isRecord(value) &&
    typeof value.row === 'number' &&
    Number.isInteger(value.row) &&
    (value.id === null || typeof value.id === 'string') &&
    typeof value.status === 'string' &&
    Array.isArray(value.messages) &&
    // The cells are what gets written: an answer without them cannot be written back.
    Array.isArray(value.cells) &&
    value.cells.every(isCellWrite)
  );
}

/**
 * Checks just what the write-back relies on. The full zod schema stays on the server: shipping zod to Apps
 * Script would multiply the bundle for a check that a malformed answer only needs to fail safely.
 */
export function parseEditResponse(text: string): EditResponse | undefined {
  const body = parseJson(text);
  if (!isRecord(body) || !Array.isArray(body.results) || !body.results.every(isRowResult)) return undefined;
  const optionalColumn = (value: unknown): number | undefined =>
    typeof value === 'number' && Number.isInteger(value) ? value : undefined;
  const idColumn = optionalColumn(body.idColumn);
  const statusColumn = optionalColumn(body.statusColumn);
  return {
    results: body.results,
    ...(idColumn === undefined ? {} : { idColumn }),
    ...(statusColumn === undefined ? {} : { statusColumn }),
  };
}

/** The bilingual reason of a non-2xx answer shaped like EditErrorResponse, if the server sent one. */
export function parseErrorResponse(text: string): { en: string; zh: string } | undefined {
  const body = parseJson(text);
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { en, zh } = body.error;
  return typeof en === 'string' && typeof zh === 'string' && en !== '' ? { en, zh: zh === '' ? en : zh } : undefined;
}
