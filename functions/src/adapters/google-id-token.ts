// Checks the Google ID token the script sends (ScriptApp.getIdentityToken(), `Authorization: Bearer …`) with
// google-auth-library: the signature against Google's certificates, the audience (the OAuth client ID of the
// script's Cloud project) and the issuer. Its lifetime is checked against the injected clock, before the
// library's own check (which reads the machine clock: the two agree in production, where both are real time).
import { OAuth2Client } from 'google-auth-library';
import type { DateTime } from 'luxon';
import type { IdTokenFailure, IdTokenVerdict, IdTokenVerifier, SigningCertificates } from '../ports/identity-ports.ts';

/** The issuer of the ID tokens Apps Script hands out. */
export const GOOGLE_ID_TOKEN_ISSUER = 'https://accounts.google.com';
/** Clock difference allowed either side of a token's lifetime, as google-auth-library allows. */
const CLOCK_SKEW_SECONDS = 300;

interface Claims {
  iat?: unknown;
  exp?: unknown;
  email?: unknown;
  email_verified?: unknown;
}

function decodeClaims(token: string): Claims | undefined {
  const segments = token.split('.');
  if (segments.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(segments[1] ?? '', 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Claims) : undefined;
  } catch {
    return undefined;
  }
}

/** google-auth-library reports every failure as an Error with a sentence; these are its sentences. */
function classifyLibraryError(error: unknown): IdTokenFailure {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('Wrong recipient')) return 'AUDIENCE';
  if (message.startsWith('Invalid issuer')) return 'ISSUER';
  if (message.startsWith('Token used too late') || message.startsWith('Expiration time too far')) return 'EXPIRED';
  if (message.startsWith('Token used too early')) return 'NOT_YET_VALID';
  if (message.startsWith('Invalid token signature') || message.startsWith('No pem found')) return 'SIGNATURE';
  return 'MALFORMED';
}

export class GoogleIdTokenVerifier implements IdTokenVerifier {
  readonly #client = new OAuth2Client();
  readonly #audience: string;
  readonly #certificates: SigningCertificates;

  constructor(options: { audience: string; certificates: SigningCertificates }) {
    this.#audience = options.audience;
    this.#certificates = options.certificates;
  }

  async verify(token: string, now: DateTime): Promise<IdTokenVerdict> {
    const claims = decodeClaims(token);
    if (!claims || typeof claims.iat !== 'number' || typeof claims.exp !== 'number') {
      return { ok: false, reason: 'MALFORMED' };
    }
    const nowSeconds = now.toSeconds();
    if (nowSeconds > claims.exp + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'EXPIRED' };
    if (nowSeconds < claims.iat - CLOCK_SKEW_SECONDS) return { ok: false, reason: 'NOT_YET_VALID' };
    const certificates = await this.#certificates.current();
    let payload: Claims | undefined;
    try {
      const ticket = await this.#client.verifySignedJwtWithCertsAsync(token, { ...certificates }, this.#audience, [
        GOOGLE_ID_TOKEN_ISSUER,
      ]);
      payload = ticket.getPayload();
    } catch (error) {
      // The library's messages quote the token and its payload (the e-mail address): only the kind goes on.
      return { ok: false, reason: classifyLibraryError(error) };
    }
    // An address Google has not verified names nobody; the token still proves the script sent the request.
    const email = payload?.email_verified === true && typeof payload.email === 'string' ? payload.email : undefined;
    return { ok: true, email };
  }
}

/** Google's ID-token signing certificates (PEM), fetched and cached by google-auth-library per max-age. */
export function googleSigningCertificates(client: OAuth2Client = new OAuth2Client()): SigningCertificates {
  return {
    async current() {
      const { certs } = await client.getFederatedSignonCertsAsync();
      const pem: Record<string, string> = {};
      for (const [kid, cert] of Object.entries(certs)) if (typeof cert === 'string') pem[kid] = cert;
      return pem;
    },
  };
}
