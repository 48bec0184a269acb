// What the sheetEdit handler needs to check the optional Google ID token the script sends
// (ScriptApp.getIdentityToken()): a verdict on a token at an instant, and the certificates it is checked with.
// Types only.
import type { DateTime } from 'luxon';

/** Why a token was not accepted; logged as a code, shown to the user as ID_TOKEN_INVALID. */
export type IdTokenFailure = 'MALFORMED' | 'SIGNATURE' | 'EXPIRED' | 'NOT_YET_VALID' | 'AUDIENCE' | 'ISSUER';

export type IdTokenVerdict =
  /** `email`: the signed-in account the script ran as, when the token carries a verified address. */
  { readonly ok: true; readonly email?: string | undefined } | { readonly ok: false; readonly reason: IdTokenFailure };

export interface IdTokenVerifier {
  /** Checks signature, audience, issuer and lifetime at `now`. Throws only when certificates cannot be had. */
  verify(token: string, now: DateTime): Promise<IdTokenVerdict>;
}

/** Google's current signing certificates: key ID → PEM. Production fetches them; tests hand over their own. */
export interface SigningCertificates {
  current(): Promise<Readonly<Record<string, string>>>;
}
