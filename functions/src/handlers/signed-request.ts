// The gate every request from the sheet passes: HMAC signature and timestamp window, then JSON and the zod
// contract. Either the parsed body comes out, or the refusal to answer with (401/400, in both languages).
import type { DateTime } from 'luxon';
import { sheetEditBodySchema, type SheetEditBody } from '../contract/edit-request.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, verifyRequestSignature } from '../contract/request-signature.ts';
import type { Logs } from '../logs.ts';
import { type HttpInput, type HttpOutput, errorResponse, headerValue } from './http-types.ts';

const SIGNATURE_ERRORS = { MISSING: 'SIGNATURE_MISSING', BAD_TIMESTAMP: 'SIGNATURE_INVALID', BAD_SIGNATURE: 'SIGNATURE_INVALID', EXPIRED: 'SIGNATURE_EXPIRED' } as const;

export type SignedRequestOutcome = { ok: true; body: SheetEditBody } | { ok: false; output: HttpOutput };

export function readSignedRequest(input: HttpInput, options: { secret: string; windowSeconds: number; now: DateTime; logs: Logs }): SignedRequestOutcome {
  const nowSeconds = Math.floor(options.now.toSeconds());
  const timestampHeader = headerValue(input, SIGNATURE_TIMESTAMP_HEADER);
  const signature = verifyRequestSignature({
    secret: options.secret,
    timestampHeader,
    signatureHeader: headerValue(input, SIGNATURE_HEADER),
    body: input.rawBody,
    nowSeconds,
    windowSeconds: options.windowSeconds,
  });
  if (!signature.ok) {
    options.logs.editRefused(signature.reason);
    const skew = Math.abs(nowSeconds - Number(timestampHeader));
    return { ok: false, output: errorResponse(401, SIGNATURE_ERRORS[signature.reason], { seconds: skew, window: options.windowSeconds }) };
  }
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody.toString('utf8'));
  } catch {
    return { ok: false, output: errorResponse(400, 'REQUEST_INVALID', { detail: 'the body is not JSON' }) };
  }
  const parsed = sheetEditBodySchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    options.logs.editRefused('REQUEST_INVALID', { detail });
    return { ok: false, output: errorResponse(400, 'REQUEST_INVALID', { detail }) };
  }
  return { ok: true, body: parsed.data };
}
