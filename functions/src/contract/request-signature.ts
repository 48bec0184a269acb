// Requests from the Apps Script trigger are authenticated by a shared secret: HMAC-SHA256 over
// "<unix seconds>.<raw body>". The timestamp is inside the MAC so a captured request cannot be replayed after the
// window closes; replays inside the window are stopped by the server refusing a reused eventId (Firestore).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_TIMESTAMP_HEADER = 'X-Signature-Timestamp';
export const SIGNATURE_HEADER = 'X-Signature';
export const DEFAULT_SIGNATURE_WINDOW_SECONDS = 300;

export type SignatureFailure = 'MISSING' | 'BAD_TIMESTAMP' | 'EXPIRED' | 'BAD_SIGNATURE';
export type SignatureVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: SignatureFailure };

export interface VerifyRequestSignatureInput {
  readonly secret: string;
  /** Raw header values as the HTTP layer hands them over (Node gives string | string[] | undefined). */
  readonly timestampHeader: string | readonly string[] | undefined;
  readonly signatureHeader: string | readonly string[] | undefined;
  /** The exact body bytes that were signed: the raw body, never a re-serialised parse of it. */
  readonly body: string | Buffer;
  readonly nowSeconds: number;
  readonly windowSeconds?: number;
}

export function signRequest(secret: string, timestampSeconds: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`, 'utf8').update(body).digest('hex');
}

function singleHeader(value: string | readonly string[] | undefined): string | undefined {
  // A header repeated by a proxy is ambiguous; refusing it is safer than picking one.
  if (Array.isArray(value)) return value.length === 1 ? (value[0] as string) : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function verifyRequestSignature(input: VerifyRequestSignatureInput): SignatureVerdict {
  const windowSeconds = input.windowSeconds ?? DEFAULT_SIGNATURE_WINDOW_SECONDS;
  const timestampText = singleHeader(input.timestampHeader)?.trim();
  const signatureText = singleHeader(input.signatureHeader)?.trim().toLowerCase();
  if (!timestampText || !signatureText || input.secret === '') return { ok: false, reason: 'MISSING' };

  // Digits only: Number() would also accept "1e9", " 0x10" or "" and widen what an attacker can send.
  if (!/^\d{1,12}$/u.test(timestampText)) return { ok: false, reason: 'BAD_TIMESTAMP' };
  const timestampSeconds = Number(timestampText);
  if (Math.abs(input.nowSeconds - timestampSeconds) > windowSeconds) return { ok: false, reason: 'EXPIRED' };

  if (!/^[0-9a-f]{64}$/u.test(signatureText)) return { ok: false, reason: 'BAD_SIGNATURE' };
  const expected = Buffer.from(signRequest(input.secret, timestampSeconds, input.body), 'hex');
  const received = Buffer.from(signatureText, 'hex');
  // Both are 32 bytes here (checked by the pattern above), which timingSafeEqual requires.
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { ok: false, reason: 'BAD_SIGNATURE' };
  }
  return { ok: true };
}
