// A tiny method + path router. Patterns are matched against the raw (still percent-encoded) path so that a
// `:append` suffix is told apart from a colon inside an encoded A1 range; captured groups are decoded after.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, invalidArgument, notFound } from './api-error.ts';
import { decodePathPart, sendError, sendJson } from './http-json.ts';

export interface RouteRequest {
  params: string[];
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
}

export type RouteHandler = (request: RouteRequest) => unknown;

interface Route {
  method: string;
  pattern: RegExp;
  handler: RouteHandler;
}

const MAX_BODY_BYTES = 50 * 1024 * 1024;
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, x-goog-api-client, x-goog-user-project',
};

export class Router {
  readonly #routes: Route[] = [];

  add(method: string, pattern: RegExp, handler: RouteHandler): this {
    this.#routes.push({ method: method.toUpperCase(), pattern, handler });
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://emulator.invalid');
      const method = (req.method ?? 'GET').toUpperCase();
      if (method === 'OPTIONS') {
        // The local web UI may call the emulator straight from the browser.
        res.writeHead(204, { ...CORS_HEADERS, 'access-control-max-age': '600' });
        res.end();
        return;
      }
      const route = this.#find(method, url.pathname);
      const body = await readJsonBody(req);
      if (!route) throw notFound(`No emulated API method for ${method} ${url.pathname}`);
      const params = route.match.slice(1).map((part) => decodePathPart(part ?? ''));
      const result = await route.handler({ params, query: url.searchParams, body, headers: req.headers });
      sendJson(res, 200, result ?? {}, CORS_HEADERS);
    } catch (error) {
      sendError(res, error, CORS_HEADERS);
    }
  }

  #find(method: string, pathname: string): { handler: RouteHandler; match: RegExpExecArray } | undefined {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(pathname);
      if (match) return { handler: route.handler, match };
    }
    return undefined;
  }
}

/** The whole request body, refused with 413 past `maxBytes` (so a runaway client cannot fill memory). */
export async function readRequestBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new ApiError(413, 'Request payload is too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readRequestBody(req);
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw invalidArgument('Invalid JSON payload received. Unexpected token.');
  }
}
