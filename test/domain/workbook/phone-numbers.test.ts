import { describe, expect, it } from 'vitest';
import {
  normalizePhone,
  phoneExamples,
  readPhoneRegion,
} from '../../../functions/src/domain/workbook/phone-numbers.ts';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', 'CN', '+8613800138000'],
    ['+8613800138000', 'CN', '+8613800138000'],
    ['+86 138-0013-8000', 'CN', '+8613800138000'],
    ['008613800138000', 'CN', '+8613800138000'],
    ['１３８００１３８０００', 'CN', '+8613800138000'],
    ['010-12345678', 'CN', '+861012345678'],
    ['(010) 1234 5678', 'CN', '+861012345678'],
    ['021 6123 4567', 'CN', '+862161234567'],
    ['400 123 4567', 'CN', '+864001234567'],
    ['+852 9123 4567', 'CN', '+85291234567'],
    ['9123 4567', 'HK', '+85291234567'],
    ['(650) 253-0000', 'US', '+16502530000'],
    ['13800138000 分机 8', 'CN', '+8613800138000;ext=8'],
  ])('reads %j in %s as %s', (typed, region, e164) => {
    expect(normalizePhone(typed, region)).toEqual({ ok: true, e164 });
  });

  it('reads a number cell (Sheets sends digits as a number)', () => {
    expect(normalizePhone(13800138000)).toEqual({ ok: true, e164: '+8613800138000' });
  });

  it.each(['12345678901', '1380013800', '110', '95588', 'abc', '', '+0 123', '138001380001234567'])(
    'refuses %j',
    (typed) => {
      expect(normalizePhone(typed)).toEqual({ ok: false });
    },
  );

  it('refuses a fractional number cell', () => {
    expect(normalizePhone(1.5)).toEqual({ ok: false });
  });

  it('falls back to CN for an unknown region', () => {
    expect(normalizePhone('13800138000', 'XX')).toEqual({ ok: true, e164: '+8613800138000' });
  });
});

describe('phone regions', () => {
  it.each([
    ['CN', 'CN'],
    [' hk ', 'HK'],
    ['ＵＳ', 'US'],
    ['XX', undefined],
    ['China', undefined],
  ])('reads %j as %s', (typed, region) => {
    expect(readPhoneRegion(typed)).toBe(region);
  });

  it('shows the forms accepted in the region', () => {
    expect(phoneExamples('CN')).toContain('+86 138 0013 8000');
    expect(phoneExamples('HK')).toContain('+852');
  });
});
