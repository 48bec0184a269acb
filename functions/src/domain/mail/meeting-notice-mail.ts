// Words and layout of the meeting mails: the notice (会议通知) with its updates and cancellation, the reminder
// on the day, and the material-deadline reminder to presenters. Same conventions as mail-templates.ts: one
// language per mail unless the workbook appends the other, absolute times in the workbook zone (a mail may be
// delivered later than planned), every sheet value HTML-escaped, links kept only when http(s).
import { DateTime } from 'luxon';
import { escapeHtml, oneLine, safeLink, truncate, type MailLanguages } from './mail-templates.ts';
import type { Lang } from '../messages.ts';
import type { MailContent } from './outbox-message.ts';
import { MEETING_TYPE_OPTIONS } from '../workbook/workbook-schema.ts';
import { type CarriedActionView, carriedOverLines } from '../minutes/carry-over.ts';

export interface NoticeMeeting {
  id: string;
  type: string;
  title: string;
  /** ISO instants. */
  start: string;
  end: string;
  venue?: string;
  host: { email: string; name: string };
  lodging?: string;
}

export interface NoticeAgendaItem {
  id: string;
  order: number;
  topic: string;
  presenter?: string;
  presenterName?: string;
  minutesAllotted?: number;
  materialLink?: string;
  materialDue?: string;
  /**
   * On a series meeting's review item (上次决议跟踪): the open actions of the series' earlier meetings
   * (domain/minutes/carry-over.ts), listed under the item until they are done.
   */
  carriedOver?: readonly CarriedActionView[];
}

export type NoticeVariant = 'notice' | 'update' | 'cancel';

/** What changed since the version attendees last received, for an update's intro. */
export interface NoticeChanges {
  previousStart?: string;
  previousEnd?: string;
  previousVenue?: string;
}

const LOCALE: Readonly<Record<Lang, string>> = { zh: 'zh-CN', en: 'en-GB' };
const BRAND: Readonly<Record<Lang, string>> = { zh: '[会议跟进]', en: '[Follow-up]' };
const FOOTER: Readonly<Record<Lang, string>> = {
  zh: '此邮件由会议跟进系统自动发送,请勿直接回复。请按时参会;如需请假,请在“签到”表中申请。',
  en:
    'Sent automatically by the meeting follow-up system; replies are not read. If you cannot attend, request ' +
    'leave on the Attendance tab.',
};
const SUBJECT_TITLE_MAX = 50;

function at(iso: string, zone: string, lang: Lang): DateTime {
  return DateTime.fromISO(iso, { zone }).setLocale(LOCALE[lang]);
}

/** '2026年12月4日(周五) 14:00' / 'Fri 4 Dec 2026 14:00'. */
function formatDateTime(iso: string, zone: string, lang: Lang): string {
  return at(iso, zone, lang).toFormat(lang === 'zh' ? 'yyyy年M月d日(ccc) HH:mm' : 'ccc d LLL yyyy HH:mm');
}

/** Start–end on one line; the end's date only when the meeting runs past midnight. */
function formatSpan(start: string, end: string, zone: string, lang: Lang): string {
  const from = at(start, zone, lang);
  const to = at(end, zone, lang);
  const sameDay = from.toISODate() === to.toISODate();
  return (
    `${formatDateTime(start, zone, lang)}–${sameDay ? to.toFormat('HH:mm') : formatDateTime(end, zone, lang)} ` +
    `(${zone})`
  );
}

function shortDateTime(iso: string, zone: string, lang: Lang): string {
  return at(iso, zone, lang).toFormat(lang === 'zh' ? 'M月d日(ccc) HH:mm' : 'ccc d LLL HH:mm');
}

function typeLabel(type: string, lang: Lang): string {
  return MEETING_TYPE_OPTIONS.find((option) => option.key === type)?.[lang] ?? type;
}

/** One agenda line; also the DESCRIPTION of the invitation. */
export function agendaLine(item: NoticeAgendaItem, lang: Lang): string {
  const who = item.presenterName ?? item.presenter;
  const extras = [
    who ? oneLine(who) : undefined,
    item.minutesAllotted !== undefined
      ? lang === 'zh'
        ? `${item.minutesAllotted} 分钟`
        : `${item.minutesAllotted} min`
      : undefined,
  ].filter((part): part is string => part !== undefined);
  return (
    `${item.order}. ${oneLine(item.topic)}` +
    `${extras.length > 0 ? ` (${extras.join(lang === 'zh' ? ',' : ', ')})` : ''}`
  );
}

export function sortAgenda(agenda: readonly NoticeAgendaItem[]): NoticeAgendaItem[] {
  return [...agenda].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------------------
// Model and rendering

interface Body {
  greeting: string;
  intro: string;
  facts: Array<readonly [string, string]>;
  listHeading?: string;
  list: Array<{ text: string; link?: string }>;
  footer: string;
}

function greeting(name: string, lang: Lang): string {
  return lang === 'zh' ? `${oneLine(name)},您好:` : `Hello ${oneLine(name)},`;
}

function renderText(body: Body, lang: Lang): string {
  const colon = lang === 'zh' ? ':' : ': ';
  const lines = [body.greeting, '', body.intro, ''];
  for (const [label, value] of body.facts) lines.push(`${label}${colon}${value}`);
  if (body.list.length > 0) {
    lines.push('', `■ ${body.listHeading ?? ''}`);
    for (const row of body.list) lines.push(row.link ? `${row.text}  ${row.link}` : row.text);
  }
  lines.push('', '--', body.footer);
  return lines.join('\n');
}

const CELL = 'padding:6px 8px;border-bottom:1px solid #eeeeee;vertical-align:top;';
const FONT = "font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',Arial,Helvetica,sans-serif";

function renderHtmlFragment(body: Body, lang: Lang): string {
  const linkLabel = lang === 'zh' ? '材料' : 'Material';
  const parts = [
    `<p style="margin:0 0 12px 0;">${escapeHtml(body.greeting)}</p>`,
    `<p style="margin:0 0 12px 0;">${escapeHtml(body.intro)}</p>`,
    '<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px;">',
    ...body.facts.map(
      ([label, value]) =>
        `<tr><td style="${CELL}color:#666666;white-space:nowrap;">${escapeHtml(label)}</td><td ` +
        `style="${CELL}">${escapeHtml(value)}</td></tr>`,
    ),
    '</table>',
  ];
  if (body.list.length > 0) {
    parts.push(
      `<h3 style="margin:16px 0 6px 0;font-size:15px;color:#222222;">${escapeHtml(body.listHeading ?? '')}</h3>`,
      '<ol style="margin:0;padding-left:0;list-style:none;">',
    );
    for (const row of body.list) {
      const link = row.link
        ? ` <a href="${escapeHtml(row.link)}" style="color:#1a73e8;text-decoration:none;">${escapeHtml(linkLabel)}</a>`
        : '';
      parts.push(`<li style="margin:0 0 4px 0;">${escapeHtml(row.text)}${link}</li>`);
    }
    parts.push('</ol>');
  }
  parts.push(`<p style="margin:20px 0 0 0;color:#888888;font-size:12px;">${escapeHtml(body.footer)}</p>`);
  return parts.join('\n');
}

function compose(languages: MailLanguages, subject: string, bodyIn: (lang: Lang) => Body): MailContent {
  const langs = languages.secondary ? [languages.primary, languages.secondary] : [languages.primary];
  const divider = '\n<hr style="border:none;border-top:1px solid #dddddd;margin:24px 0;">\n';
  return {
    subject,
    text: langs.map((lang) => renderText(bodyIn(lang), lang)).join('\n\n――――――――――――――――――――\n\n'),
    html: [
      '<!DOCTYPE html>',
      `<html lang="${languages.primary === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">`,
      `<title>${escapeHtml(subject)}</title></head>`,
      '<body style="margin:0;padding:0;background-color:#f4f4f4;">',
      '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background-color:#f4f4f4;' +
        '"><tr><td align="center" style="padding:16px 8px;">',
      '<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="width:100%;max-width:640px;' +
        `background-color:#ffffff;border:1px solid #e0e0e0;${FONT};font-size:14px;line-height:1.6;color:#222222;">`,
      '<tr><td style="padding:20px 24px;">',
      langs.map((lang) => renderHtmlFragment(bodyIn(lang), lang)).join(divider),
      '</td></tr></table>',
      '</td></tr></table>',
      '</body></html>',
    ].join('\n'),
  };
}

function meetingFacts(meeting: NoticeMeeting, zone: string, lang: Lang): Array<readonly [string, string]> {
  const labels =
    lang === 'zh'
      ? { title: '会议', type: '类型', when: '时间', venue: '地点', host: '主持人', lodging: '食宿安排' }
      : { title: 'Meeting', type: 'Type', when: 'When', venue: 'Venue', host: 'Host', lodging: 'Lodging' };
  const facts: Array<readonly [string, string]> = [
    [labels.title, oneLine(meeting.title)],
    [labels.type, typeLabel(meeting.type, lang)],
    [labels.when, formatSpan(meeting.start, meeting.end, zone, lang)],
  ];
  if (meeting.venue?.trim()) facts.push([labels.venue, oneLine(meeting.venue)]);
  facts.push([labels.host, oneLine(meeting.host.name)]);
  if (meeting.lodging?.trim()) facts.push([labels.lodging, oneLine(meeting.lodging)]);
  return facts;
}

function agendaList(agenda: readonly NoticeAgendaItem[], lang: Lang): Body['list'] {
  return sortAgenda(agenda).flatMap((item) => {
    const link = safeLink(item.materialLink);
    const carried = carriedOverLines(item.carriedOver ?? [], lang).map((line) => ({ text: `　- ${oneLine(line)}` }));
    return [{ text: agendaLine(item, lang), ...(link ? { link } : {}) }, ...carried];
  });
}

// ---------------------------------------------------------------------------------------------------------
// Notice, update, cancellation

export interface NoticeMailInput {
  variant: NoticeVariant;
  meeting: NoticeMeeting;
  agenda: readonly NoticeAgendaItem[];
  recipientName: string;
  zone: string;
  languages: MailLanguages;
  changes?: NoticeChanges;
}

function noticeSubject(input: NoticeMailInput, lang: Lang): string {
  const title = truncate(oneLine(input.meeting.title), SUBJECT_TITLE_MAX);
  const when = shortDateTime(input.meeting.start, input.zone, lang);
  const head =
    lang === 'zh'
      ? { notice: '会议通知', update: '会议变更', cancel: '会议取消' }[input.variant]
      : { notice: 'Meeting notice', update: 'Meeting changed', cancel: 'Meeting cancelled' }[input.variant];
  return lang === 'zh' ? `${BRAND.zh} ${head}:${title} · ${when}` : `${BRAND.en} ${head}: ${title} · ${when}`;
}

function changeSentences(input: NoticeMailInput, lang: Lang): string[] {
  const changes = input.changes ?? {};
  const { meeting, zone } = input;
  const sentences: string[] = [];
  if (changes.previousStart !== undefined && changes.previousEnd !== undefined) {
    const before = formatSpan(changes.previousStart, changes.previousEnd, zone, lang);
    const after = formatSpan(meeting.start, meeting.end, zone, lang);
    sentences.push(lang === 'zh' ? `时间由 ${before} 改为 ${after}。` : `The time moved from ${before} to ${after}.`);
  }
  if (changes.previousVenue !== undefined) {
    const before = oneLine(changes.previousVenue) || (lang === 'zh' ? '(未定)' : '(none)');
    const after = oneLine(meeting.venue ?? '') || (lang === 'zh' ? '(未定)' : '(none)');
    sentences.push(
      lang === 'zh' ? `地点由 ${before} 改为 ${after}。` : `The venue changed from ${before} to ${after}.`,
    );
  }
  return sentences;
}

function noticeBody(input: NoticeMailInput, lang: Lang): Body {
  let intro: string;
  if (input.variant === 'cancel') {
    intro =
      lang === 'zh'
        ? '以下会议已取消,日历中的邀请将随附件一并删除:'
        : 'This meeting has been cancelled; the attached file removes it from your calendar:';
  } else if (input.variant === 'update') {
    const changed = changeSentences(input, lang).join(' ');
    intro =
      lang === 'zh'
        ? `会议安排有变更。${changed}请以本通知为准,附件可更新您的日历:`
        : `The meeting has changed. ${changed} This notice replaces the earlier one; ` +
          'the attachment updates your calendar:';
  } else {
    intro =
      lang === 'zh'
        ? '请准时参加以下会议,附件可加入您的日历:'
        : 'You are invited to the meeting below; the attachment adds it to your calendar:';
  }
  return {
    greeting: greeting(input.recipientName, lang),
    intro,
    facts: meetingFacts(input.meeting, input.zone, lang),
    listHeading: lang === 'zh' ? '议程' : 'Agenda',
    list: input.variant === 'cancel' ? [] : agendaList(input.agenda, lang),
    footer: FOOTER[lang],
  };
}

export function renderMeetingNoticeMail(input: NoticeMailInput): MailContent {
  return compose(input.languages, noticeSubject(input, input.languages.primary), (lang) => noticeBody(input, lang));
}

// ---------------------------------------------------------------------------------------------------------
// Reminder on the day

export interface DayReminderMailInput {
  meeting: NoticeMeeting;
  agenda: readonly NoticeAgendaItem[];
  recipientName: string;
  zone: string;
  languages: MailLanguages;
}

export function renderMeetingDayReminderMail(input: DayReminderMailInput): MailContent {
  const lang = input.languages.primary;
  const title = truncate(oneLine(input.meeting.title), SUBJECT_TITLE_MAX);
  const when = shortDateTime(input.meeting.start, input.zone, lang);
  const subject = lang === 'zh' ? `${BRAND.zh} ${when} 开会:${title}` : `${BRAND.en} Starts ${when}: ${title}`;
  return compose(input.languages, subject, (l) => ({
    greeting: greeting(input.recipientName, l),
    intro:
      l === 'zh'
        ? `提醒:以下会议将于 ${formatDateTime(input.meeting.start, input.zone, l)} 开始,请准时参加。`
        : `Reminder: this meeting starts on ${formatDateTime(input.meeting.start, input.zone, l)}.`,
    facts: meetingFacts(input.meeting, input.zone, l),
    listHeading: l === 'zh' ? '议程' : 'Agenda',
    list: agendaList(input.agenda, l),
    footer: FOOTER[l],
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Material deadline reminder (seed 002: materials go to the organiser before the meeting)

export interface MaterialReminderMailInput {
  meeting: NoticeMeeting;
  item: NoticeAgendaItem & { materialDue: string };
  recipientName: string;
  zone: string;
  languages: MailLanguages;
}

export function renderMaterialReminderMail(input: MaterialReminderMailInput): MailContent {
  const lang = input.languages.primary;
  const topic = truncate(oneLine(input.item.topic), SUBJECT_TITLE_MAX);
  const due = shortDateTime(input.item.materialDue, input.zone, lang);
  const subject = lang === 'zh' ? `${BRAND.zh} 材料截止 ${due}:${topic}` : `${BRAND.en} Material due ${due}: ${topic}`;
  return compose(input.languages, subject, (l) => {
    const dueLong = formatDateTime(input.item.materialDue, input.zone, l);
    const labels = l === 'zh' ? { topic: '议题', due: '材料截止' } : { topic: 'Topic', due: 'Material due' };
    return {
      greeting: greeting(input.recipientName, l),
      intro:
        l === 'zh'
          ? `您在以下会议中有汇报议题,尚未在“议程”表中填写材料链接。请于 ${dueLong} 前提交材料,并把链接填入“材料链接”列。`
          : 'You present at the meeting below and no material link is on the Agenda tab yet. ' +
            `Please submit your material by ${dueLong} and paste its link into the "Material link" column.`,
      facts: [
        ...meetingFacts(input.meeting, input.zone, l),
        [labels.topic, oneLine(input.item.topic)],
        [labels.due, dueLong],
      ],
      list: [],
      footer: FOOTER[l],
    };
  });
}
