import { describe, expect, it } from 'vitest';
import {
  columnIndexFromLetters,
  columnLetters,
  formatA1Range,
  formatSheetTitle,
  parseA1Range,
} from '../../local/workspace-emulator/a1-notation.ts';

describe('parseA1Range', () => {
  it.each([
    [
      "'Sheet 1'!A1:C3",
      { sheetTitle: 'Sheet 1', wholeSheet: false, startRow: 0, endRow: 3, startColumn: 0, endColumn: 3 },
    ],
    ["'It''s'!B2", { sheetTitle: "It's", wholeSheet: false, startRow: 1, endRow: 2, startColumn: 1, endColumn: 2 }],
    ["'a!b'!A1", { sheetTitle: 'a!b', wholeSheet: false, startRow: 0, endRow: 1, startColumn: 0, endColumn: 1 }],
    ['Sheet1!A:C', { sheetTitle: 'Sheet1', wholeSheet: false, startColumn: 0, endColumn: 3 }],
    ['Sheet1!2:5', { sheetTitle: 'Sheet1', wholeSheet: false, startRow: 1, endRow: 5 }],
    ['Sheet1!A2:C', { sheetTitle: 'Sheet1', wholeSheet: false, startRow: 1, startColumn: 0, endColumn: 3 }],
    ['Sheet1!C3:A1', { sheetTitle: 'Sheet1', wholeSheet: false, startRow: 0, endRow: 3, startColumn: 0, endColumn: 3 }],
    [
      'Sheet1!$A$1:$B$2',
      { sheetTitle: 'Sheet1', wholeSheet: false, startRow: 0, endRow: 2, startColumn: 0, endColumn: 2 },
    ],
    ['人员!a1:b2', { sheetTitle: '人员', wholeSheet: false, startRow: 0, endRow: 2, startColumn: 0, endColumn: 2 }],
    ['B7', { wholeSheet: false, startRow: 6, endRow: 7, startColumn: 1, endColumn: 2 }],
    ['AA10:AB11', { wholeSheet: false, startRow: 9, endRow: 11, startColumn: 26, endColumn: 28 }],
    ['Sheet1', { sheetTitle: 'Sheet1', wholeSheet: true }],
    ["'My tab'", { sheetTitle: 'My tab', wholeSheet: true }],
    ['Meetings 会议', { sheetTitle: 'Meetings 会议', wholeSheet: true }],
  ])('parses %s', (text, expected) => {
    expect(parseA1Range(text)).toEqual(expected);
  });

  it.each([
    '',
    "'unterminated!A1",
    "'Sheet1'A1",
    'Sheet1!A1:B2:C3',
    'Sheet1!A',
    'Sheet1!1',
    'Sheet1!A0',
    "'Sheet1'!",
    'Sheet1!A1:',
  ])('rejects %j', (text) => {
    expect(parseA1Range(text)).toBeUndefined();
  });
});

describe('column letters', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('column %i is %s both ways', (index, letters) => {
    expect(columnLetters(index)).toBe(letters);
    expect(columnIndexFromLetters(letters)).toBe(index);
  });
});

describe('formatting ranges as the API echoes them', () => {
  it.each([
    ['Sheet1', 'Sheet1'],
    ['Sheet 1', "'Sheet 1'"],
    ["It's", "'It''s'"],
    ['A1', "'A1'"],
    ['人员', '人员'],
  ])('title %j is written %s', (title, formatted) => {
    expect(formatSheetTitle(title)).toBe(formatted);
  });

  it('writes a block and a single cell', () => {
    expect(formatA1Range('Sheet 1', { startRow: 0, endRow: 3, startColumn: 0, endColumn: 3 })).toBe("'Sheet 1'!A1:C3");
    expect(formatA1Range('Sheet1', { startRow: 6, endRow: 7, startColumn: 1, endColumn: 2 })).toBe('Sheet1!B7');
  });
});
