// The HTTP pieces every emulated API shares: JSON answers in Google's shape, errors turned into those answers,
// JSON bodies read as Google reads them, path segments decoded, and the opaque page tokens of list calls.
import type { ServerResponse } from 'node:http';
import { ApiError, invalidArgument } from './api-error.ts';

/** Enough for the local web UI to read an answer from the browser. */
export const ALLOW_ANY_ORIGIN: Readonly<Record<string, string>> = { 'access-control-allow-origin': '*' };

export function sendJson(
  res: ServerResponse,
  statusCode: number,
  payload: unknown,
  headers: Readonly<Record<string, string>> = ALLOW_ANY_ORIGIN,
): void {
  const body = JSON.stringify(payload);
  res.writeHead(statusCode, {
    ...headers,
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** The error as Google would answer it: an ApiError as itself (with its own headers, e.g. Retry-After), else 500. */
export function sendError(res: ServerResponse, error: unknown, headers = ALLOW_ANY_ORIGIN): void {
  if (res.headersSent || res.destroyed) return;
  if (error instanceof ApiError) {
    const own = (error as { headers?: Record<string, string> }).headers ?? {};
    sendJson(res, error.code, error.toJSON(), { ...headers, ...own });
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  sendJson(res, 500, new ApiError(500, `Internal error in the local Workspace emulator: ${message}`).toJSON(), headers);
}

/** Runs a route that writes its own answer; anything it throws is answered as an error. */
export async function respond(res: ServerResponse, work: () => Promise<void>): Promise<void> {
  try {
    // Called inside the try so a synchronous throw (a bad path) is answered, not an uncaught exception.
    await work();
  } catch (error) {
    sendError(res, error);
  }
}

export function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalidArgument('Invalid JSON payload received. Unexpected token.');
  }
}

export function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalidArgument(`Invalid percent-encoding in path segment: ${part}`);
  }
}

/** Page tokens are opaque to callers; here they carry the offset of the next page. */
export function decodePageToken(token: string | null): number {
  if (!token) return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw invalidArgument('Invalid pageToken');
  return offset;
}
