import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_HEADER,
  SIGNATURE_TIMESTAMP_HEADER,
  stringToSign,
} from '../../functions/src/contract/request-signature.ts';
import { signRequest, verifyRequestSignature } from '../../functions/src/handlers/hmac-signature.ts';
import type { SignatureVerdict, VerifyRequestSignatureInput } from '../../functions/src/handlers/hmac-signature.ts';

const SECRET = 'test-secret-0123456789';
const NOW = 1_764_300_000;
const BODY = JSON.stringify({
  version: 1,
  sheetName: '会议 Meetings',
  rows: [{ row: 2, values: ['周例会', 3, true, null] }],
});

function signedAt(
  timestamp: number,
  overrides: Partial<VerifyRequestSignatureInput> = {},
): VerifyRequestSignatureInput {
  return {
    secret: SECRET,
    timestampHeader: String(timestamp),
    signatureHeader: signRequest(SECRET, timestamp, BODY),
    body: BODY,
    nowSeconds: NOW,
    ...overrides,
  };
}

describe('signRequest', () => {
  it(
    'is HMAC-SHA256 over "<timestamp>.<body>" as lowercase hex (a known vector, so the Apps Script side can be ' +
      'checked against it)',
    () => {
      // Computed independently: printf '1700000000.{}' | openssl dgst -sha256 -hmac key
      expect(signRequest('key', 1700000000, '{}')).toBe(
        '9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae',
      );
      expect(signRequest('key', 1700000000, '{}')).toMatch(/^[0-9a-f]{64}$/u);
      expect(signRequest('key', 1700000000, '{}')).not.toBe(signRequest('key', 1700000001, '{}'));
    },
  );

  it("signs exactly the contract's string to sign, which the Apps Script signs too", () => {
    expect(stringToSign(1700000000, '{"a":"会议"}')).toBe('1700000000.{"a":"会议"}');
    const viaString = createHmac('sha256', 'key').update(stringToSign(1700000000, '{}'), 'utf8').digest('hex');
    expect(signRequest('key', 1700000000, '{}')).toBe(viaString);
    expect(signRequest('key', 1700000000, Buffer.from('{}', 'utf8'))).toBe(viaString);
  });

  it('names the headers the Apps Script sends', () => {
    expect([SIGNATURE_TIMESTAMP_HEADER, SIGNATURE_HEADER]).toEqual(['X-Signature-Timestamp', 'X-Signature']);
  });
});

describe('verifyRequestSignature', () => {
  const cases: ReadonlyArray<{ name: string; input: VerifyRequestSignatureInput; expected: SignatureVerdict }> = [
    { name: 'valid signature, same second', input: signedAt(NOW), expected: { ok: true } },
    {
      name: 'valid signature given as an uppercase hex',
      input: signedAt(NOW, { signatureHeader: signRequest(SECRET, NOW, BODY).toUpperCase() }),
      expected: { ok: true },
    },
    {
      name: 'body given as a Buffer of the same bytes',
      input: signedAt(NOW, { body: Buffer.from(BODY, 'utf8') }),
      expected: { ok: true },
    },
    { name: 'signed 299 s ago', input: signedAt(NOW - 299), expected: { ok: true } },
    { name: 'signed 299 s in the future (clock skew)', input: signedAt(NOW + 299), expected: { ok: true } },
    { name: 'signed exactly 300 s ago is still inside the window', input: signedAt(NOW - 300), expected: { ok: true } },
    { name: 'signed 301 s ago', input: signedAt(NOW - 301), expected: { ok: false, reason: 'EXPIRED' } },
    { name: 'signed 301 s in the future', input: signedAt(NOW + 301), expected: { ok: false, reason: 'EXPIRED' } },
    {
      name: 'custom window of 60 s refuses 61 s',
      input: signedAt(NOW - 61, { windowSeconds: 60 }),
      expected: { ok: false, reason: 'EXPIRED' },
    },
    {
      name: 'wrong secret',
      input: signedAt(NOW, { signatureHeader: signRequest('another-secret', NOW, BODY) }),
      expected: { ok: false, reason: 'BAD_SIGNATURE' },
    },
    {
      name: 'tampered body',
      input: signedAt(NOW, { body: BODY.replace('周例会', '月度总结会') }),
      expected: { ok: false, reason: 'BAD_SIGNATURE' },
    },
    {
      name: 'timestamp header changed after signing',
      input: signedAt(NOW, { timestampHeader: String(NOW - 1) }),
      expected: { ok: false, reason: 'BAD_SIGNATURE' },
    },
    {
      name: 'missing signature header',
      input: signedAt(NOW, { signatureHeader: undefined }),
      expected: { ok: false, reason: 'MISSING' },
    },
    {
      name: 'missing timestamp header',
      input: signedAt(NOW, { timestampHeader: undefined }),
      expected: { ok: false, reason: 'MISSING' },
    },
    {
      name: 'empty headers',
      input: signedAt(NOW, { timestampHeader: '', signatureHeader: '' }),
      expected: { ok: false, reason: 'MISSING' },
    },
    {
      name: 'server secret not configured',
      input: signedAt(NOW, { secret: '' }),
      expected: { ok: false, reason: 'MISSING' },
    },
    {
      name: 'header repeated by a proxy',
      input: signedAt(NOW, { timestampHeader: [String(NOW), String(NOW)] }),
      expected: { ok: false, reason: 'MISSING' },
    },
    {
      name: 'non-numeric timestamp',
      input: signedAt(NOW, { timestampHeader: 'yesterday' }),
      expected: { ok: false, reason: 'BAD_TIMESTAMP' },
    },
    {
      name: 'timestamp in exponent notation',
      input: signedAt(NOW, { timestampHeader: '1.7643e9' }),
      expected: { ok: false, reason: 'BAD_TIMESTAMP' },
    },
    {
      name: 'negative timestamp',
      input: signedAt(NOW, { timestampHeader: '-5' }),
      expected: { ok: false, reason: 'BAD_TIMESTAMP' },
    },
    {
      name: 'timestamp in milliseconds',
      input: signedAt(NOW, { timestampHeader: String(NOW * 1000) }),
      expected: { ok: false, reason: 'BAD_TIMESTAMP' },
    },
    {
      name: 'signature of the wrong length',
      input: signedAt(NOW, { signatureHeader: signRequest(SECRET, NOW, BODY).slice(0, 62) }),
      expected: { ok: false, reason: 'BAD_SIGNATURE' },
    },
    {
      name: 'signature too long',
      input: signedAt(NOW, { signatureHeader: `${signRequest(SECRET, NOW, BODY)}00` }),
      expected: { ok: false, reason: 'BAD_SIGNATURE' },
    },
    {
      name: 'signature that is not hex',
      input: signedAt(NOW, { signatureHeader: 'z'.repeat(64) }),
      expected: { ok: false, reason: 'BAD_SIGNATURE' },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    expect(verifyRequestSignature(input)).toEqual(expected);
  });
});
