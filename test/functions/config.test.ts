import { describe, expect, it } from 'vitest';
import { parseConfig, parseWorkbookInitEnv } from '../../functions/src/config.ts';
import { MAX_REQUEST_BODY_BYTES } from '../../functions/src/contract/edit-request.ts';

describe('parseWorkbookInitEnv: what workbook:init reads from the environment', () => {
  it.each([
    { env: {}, parsed: { tabLanguage: 'zh' } },
    { env: { DEFAULT_LANGUAGE: 'en' }, parsed: { tabLanguage: 'en' } },
    { env: { DEFAULT_LANGUAGE: 'mixed' }, parsed: { tabLanguage: 'zh' } },
    {
      env: { WORKSPACE_ROOT_URL: 'http://127.0.0.1:4000/' },
      parsed: { tabLanguage: 'zh', workspaceRootUrl: 'http://127.0.0.1:4000/' },
    },
    { env: { WORKSPACE_ROOT_URL: '' }, parsed: { tabLanguage: 'zh' } },
  ])('$env → $parsed', ({ env, parsed }) => {
    expect(parseWorkbookInitEnv(env)).toEqual(parsed);
  });
});

describe('parseConfig: request hardening', () => {
  const base = { SHEET_EDIT_SECRET: 'current-secret-0123456789' };

  it('defaults: a 10 MiB body limit, no rotation, no ID token', () => {
    const config = parseConfig(base);
    expect(config.maxRequestBytes).toBe(MAX_REQUEST_BODY_BYTES);
    expect(config.maxRequestBytes).toBe(10 * 1024 * 1024);
    expect(config.sheetEditSecretPrevious).toBeUndefined();
    expect(config.sheetEditSecretPreviousUntil).toBeUndefined();
    expect(config.idTokenAudience).toBeUndefined();
  });

  it.each([
    ['65536', 65_536],
    ['33554432', 33_554_432],
    ['20000000', 20_000_000],
  ])('MAX_REQUEST_BYTES=%s', (value, bytes) => {
    expect(parseConfig({ ...base, MAX_REQUEST_BYTES: value }).maxRequestBytes).toBe(bytes);
  });

  it.each(['65535', '33554433', '1e6x', 'ten', '1.5'])('MAX_REQUEST_BYTES=%s is refused', (value) => {
    expect(() => parseConfig({ ...base, MAX_REQUEST_BYTES: value })).toThrow(/maxRequestBytes/u);
  });

  it('a rotation: the previous secret and the end of its window, as an instant', () => {
    const config = parseConfig({
      ...base,
      SHEET_EDIT_SECRET_PREVIOUS: 'previous-secret-0123456789',
      SHEET_EDIT_SECRET_PREVIOUS_UNTIL: '2027-03-16T09:00:00+08:00',
    });
    expect(config.sheetEditSecretPrevious).toBe('previous-secret-0123456789');
    expect(config.sheetEditSecretPreviousUntil?.toUTC().toISO()).toBe('2027-03-16T01:00:00.000Z');
  });

  it.each([
    [{ SHEET_EDIT_SECRET_PREVIOUS: 'previous-secret-0123456789' }, /set together/u],
    [{ SHEET_EDIT_SECRET_PREVIOUS_UNTIL: '2027-03-16T01:00:00Z' }, /set together/u],
    [
      { SHEET_EDIT_SECRET_PREVIOUS: 'previous-secret-0123456789', SHEET_EDIT_SECRET_PREVIOUS_UNTIL: '2027-03-16' },
      /ISO instant with an offset/u,
    ],
    [
      {
        SHEET_EDIT_SECRET_PREVIOUS: 'previous-secret-0123456789',
        SHEET_EDIT_SECRET_PREVIOUS_UNTIL: '2027-03-16T09:00:00',
      },
      /ISO instant with an offset/u,
    ],
    [{ SHEET_EDIT_SECRET_PREVIOUS: 'short', SHEET_EDIT_SECRET_PREVIOUS_UNTIL: '2027-03-16T01:00:00Z' }, /at least 16/u],
    [
      {
        SHEET_EDIT_SECRET_PREVIOUS: 'current-secret-0123456789',
        SHEET_EDIT_SECRET_PREVIOUS_UNTIL: '2027-03-16T01:00:00Z',
      },
      /must differ/u,
    ],
  ])('%j is refused', (env, message) => {
    expect(() => parseConfig({ ...base, ...env })).toThrow(message);
  });

  it('SHEET_EDIT_ID_TOKEN_AUDIENCE names the script’s client ID', () => {
    const audience = '1234567890-abc.apps.googleusercontent.com';
    expect(parseConfig({ ...base, SHEET_EDIT_ID_TOKEN_AUDIENCE: ` ${audience} ` }).idTokenAudience).toBe(audience);
    expect(parseConfig({ ...base, SHEET_EDIT_ID_TOKEN_AUDIENCE: '' }).idTokenAudience).toBeUndefined();
  });
});
