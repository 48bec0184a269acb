// Handlers see a plain request and return a plain response, so the same code serves the
// functions-framework in production and the local stack's router.
import { formatMessage, type MessageParams } from '../domain/messages.ts';
import type { ErrorCode } from '../domain/errors.ts';

export interface HttpInput {
  method: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: Buffer;
  /** Path and query as requested (e.g. '/minutesResponse?t=…'); only handlers serving links read it. */
  url?: string;
}

export interface HttpOutput {
  status: number;
  body: unknown;
  /** Absent: `body` is sent as JSON. Set (e.g. 'text/html; charset=utf-8'): `body` is that text as it is. */
  contentType?: string;
}

/** A refusal in both languages, as the Apps Script toast and the web UI show it. */
export function errorResponse(status: number, code: ErrorCode, params: MessageParams = {}): HttpOutput {
  return {
    status,
    body: { error: { code, en: formatMessage(code, params, 'en'), zh: formatMessage(code, params, 'zh') } },
  };
}

export function headerValue(input: HttpInput, name: string): string | undefined {
  const value = input.headers[name.toLowerCase()];
  return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
}
