import { describe, expect, it } from 'vitest';
import type { EditResponse, RowResult } from '../../functions/src/contract/edit-request.ts';
import { editResponseSchema } from '../../functions/src/domain/workbook/edit-request-schema.ts';
import { parseEditResponse, parseErrorResponse } from '../../apps-script/src/edit-response.ts';

function ok(row: number, id: string | null = `MTG-${row}`): RowResult {
  return {
    row,
    id,
    status: 'OK',
    messages: [],
    cells: [
      { column: 1, value: id ?? '' },
      { column: 2, value: 'OK' },
    ],
  };
}

function failed(row: number, status: string): RowResult {
  const messages = [{ code: 'VALUE_REQUIRED', column: 'title', en: status, zh: status }];
  return {
    row,
    id: null,
    status,
    messages,
    cells: [
      { column: 1, value: '' },
      { column: 2, value: status },
    ],
  };
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
    ['a fractional row', '{"results":[{"row":2.5,"id":null,"status":"OK","messages":[],"cells":[]}]}'],
    ['a result without the cells to write', '{"results":[{"row":2,"id":null,"status":"OK","messages":[]}]}'],
    [
      'a cell without a column',
      '{"results":[{"row":2,"id":null,"status":"OK","messages":[],"cells":[{"value":"x"}]}]}',
    ],
  ])('refuses %s', (_name, text) => {
    expect(parseEditResponse(text)).toBeUndefined();
  });

  it('a response whose cell values are not text is refused', () => {
    expect(
      parseEditResponse(JSON.stringify({ results: [{ ...ok(2), cells: [{ column: 3, value: 3 }] }] })),
    ).toBeUndefined();
  });

  it('reads the bilingual reason of an error answer', () => {
    expect(parseErrorResponse('{"error":{"code":"REQUEST_INVALID","en":"Too many rows","zh":"行数过多"}}')).toEqual({
      en: 'Too many rows',
      zh: '行数过多',
    });
    expect(parseErrorResponse('Internal Server Error')).toBeUndefined();
  });
});
