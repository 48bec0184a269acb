// The server half of contract/request-signature.ts: computing and checking the HMAC with node:crypto. The script
// computes the same MAC over the same string with Utilities.computeHmacSha256Signature.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DEFAULT_SIGNATURE_WINDOW_SECONDS, stringToSign } from '../contract/request-signature.ts';

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
  const hmac = createHmac('sha256', secret);
  // A Buffer body is signed as its bytes: decoding it first could change invalid UTF-8 and forge a match.
  if (typeof body === 'string') return hmac.update(stringToSign(timestampSeconds, body), 'utf8').digest('hex');
  return hmac.update(stringToSign(timestampSeconds, ''), 'utf8').update(body).digest('hex');
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

/**
 * The secrets a request may be signed with. During a rotation the previous one is accepted until `untilSeconds`
 * (unix seconds) so scripts still holding it keep working; from then on it is refused as outdated.
 */
export interface SigningSecrets {
  readonly current: string;
  readonly previous?: { readonly secret: string; readonly untilSeconds: number } | undefined;
}

export type RotationVerdict =
  | { readonly ok: true; readonly secret: 'current' | 'previous' }
  | { readonly ok: false; readonly reason: SignatureFailure | 'SECRET_OUTDATED' };

export function verifyRequestSignatureWithSecrets(
  input: Omit<VerifyRequestSignatureInput, 'secret'> & { readonly secrets: SigningSecrets },
): RotationVerdict {
  const { secrets, ...request } = input;
  const current = verifyRequestSignature({ ...request, secret: secrets.current });
  // Both MACs are computed and compared (each in constant time) whatever the first gives, so the answer's
  // timing does not tell which secret a forged request came close to.
  const previous = secrets.previous
    ? verifyRequestSignature({ ...request, secret: secrets.previous.secret })
    : undefined;
  if (current.ok) return { ok: true, secret: 'current' };
  if (previous?.ok && secrets.previous) {
    return input.nowSeconds < secrets.previous.untilSeconds
      ? { ok: true, secret: 'previous' }
      : { ok: false, reason: 'SECRET_OUTDATED' };
  }
  return current;
}
