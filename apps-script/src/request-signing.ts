// The Apps Script half of contract/request-signature.ts. Apps Script has no node:crypto, so the HMAC primitive
// (Utilities.computeHmacSha256Signature) is passed in by the adapter and this file stays testable in node.
import {
  SIGNATURE_HEADER,
  SIGNATURE_TIMESTAMP_HEADER,
  stringToSign,
} from '../../functions/src/contract/request-signature.ts';

/** UTF-8 HMAC-SHA256 of message under secret, as the signed bytes (-128…127) Apps Script returns. */
export type HmacSha256 = (message: string, secret: string) => readonly number[];

export function bytesToHex(bytes: readonly number[]): string {
  let hex = '';
  for (const byte of bytes) hex += (byte & 0xff).toString(16).padStart(2, '0');
  return hex;
}

export function signatureHeaders(
  hmac: HmacSha256,
  secret: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  return {
    [SIGNATURE_TIMESTAMP_HEADER]: String(timestampSeconds),
    [SIGNATURE_HEADER]: bytesToHex(hmac(stringToSign(timestampSeconds, body), secret)),
  };
}
