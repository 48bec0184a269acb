// The body-size limit (MAX_REQUEST_BYTES), checked before a body is parsed or its signature computed. The HTTP
// layers stop reading at the limit where they can (the local stack's reader); the handler checks again, so the
// limit holds however the body arrived (the functions-framework reads bodies up to its own fixed 1 GB limit).
import { type HttpInput, type HttpOutput, errorResponse, headerValue } from './http-types.ts';

const MEBIBYTE = 1024 * 1024;

/** "10 MB", "1.5 MB", "64 KB": what the user reads in the refusal. */
export function describeByteLimit(bytes: number): string {
  if (bytes < MEBIBYTE) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / MEBIBYTE) * 10) / 10} MB`;
}

export function requestTooLarge(maxBytes: number): HttpOutput {
  return errorResponse(413, 'REQUEST_TOO_LARGE', { limit: describeByteLimit(maxBytes) });
}

/** Content-Length as declared, when it is one plain number. */
export function declaredLength(headers: HttpInput['headers']): number | undefined {
  const value = headerValue({ headers, method: '', rawBody: Buffer.alloc(0) }, 'content-length')?.trim();
  return value && /^\d{1,16}$/u.test(value) ? Number(value) : undefined;
}

/** The size that counts: the larger of the declared length and the bytes received. */
export function requestBytes(input: HttpInput): number {
  return Math.max(declaredLength(input.headers) ?? 0, input.rawBody.length);
}
