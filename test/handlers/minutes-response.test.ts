// The minutes response page as the handler renders it, with plain functions for the workflow: sheet text is
// escaped (a meeting title is whatever someone typed), a refusal is a page with its status, the form posts the
// answer, and an objection without a reason shows the form again.
import { describe, expect, it } from 'vitest';
import { handleMinutesResponse } from '../../functions/src/handlers/minutes-response.ts';
import type { MinutesPageOutcome } from '../../functions/src/workflows/confirm-minutes.ts';

const question: MinutesPageOutcome = {
  ok: true,
  code: 'MINUTES_PAGE_QUESTION',
  params: { title: '<script>alert(1)</script>周会', version: 1, until: '2027-03-10 09:00' },
  language: 'mixed',
};
const get = (url: string) => ({ method: 'GET', headers: {}, rawBody: Buffer.alloc(0), url });
const post = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  rawBody: Buffer.from(new URLSearchParams(fields).toString()),
  url: '/minutesResponse',
});

describe('minutesResponse page', () => {
  it('shows the question with both forms, the title escaped, the token carried in the form', async () => {
    const seen: string[] = [];
    const output = await handleMinutesResponse(get('/minutesResponse?t=tok%22en&answer=object'), {
      describe: async (token) => {
        seen.push(token);
        return question;
      },
      respond: async () => question,
    });
    expect(seen).toEqual(['tok"en']);
    expect(output.status).toBe(200);
    expect(output.contentType).toBe('text/html; charset=utf-8');
    const html = String(output.body);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;周会');
    expect(html).toContain('value="tok&quot;en"');
    expect(html).toContain('<textarea name="reason" maxlength="2000" autofocus>');
  });

  it('a refused link is a page with its status in both languages', async () => {
    const refused: MinutesPageOutcome = {
      ok: false,
      status: 410,
      code: 'MINUTES_LINK_EXPIRED',
      params: { until: 'x' },
    };
    const output = await handleMinutesResponse(get('/minutesResponse?t=old'), {
      describe: async () => refused,
      respond: async () => refused,
    });
    expect(output.status).toBe(410);
    expect(String(output.body)).toContain('此链接已于 x 过期');
    expect(String(output.body)).toContain('This link expired at x');
  });

  it('posts the answer; an objection without a reason shows the form again with the message', async () => {
    const answers: unknown[] = [];
    const deps = {
      describe: async () => question,
      respond: async (token: string, answer: { answer: string; reason?: string }): Promise<MinutesPageOutcome> => {
        answers.push({ token, ...answer });
        return answer.answer === 'object' && !answer.reason?.trim()
          ? { ok: false, status: 400, code: 'MINUTES_REASON_REQUIRED', params: {} }
          : { ok: true, code: 'MINUTES_PAGE_CONFIRMED', params: { title: 't', version: 1 }, language: 'en' };
      },
    };
    const confirmed = await handleMinutesResponse(post({ t: 'tok', answer: 'confirm' }), deps);
    expect(String(confirmed.body)).toContain('you confirmed version 1');
    const noReason = await handleMinutesResponse(post({ t: 'tok', answer: 'object', reason: '' }), deps);
    expect(noReason.status).toBe(400);
    expect(String(noReason.body)).toContain('an objection needs a reason');
    expect(String(noReason.body)).toContain('<textarea');
    expect(answers).toEqual([
      { token: 'tok', answer: 'confirm' },
      { token: 'tok', answer: 'object', reason: '' },
    ]);
    const other = await handleMinutesResponse({ ...post({}), method: 'PUT' }, deps);
    expect(other.status).toBe(405);
  });
});
