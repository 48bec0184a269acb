import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '../../functions/src/contract/request-signature.ts';
import * as server from '../../functions/src/handlers/hmac-signature.ts';
import { bytesToHex, signatureHeaders } from '../../apps-script/src/request-signing.ts';

/** Behaves like Utilities.computeHmacSha256Signature(message, key, UTF_8): Java's signed bytes. */
function appsScriptHmac(message: string, secret: string): number[] {
  return [...createHmac('sha256', secret).update(message, 'utf8').digest()].map((byte) =>
    byte > 127 ? byte - 256 : byte,
  );
}

describe('request signing in Apps Script', () => {
  it('sends exactly two headers, named as in the contract the server reads them by', () => {
    const headers = signatureHeaders(appsScriptHmac, 's3cret', 1_764_300_000, '{}');
    expect(Object.keys(headers).sort()).toEqual([SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER].sort());
    expect([SIGNATURE_TIMESTAMP_HEADER, SIGNATURE_HEADER]).toEqual(['X-Signature-Timestamp', 'X-Signature']);
  });

  it('turns signed bytes into lowercase hex', () => {
    expect(bytesToHex([0, 1, 15, 16, 127, -128, -1])).toBe('00010f107f80ff');
  });

  it('produces headers the server verifies, for a body with Chinese text', () => {
    const body = JSON.stringify({ sheetName: '会议', rows: [{ row: 2, values: ['周例会'] }] });
    const headers = signatureHeaders(appsScriptHmac, 's3cret', 1_764_300_000, body);
    expect(headers[SIGNATURE_HEADER]).toBe(server.signRequest('s3cret', 1_764_300_000, body));
    expect(
      server.verifyRequestSignature({
        secret: 's3cret',
        timestampHeader: headers[SIGNATURE_TIMESTAMP_HEADER],
        signatureHeader: headers[SIGNATURE_HEADER],
        body,
        nowSeconds: 1_764_300_010,
      }),
    ).toEqual({ ok: true });
  });
});
