import { describe, expect, it } from 'vitest';
import { editResponseSchema } from '../../functions/src/contract/edit-request.ts';
import type { EditResponse, RowResult } from '../../functions/src/contract/edit-request.ts';
import { parseEditResponse, parseErrorResponse } from '../../apps-script/src/edit-response.ts';

function ok(row: number, id: string | null = `MTG-${row}`): RowResult {
  return { row, id, status: 'OK', messages: [] };
}

function failed(row: number, status: string): RowResult {
  return { row, id: null, status, messages: [{ code: 'VALUE_REQUIRED', column: 'title', en: status, zh: status }] };
}

describe('parseEditResponse', () => {
  it('accepts what the server schema accepts', () => {
    const response: EditResponse = { results: [ok(2), failed(3, 'x')], idColumn: 1, statusColumn: 2 };
    expect(editResponseSchema.parse(response)).toEqual(response);
    expect(parseEditResponse(JSON.stringify(response))).toEqual(response);
  });

  it.each([
    ['not json', '<html>502</html>'],
    ['no results', '{}'],
    ['a result without status', '{"results":[{"row":2,"id":null,"messages":[]}]}'],
    ['a fractional row', '{"results":[{"row":2.5,"id":null,"status":"OK","messages":[]}]}'],
  ])('refuses %s', (_name, text) => {
    expect(parseEditResponse(text)).toBeUndefined();
  });

  it('a response whose computed values are not text is refused', () => {
    expect(parseEditResponse(JSON.stringify({ results: [{ ...ok(2), computed: { result: 3 } }] }))).toBeUndefined();
  });

  it('reads the bilingual reason of an error answer', () => {
    expect(parseErrorResponse('{"error":{"code":"REQUEST_INVALID","en":"Too many rows","zh":"行数过多"}}')).toEqual({ en: 'Too many rows', zh: '行数过多' });
    expect(parseErrorResponse('Internal Server Error')).toBeUndefined();
  });
});
