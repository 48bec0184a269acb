// The Google ID token check with google-auth-library, without the network: the test makes its own RSA key pair,
// signs tokens shaped like ScriptApp.getIdentityToken()'s (RS256, iss accounts.google.com, aud the script's client
// ID), and hands the verifier its public key through the certificates port instead of Google's.
//
// google-auth-library checks a token's lifetime against the machine clock itself (new Date()); the verifier checks
// it against the injected clock first. Here the library's Date is set to the same pinned instant, so nothing reads
// the real clock, and the cases where the two differ show that the injected one decides.
import { createSign, generateKeyPairSync } from 'node:crypto';
import type { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GOOGLE_ID_TOKEN_ISSUER, GoogleIdTokenVerifier } from '../../functions/src/adapters/google-id-token.ts';
import type { SigningCertificates } from '../../functions/src/ports/identity-ports.ts';
import { WORKING_MORNING } from '../support/pinned-time.ts';

const NOW = WORKING_MORNING;
const AUDIENCE = '1234567890-abcdefghijklmnop.apps.googleusercontent.com';
const KEY_ID = 'test-key-1';

const google = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = google.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signToken(
  claims: Record<string, unknown>,
  options: { key?: typeof google.privateKey; kid?: string } = {},
): string {
  const header = base64url({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? KEY_ID });
  const payload = base64url(claims);
  const signature = createSign('RSA-SHA256')
    .update(`${header}.${payload}`)
    .sign(options.key ?? google.privateKey)
    .toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Claims as Apps Script's token carries them, issued at `at` for an hour. */
function claims(at: DateTime, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: GOOGLE_ID_TOKEN_ISSUER,
    azp: AUDIENCE,
    aud: AUDIENCE,
    sub: '109876543210987654321',
    email: 'li.na@demo.example',
    email_verified: true,
    iat: Math.floor(at.toSeconds()),
    exp: Math.floor(at.toSeconds()) + 3600,
    ...overrides,
  };
}

const certificateRequests: number[] = [];
const certificates: SigningCertificates = {
  current: async () => {
    certificateRequests.push(1);
    return { [KEY_ID]: publicPem };
  },
};
const verifier = new GoogleIdTokenVerifier({ audience: AUDIENCE, certificates });

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW.toJSDate());
});

afterAll(() => {
  vi.useRealTimers();
});

describe('GoogleIdTokenVerifier', () => {
  it('accepts a token of the script and names its verified address', async () => {
    expect(await verifier.verify(signToken(claims(NOW)), NOW)).toEqual({ ok: true, email: 'li.na@demo.example' });
  });

  it('uses the certificates it is given (production: Google’s, fetched by google-auth-library)', async () => {
    const before = certificateRequests.length;
    await verifier.verify(signToken(claims(NOW)), NOW);
    expect(certificateRequests.length).toBe(before + 1);
  });

  it('an address Google has not verified names nobody, but the token still counts', async () => {
    const token = signToken(claims(NOW, { email_verified: false }));
    expect(await verifier.verify(token, NOW)).toEqual({ ok: true, email: undefined });
  });

  it.each([
    {
      case: 'another project’s client ID',
      token: () => signToken(claims(NOW, { aud: 'other.apps.googleusercontent.com' })),
      reason: 'AUDIENCE',
    },
    { case: 'another issuer', token: () => signToken(claims(NOW, { iss: 'https://evil.example' })), reason: 'ISSUER' },
    {
      case: 'signed by another key',
      token: () => signToken(claims(NOW), { key: stranger.privateKey }),
      reason: 'SIGNATURE',
    },
    { case: 'an unknown key ID', token: () => signToken(claims(NOW), { kid: 'rotated-away' }), reason: 'SIGNATURE' },
    { case: 'not a JWT', token: () => 'not-a-token', reason: 'MALFORMED' },
    { case: 'no lifetime', token: () => signToken({ ...claims(NOW), exp: undefined }), reason: 'MALFORMED' },
    { case: 'expired an hour ago', token: () => signToken(claims(NOW.minus({ hours: 2 }))), reason: 'EXPIRED' },
    { case: 'issued in an hour', token: () => signToken(claims(NOW.plus({ hours: 1 }))), reason: 'NOT_YET_VALID' },
  ])('refuses $case ($reason)', async ({ token, reason }) => {
    expect(await verifier.verify(token(), NOW)).toEqual({ ok: false, reason });
  });

  it('the lifetime is judged at the injected instant, not the machine clock’s', async () => {
    // Valid by the (pinned) machine clock, expired by the injected one two hours later.
    const token = signToken(claims(NOW));
    expect(await verifier.verify(token, NOW.plus({ hours: 2 }))).toEqual({ ok: false, reason: 'EXPIRED' });
    // Within the five minutes of clock difference either side, as google-auth-library allows.
    expect((await verifier.verify(token, NOW.plus({ minutes: 64 }))).ok).toBe(true);
  });
});
