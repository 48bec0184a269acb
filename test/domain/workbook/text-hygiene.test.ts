import { describe, expect, it } from 'vitest';
import { cleanCellText } from '../../../functions/src/domain/workbook/text-hygiene.ts';
import type { ColumnType } from '../../../functions/src/domain/workbook/workbook-schema.ts';

const TEXT: ColumnType = { kind: 'text' };
const EMAIL: ColumnType = { kind: 'email' };
const ch = (code: number) => String.fromCodePoint(code);

describe('cleanCellText', () => {
  it.each([
    ['NUL', 0x00],
    ['bell', 0x07],
    ['vertical tab', 0x0b],
    ['form feed', 0x0c],
    ['escape', 0x1b],
    ['unit separator', 0x1f],
    ['DEL', 0x7f],
    ['C1 next line', 0x85],
    ['zero-width space', 0x200b],
    ['word joiner', 0x2060],
    ['byte-order mark', 0xfeff],
  ])('removes %s from free text and says so', (_name, code) => {
    expect(cleanCellText(`a${ch(code)}b`, TEXT)).toEqual({ text: 'ab', cleaned: true });
  });

  it('keeps tabs and line feeds, and turns Windows line breaks into line feeds without a note', () => {
    expect(cleanCellText('a\tb\r\nc\rd', TEXT)).toEqual({ text: 'a\tb\nc\nd', cleaned: false });
  });

  it.each([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f])(
    'removes bidi control U+%s from an email but keeps it in free text',
    (code) => {
      expect(cleanCellText(`${ch(code)}a@b.cn`, EMAIL)).toEqual({ text: 'a@b.cn', cleaned: true });
      expect(cleanCellText(`${ch(code)}عمر`, TEXT).cleaned).toBe(false);
    },
  );

  it('keeps right-to-left letters, CJK and emoji sequences intact', () => {
    const text = 'عمر שלום 王伟 👩‍💻 👍🏽';
    expect(cleanCellText(text, TEXT)).toEqual({ text, cleaned: false });
  });
});
