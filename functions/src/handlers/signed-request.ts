// The gate every request from the sheet passes: HMAC signature and timestamp window, then JSON, the request
// version and the zod schemas. Either the parsed body comes out, or the refusal to answer with (in both languages).
import type { DateTime } from 'luxon';
import { EDIT_REQUEST_VERSION, type SheetEditBody } from '../contract/edit-request.ts';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '../contract/request-signature.ts';
import { sheetEditBodySchema } from '../domain/workbook/edit-request-schema.ts';
import type { Logs } from '../logs.ts';
import { type HttpInput, type HttpOutput, errorResponse, headerValue } from './http-types.ts';
import { type SigningSecrets, verifyRequestSignatureWithSecrets } from './hmac-signature.ts';

const SIGNATURE_ERRORS = {
  MISSING: 'SIGNATURE_MISSING',
  BAD_TIMESTAMP: 'SIGNATURE_INVALID',
  BAD_SIGNATURE: 'SIGNATURE_INVALID',
  EXPIRED: 'SIGNATURE_EXPIRED',
  SECRET_OUTDATED: 'SECRET_OUTDATED',
} as const;

export type SignedRequestOutcome =
  /** `secret`: which secret signed it ('previous' only inside a rotation window). */
  { ok: true; body: SheetEditBody; secret: 'current' | 'previous' } | { ok: false; output: HttpOutput };

/** The `version` a body claims, when it claims one. */
function claimedVersion(json: unknown): unknown {
  return typeof json === 'object' && json !== null && 'version' in json
    ? (json as { version: unknown }).version
    : undefined;
}

export function readSignedRequest(
  input: HttpInput,
  options: { secrets: SigningSecrets; windowSeconds: number; now: DateTime; logs: Logs },
): SignedRequestOutcome {
  const nowSeconds = Math.floor(options.now.toSeconds());
  const timestampHeader = headerValue(input, SIGNATURE_TIMESTAMP_HEADER);
  const signature = verifyRequestSignatureWithSecrets({
    secrets: options.secrets,
    timestampHeader,
    signatureHeader: headerValue(input, SIGNATURE_HEADER),
    body: input.rawBody,
    nowSeconds,
    windowSeconds: options.windowSeconds,
  });
  if (!signature.ok) {
    options.logs.editRefused(signature.reason);
    const skew = Math.abs(nowSeconds - Number(timestampHeader));
    const params = { seconds: skew, window: options.windowSeconds };
    return { ok: false, output: errorResponse(401, SIGNATURE_ERRORS[signature.reason], params) };
  }
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody.toString('utf8'));
  } catch {
    return { ok: false, output: errorResponse(400, 'REQUEST_INVALID', { detail: 'the body is not JSON' }) };
  }
  // Script and function deploy together; a script left on an older version must tell its user to update, not
  // show a schema error. 426 rather than 400, because an older script reads a 400 on "Check setup" as an older
  // server, and it shows any other refusal's text as it is.
  const version = claimedVersion(json);
  if (typeof version === 'number' && version !== EDIT_REQUEST_VERSION) {
    options.logs.editRefused('SCRIPT_OUTDATED', { detail: `version ${version}` });
    return {
      ok: false,
      output: errorResponse(426, 'SCRIPT_OUTDATED', { scriptVersion: version, serverVersion: EDIT_REQUEST_VERSION }),
    };
  }
  const parsed = sheetEditBodySchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3);
    const detail = issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    // The log names where and which check failed, never the message: a message may quote the value.
    options.logs.editRefused('REQUEST_INVALID', {
      detail: issues.map((i) => `${i.path.join('.') || 'body'}: ${i.code}`).join('; '),
    });
    return { ok: false, output: errorResponse(400, 'REQUEST_INVALID', { detail }) };
  }
  return { ok: true, body: parsed.data, secret: signature.secret };
}
