// How a request from the sheet is signed: HMAC-SHA256 (hex) over "<unix seconds>.<raw body>" with the shared
// secret, sent in two headers. The timestamp is inside the MAC so a captured request cannot be replayed after the
// window closes; replays inside the window are stopped by the server refusing a reused eventId (Firestore).
// Only the format lives here: the script computes the MAC with Utilities.computeHmacSha256Signature, the server
// with node:crypto (handlers/hmac-signature.ts), and neither may be bundled into the other.

export const SIGNATURE_TIMESTAMP_HEADER = 'X-Signature-Timestamp';
export const SIGNATURE_HEADER = 'X-Signature';
export const DEFAULT_SIGNATURE_WINDOW_SECONDS = 300;

/** The exact text the MAC is computed over (UTF-8). */
export function stringToSign(timestampSeconds: number, body: string): string {
  return `${timestampSeconds}.${body}`;
}

/**
 * Optional: when the server is configured with an ID-token audience, the script also sends
 * `Authorization: Bearer <ScriptApp.getIdentityToken()>`, a Google-signed token of the account it runs as.
 */
export const ID_TOKEN_HEADER = 'Authorization';
export const ID_TOKEN_SCHEME = 'Bearer';
