// Phone numbers, stored in one form so the same number always compares equal (duplicate customers, lookups by
// phone): E.164 ("+8613800138000"), read with the workbook's default region (Settings tab, CN unless set) when
// typed without a country code. `libphonenumber-js/max` knows each region's number plans, so "12345678901"
// (no such Chinese mobile prefix) is refused rather than stored.
//
// Decisions:
// - The record holds E.164; the cell keeps what the user typed. Writing "+86 138 0013 8000" back over
//   "13800138000" would change typed text (the answer only ever writes ID, Status and computed cells), fire
//   another edit, and gain nothing: every consumer reads the record. Mails and the Summary format it for reading.
// - An extension ("转 12", "ext. 12") is kept after the number as RFC 3966 does (";ext=12"), so nothing typed
//   is lost and the main number still compares equal by its prefix.
// - Short service numbers (110, 95588) are refused: a customer archive needs a number that reaches the customer.
import {
  type CountryCode,
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';

export const DEFAULT_PHONE_REGION = 'CN';

// What a phone cell may hold: digits and the punctuation people write numbers with (full-width forms are folded
// first), an optional leading +, and an optional extension. libphonenumber would also dig a number out of any
// text ("=13800138000", "call 13800138000"); a cell holding more than a number is refused instead.
const PHONE_TEXT = /^\+?[\d\s\-()./·]+(?:\s*(?:ext\.?|x|#)\s*\d{1,6})?$/iu;

export type PhoneParseResult = { readonly ok: true; readonly e164: string } | { readonly ok: false };

/** A region code the number plans know (upper-case ISO 3166 alpha-2), or undefined. */
export function readPhoneRegion(text: string): string | undefined {
  const code = text.normalize('NFKC').trim().toUpperCase();
  return /^[A-Z]{2}$/u.test(code) && isSupportedCountry(code) ? code : undefined;
}

/** The number in E.164 (with ";ext=" when it has an extension), read in `region` when it has no country code. */
export function normalizePhone(typed: string | number, region: string = DEFAULT_PHONE_REGION): PhoneParseResult {
  if (typeof typed === 'number' && !Number.isInteger(typed)) return { ok: false };
  const text = String(typed)
    .normalize('NFKC')
    .trim()
    // Chinese spellings of the extension separator; libphonenumber reads "ext".
    .replace(/\s*(?:转|分机)\s*/gu, ' ext ');
  if (!PHONE_TEXT.test(text)) return { ok: false };
  const defaultCountry = (readPhoneRegion(region) ?? DEFAULT_PHONE_REGION) as CountryCode;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed?.isValid()) return { ok: false };
  return { ok: true, e164: parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number };
}

/**
 * The forms accepted, for the message refusing a number: the region's mobile example as typed at home and with
 * the country code, plus a landline with its area code for China, where both are common on archives.
 */
export function phoneExamples(region: string = DEFAULT_PHONE_REGION): string {
  const country = (readPhoneRegion(region) ?? DEFAULT_PHONE_REGION) as CountryCode;
  if (country === 'CN') return '138 0013 8000, 010-1234 5678, +86 138 0013 8000';
  const example = getExampleNumber(country, mobileExamples);
  return example ? `${example.formatNational()}, ${example.formatInternational()}` : '+86 138 0013 8000';
}
