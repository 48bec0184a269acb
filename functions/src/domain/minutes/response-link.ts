// The per-recipient link of a minutes mail: whoever holds it may confirm or object to that version of those
// minutes as that recipient, until it expires (the end of the confirmation window). The token carries what it
// is for and an HMAC-SHA256 over exactly that, so nothing needs looking up to refuse a forged or edited link,
// and a link forwarded to someone else still answers only for the person it was sent to.
//
// token = base64url(JSON [workbook, meeting, version, recipient, expiresEpochSeconds]) "." base64url(HMAC)
//
// node:crypto is used only for HMAC and its constant-time comparison, pure functions (like outbox-message.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DateTime } from 'luxon';

export interface ResponseLinkClaims {
  workbookId: string;
  meetingId: string;
  version: number;
  /** Lower-case e-mail. */
  recipient: string;
  /** Epoch seconds. */
  expires: number;
}

export type ResponseLinkCheck =
  | { ok: true; claims: ResponseLinkClaims }
  | { ok: false; code: 'MINUTES_LINK_INVALID' }
  | { ok: false; code: 'MINUTES_LINK_EXPIRED'; claims: ResponseLinkClaims };

/** Kept apart from the sheetEdit signature by a purpose prefix, so one can never stand in for the other. */
const PURPOSE = 'minutes-response-v1';

function sign(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${payload}`).digest();
}

export function signResponseToken(claims: ResponseLinkClaims, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify([
      claims.workbookId,
      claims.meetingId,
      claims.version,
      claims.recipient.trim().toLowerCase(),
      claims.expires,
    ]),
  ).toString('base64url');
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
}

function readClaims(payload: string): ResponseLinkClaims | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 5) return undefined;
    const [workbookId, meetingId, version, recipient, expires] = value as unknown[];
    if (typeof workbookId !== 'string' || typeof meetingId !== 'string' || typeof recipient !== 'string')
      return undefined;
    if (!Number.isInteger(version) || !Number.isInteger(expires)) return undefined;
    return { workbookId, meetingId, version: version as number, recipient, expires: expires as number };
  } catch {
    return undefined;
  }
}

/** During a secret rotation the old secret still opens the links it signed, until the rotation ends. */
export interface ResponseLinkSecrets {
  current: string;
  previous?: { secret: string; until: DateTime };
}

function signedWith(payload: string, given: Buffer, secret: string): boolean {
  const expected = sign(payload, secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function verifyResponseToken(token: string, secrets: ResponseLinkSecrets, now: DateTime): ResponseLinkCheck {
  const [payload, signature, ...rest] = token.trim().split('.');
  if (!payload || !signature || rest.length > 0) return { ok: false, code: 'MINUTES_LINK_INVALID' };
  const given = Buffer.from(signature, 'base64url');
  const previous = secrets.previous && now < secrets.previous.until ? secrets.previous.secret : undefined;
  if (!signedWith(payload, given, secrets.current) && !(previous && signedWith(payload, given, previous)))
    return { ok: false, code: 'MINUTES_LINK_INVALID' };
  const claims = readClaims(payload);
  if (!claims) return { ok: false, code: 'MINUTES_LINK_INVALID' };
  if (now.toSeconds() >= claims.expires) return { ok: false, code: 'MINUTES_LINK_EXPIRED', claims };
  return { ok: true, claims };
}
