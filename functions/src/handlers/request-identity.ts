// The optional second check of a request from the sheet, after its HMAC: a Google ID token of the account the
// script runs as (ScriptApp.getIdentityToken(), `Authorization: Bearer …`), and who that makes the editor.
//
// Whose token it is depends on how the script ran. A menu item ("Send notice now", "Check setup") runs as the
// person who chose it, so the token names that person: it is stronger than the address the script reports, it
// becomes the editor, and a different reported address is refused (EDITOR_MISMATCH). The edit and change
// triggers are installable triggers, which run as the account that installed them, so on edits the token names
// that account and not the editor: it proves the request came from our script, and the editor stays as reported.
import type { DateTime } from 'luxon';
import { ID_TOKEN_HEADER, ID_TOKEN_SCHEME } from '../contract/request-signature.ts';
import type { SheetEditBody } from '../contract/edit-request.ts';
import type { Logs } from '../logs.ts';
import type { IdTokenVerifier } from '../ports/identity-ports.ts';
import { type HttpInput, type HttpOutput, errorResponse, headerValue } from './http-types.ts';

export type IdentityOutcome = { ok: true; body: SheetEditBody } | { ok: false; output: HttpOutput };

function bearerToken(input: HttpInput): string | undefined {
  const value = headerValue(input, ID_TOKEN_HEADER)?.trim();
  const prefix = `${ID_TOKEN_SCHEME} `;
  if (!value || value.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  const token = value.slice(prefix.length).trim();
  return token === '' ? undefined : token;
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export async function checkRequestIdentity(
  input: HttpInput,
  body: SheetEditBody,
  options: { verifier: IdTokenVerifier | undefined; now: DateTime; logs: Logs },
): Promise<IdentityOutcome> {
  if (!options.verifier) return { ok: true, body };
  const refuse = (reason: string, output: HttpOutput): IdentityOutcome => {
    options.logs.identityRefused(reason, body.eventId, body.spreadsheetId);
    return { ok: false, output };
  };
  const token = bearerToken(input);
  if (!token) return refuse('ID_TOKEN_MISSING', errorResponse(401, 'ID_TOKEN_MISSING'));
  const verdict = await options.verifier.verify(token, options.now);
  if (!verdict.ok) return refuse(`ID_TOKEN_${verdict.reason}`, errorResponse(401, 'ID_TOKEN_INVALID'));
  const signedIn = verdict.email;
  if (!signedIn) return { ok: true, body };

  if (body.kind === 'sendNotice') {
    if (body.editor === '') return { ok: true, body: { ...body, editor: signedIn } };
    if (!sameAddress(body.editor, signedIn)) return refuse('EDITOR_MISMATCH', errorResponse(403, 'EDITOR_MISMATCH'));
  }
  // "Check setup" mails whoever runs it: only to the signed-in account.
  if (body.kind === 'setupCheck' && body.sendTestMailTo && !sameAddress(body.sendTestMailTo, signedIn)) {
    return refuse('EDITOR_MISMATCH', errorResponse(403, 'EDITOR_MISMATCH'));
  }
  return { ok: true, body };
}
