import { describe, expect, it } from 'vitest';
import { parseWorkbookInitEnv } from '../../functions/src/config.ts';

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
