// The JSON API of local/stack.ts. Errors are always { code, zh, en } so the toast can show both languages.
import { LABELS } from './labels.js';

export class ApiError extends Error {
  /** @param {{ code: string, zh: string, en: string }} error @param {number} status */
  constructor(error, status) {
    super(error.en);
    this.error = error;
    this.status = status;
  }
}

/**
 * The parsed body whatever the status: an edit that fails still carries the tab's `values`, which the grid must
 * show. Only a network failure or a non-JSON answer throws.
 */
async function send(path, init) {
  let response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
  } catch {
    throw new ApiError({ code: 'NETWORK', ...LABELS.networkError }, 0);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError({ code: `HTTP_${response.status}`, ...LABELS.badResponse }, response.status);
  }
  return { status: response.status, ok: response.ok, body };
}

export async function getJson(path) {
  const { status, ok, body } = await send(path);
  if (!ok) throw new ApiError(body?.error ?? { code: `HTTP_${status}`, ...LABELS.badResponse }, status);
  return body;
}

export async function postJson(path, payload) {
  const { status, ok, body } = await send(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  if (!ok && !body?.error) throw new ApiError({ code: `HTTP_${status}`, ...LABELS.badResponse }, status);
  return body;
}

export const tabPath = (/** @type {string} */ title) => `/api/tabs/${encodeURIComponent(title)}`;
