// minutesResponse: the small page a minutes mail's confirm/object link opens. GET shows the question (with
// Confirm, and Object with a reason); POST records the answer. The link's own signature is the credential
// (response-link.ts), so an expired or edited link gets a clear page and changes nothing. Every text comes from
// the message table, every value is HTML-escaped, and the page has no script.
import { type MessageCode, type MessageParams, type WorkbookLanguage, formatMessage } from '../domain/messages.ts';
import { MINUTES_LABELS } from '../domain/messages.ts';
import { escapeHtml } from '../domain/mail/mail-templates.ts';
import type { MinutesPageOutcome } from '../workflows/confirm-minutes.ts';
import type { HttpInput, HttpOutput } from './http-types.ts';

export interface MinutesResponseHandlerDeps {
  describe: (token: string) => Promise<MinutesPageOutcome>;
  respond: (token: string, answer: { answer: 'confirm' | 'object'; reason?: string }) => Promise<MinutesPageOutcome>;
}

/** A reason is a few sentences; anything longer than this is not from the form. */
const MAX_FORM_BYTES = 16 * 1024;

const html = escapeHtml;

function text(code: MessageCode, params: MessageParams, language: WorkbookLanguage): string {
  const zh = formatMessage(code, params, 'zh');
  const en = formatMessage(code, params, 'en');
  return language === 'mixed' ? `${zh}\n${en}` : language === 'en' ? en : zh;
}

function label(key: keyof typeof MINUTES_LABELS, language: WorkbookLanguage): string {
  const { zh, en } = MINUTES_LABELS[key];
  return language === 'en' ? en : language === 'zh' ? zh : `${zh} / ${en}`;
}

function page(status: number, language: WorkbookLanguage, message: string, form?: string): HttpOutput {
  const paragraphs = message
    .split('\n')
    .map((line) => `<p>${html(line)}</p>`)
    .join('');
  const body =
    `<!doctype html><html lang="${language === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${html(label('pageTitle', language))}</title>` +
    '<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}' +
    'textarea{width:100%;min-height:6em}button{margin:.5em .5em 0 0;padding:.4em 1.2em}</style></head>' +
    `<body><h1>${html(label('pageTitle', language))}</h1>${paragraphs}${form ?? ''}</body></html>`;
  return { status, body, contentType: 'text/html; charset=utf-8' };
}

function form(token: string, language: WorkbookLanguage, focus: string | null): string {
  const hidden = `<input type="hidden" name="t" value="${html(token)}">`;
  return (
    `<form method="post">${hidden}<button type="submit" name="answer" value="confirm"` +
    `${focus === 'confirm' ? ' autofocus' : ''}>${html(label('confirm', language))}</button></form>` +
    `<form method="post">${hidden}<p><label>${html(label('reason', language))}<br>` +
    `<textarea name="reason" maxlength="2000"${focus === 'object' ? ' autofocus' : ''}></textarea></label></p>` +
    `<button type="submit" name="answer" value="object">${html(label('object', language))}</button></form>`
  );
}

function render(outcome: MinutesPageOutcome, token: string, focus: string | null): HttpOutput {
  if (!outcome.ok) return page(outcome.status, 'mixed', text(outcome.code, outcome.params, 'mixed'));
  const message = text(outcome.code, outcome.params, outcome.language);
  return outcome.code === 'MINUTES_PAGE_QUESTION'
    ? page(200, outcome.language, message, form(token, outcome.language, focus))
    : page(200, outcome.language, message);
}

export async function handleMinutesResponse(input: HttpInput, deps: MinutesResponseHandlerDeps): Promise<HttpOutput> {
  const query = new URL(input.url ?? '/', 'http://link').searchParams;
  if (input.method === 'GET') {
    const token = query.get('t') ?? '';
    return render(await deps.describe(token), token, query.get('answer'));
  }
  if (input.method !== 'POST') return page(405, 'mixed', text('MINUTES_LINK_INVALID', {}, 'mixed'));
  if (input.rawBody.length > MAX_FORM_BYTES) return page(413, 'mixed', text('MINUTES_LINK_INVALID', {}, 'mixed'));
  const fields = new URLSearchParams(input.rawBody.toString('utf8'));
  const token = fields.get('t') ?? query.get('t') ?? '';
  const answer = fields.get('answer');
  if (answer !== 'confirm' && answer !== 'object') return render(await deps.describe(token), token, null);
  const reason = fields.get('reason') ?? undefined;
  const outcome = await deps.respond(token, { answer, ...(reason !== undefined ? { reason } : {}) });
  // A refused objection (no reason) shows the question again, with the message above it.
  if (!outcome.ok && outcome.code === 'MINUTES_REASON_REQUIRED') {
    const question = await deps.describe(token);
    if (question.ok) {
      const shown = render(question, token, 'object');
      const note = `<p><strong>${html(text(outcome.code, {}, question.language))}</strong></p>`;
      return { ...shown, status: 400, body: String(shown.body).replace('<form', `${note}<form`) };
    }
  }
  return render(outcome, token, null);
}
