import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { signResponseToken, verifyResponseToken } from '../../../functions/src/domain/minutes/response-link.ts';

const NOW = DateTime.fromISO('2027-03-09T09:00', { zone: 'Asia/Shanghai' });
const SECRET = 'minutes-test-secret-0123456789';
const SECRETS = { current: SECRET };
const claims = {
  workbookId: 'WB-1',
  meetingId: 'M-1',
  version: 2,
  recipient: 'Li.Wei@Example.com',
  expires: NOW.plus({ hours: 24 }).toSeconds(),
};

describe('signed minutes response link', () => {
  const token = signResponseToken(claims, SECRET);

  it('answers for the recipient, meeting and version it was signed for, until it expires', () => {
    expect(verifyResponseToken(token, SECRETS, NOW)).toEqual({
      ok: true,
      claims: { ...claims, recipient: 'li.wei@example.com' },
    });
    expect(verifyResponseToken(token, SECRETS, NOW.plus({ hours: 24 }))).toMatchObject({
      ok: false,
      code: 'MINUTES_LINK_EXPIRED',
    });
  });

  it.each([
    ['another secret', () => verifyResponseToken(token, { current: 'another-secret-0123456789' }, NOW)],
    [
      'an edited recipient',
      () => {
        const [, signature] = token.split('.');
        const forged = Buffer.from(JSON.stringify(['WB-1', 'M-1', 2, 'boss@example.com', claims.expires]));
        return verifyResponseToken(`${forged.toString('base64url')}.${signature}`, SECRETS, NOW);
      },
    ],
    ['a cut signature', () => verifyResponseToken(token.slice(0, -3), SECRETS, NOW)],
    ['no signature', () => verifyResponseToken(token.split('.')[0]!, SECRETS, NOW)],
    ['garbage', () => verifyResponseToken('%%%', SECRETS, NOW)],
  ])('refuses %s', (_what, check) => {
    expect(check()).toEqual({ ok: false, code: 'MINUTES_LINK_INVALID' });
  });

  it('opens with the previous secret during a rotation, and not after it ended', () => {
    const rotated = {
      current: 'the-new-secret-0123456789',
      previous: { secret: SECRET, until: NOW.plus({ hours: 1 }) },
    };
    expect(verifyResponseToken(token, rotated, NOW)).toMatchObject({ ok: true });
    expect(verifyResponseToken(token, rotated, NOW.plus({ hours: 1 }))).toEqual({
      ok: false,
      code: 'MINUTES_LINK_INVALID',
    });
    const fresh = signResponseToken(claims, rotated.current);
    expect(verifyResponseToken(fresh, rotated, NOW)).toMatchObject({ ok: true });
  });
});
