// The mails of the minutes: each attendee gets version N with the PDF attached, the document link and their own
// confirm and object links; the recorder gets each objection. One outbox message per (version, recipient) and
// per objection, so pressing "Finalize minutes" twice, or a retried tick, mails nobody twice.
import { DateTime } from 'luxon';
import { escapeHtml, oneLine, safeLink, truncate } from '../mail/mail-templates.ts';
import type { PlannedMessage } from '../mail/outbox-message.ts';
import { type Lang, MINUTES_LABELS, formatMessage } from '../messages.ts';

export const MINUTES_MAIL_KIND = 'minutes';
export const MINUTES_OBJECTION_KIND = 'minutesObjection';

const SUBJECT_TITLE_MAX = 50;

export interface MinutesMailRecipient {
  email: string;
  language: Lang;
  /** The signed response page for this person (response-link.ts), opened with ?answer=confirm|object. */
  responseUrl: string;
}

export interface MinutesMailFacts {
  meetingId: string;
  title: string;
  version: number;
  documentUrl: string;
  /** ISO instant: the end of the confirmation window. */
  windowEndsAt: string;
  zone: string;
  pdf: { filename: string; fileId: string };
}

function withAnswer(url: string, answer: 'confirm' | 'object'): string {
  return `${url}${url.includes('?') ? '&' : '?'}answer=${answer}`;
}

export function planMinutesMails(
  facts: MinutesMailFacts,
  recipients: readonly MinutesMailRecipient[],
  now: DateTime,
): PlannedMessage[] {
  const until = DateTime.fromISO(facts.windowEndsAt, { zone: facts.zone }).toFormat('yyyy-MM-dd HH:mm');
  const title = truncate(oneLine(facts.title), SUBJECT_TITLE_MAX);
  return recipients.map((recipient) => {
    const lang = recipient.language;
    const params = { title: oneLine(facts.title), version: facts.version, url: facts.documentUrl, until };
    const body = formatMessage('MINUTES_MAIL_BODY', params, lang);
    const confirm = withAnswer(recipient.responseUrl, 'confirm');
    const object = withAnswer(recipient.responseUrl, 'object');
    const docLink = safeLink(facts.documentUrl);
    const label = (key: keyof typeof MINUTES_LABELS) => MINUTES_LABELS[key][lang];
    const text = [
      body,
      '',
      `${label('confirmLink')}: ${confirm}`,
      `${label('objectLink')}: ${object}`,
      ...(docLink ? [`${label('documentLink')}: ${docLink}`] : []),
    ].join('\n');
    const link = (href: string, name: string) => `<a href="${escapeHtml(href)}">${escapeHtml(name)}</a>`;
    const html =
      `<p>${escapeHtml(body)}</p>` +
      `<p>${link(confirm, label('confirmLink'))} · ${link(object, label('objectLink'))}` +
      `${docLink ? ` · ${link(docLink, label('documentLink'))}` : ''}</p>`;
    return {
      kind: MINUTES_MAIL_KIND,
      subjectRecord: `meetings/${facts.meetingId}`,
      recipient: recipient.email,
      dueSlot: `v${facts.version}`,
      // Minutes are not urgent but are answered within a window: sent at once, quiet hours or not.
      notBefore: now.toISO()!,
      language: lang,
      content: {
        subject: formatMessage('MINUTES_MAIL_SUBJECT', { title, version: facts.version }, lang),
        text,
        html,
      },
      attachmentFiles: [{ filename: facts.pdf.filename, contentType: 'application/pdf', fileId: facts.pdf.fileId }],
    };
  });
}

export function planObjectionMail(
  facts: { meetingId: string; title: string; version: number },
  objection: { recipient: string; reason: string; at: string },
  recorder: { email: string; language: Lang },
  now: DateTime,
): PlannedMessage {
  const lang = recorder.language;
  const params = {
    title: oneLine(facts.title),
    version: facts.version,
    recipient: objection.recipient,
    reason: truncate(oneLine(objection.reason), 500),
  };
  const text = formatMessage('MINUTES_OBJECTION_MAIL_BODY', params, lang);
  return {
    kind: MINUTES_OBJECTION_KIND,
    subjectRecord: `meetings/${facts.meetingId}`,
    recipient: recorder.email,
    // One mail per objection: its author, version and moment.
    dueSlot: `v${facts.version}/${objection.recipient}/${objection.at}`,
    notBefore: now.toISO()!,
    language: lang,
    content: {
      subject: formatMessage(
        'MINUTES_OBJECTION_MAIL_SUBJECT',
        { title: truncate(oneLine(facts.title), SUBJECT_TITLE_MAX), version: facts.version },
        lang,
      ),
      text,
      html: `<p>${escapeHtml(text)}</p>`,
    },
  };
}
