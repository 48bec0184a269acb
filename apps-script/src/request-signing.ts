// The Apps Script half of request-signature.ts. Apps Script has no node:crypto, so the HMAC primitive
// (Utilities.computeHmacSha256Signature) is passed in by the adapter and this file stays testable in node.

// Same values as SIGNATURE_TIMESTAMP_HEADER / SIGNATURE_HEADER in request-signature.ts; importing them would
// drag node:crypto into the bundle (a test keeps the two in step).
export const SIGNATURE_TIMESTAMP_HEADER = 'X-Signature-Timestamp';
export const SIGNATURE_HEADER = 'X-Signature';

/** UTF-8 HMAC-SHA256 of message under secret, as the signed bytes (-128…127) Apps Script returns. */
export type HmacSha256 = (message: string, secret: string) => readonly number[];

export function bytesToHex(bytes: readonly number[]): string {
  let hex = '';
  for (const byte of bytes) hex += (byte & 0xff).toString(16).padStart(2, '0');
  return hex;
}

export function signatureHeaders(hmac: HmacSha256, secret: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    [SIGNATURE_TIMESTAMP_HEADER]: String(timestampSeconds),
    [SIGNATURE_HEADER]: bytesToHex(hmac(`${timestampSeconds}.${body}`, secret)),
  };
}
