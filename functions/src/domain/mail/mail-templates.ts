// The words and layout of reminder mail, in Simplified Chinese and English.
//
// Decisions:
// - One language per mail by default: the person's own language, else the workbook default. A workbook with a
//   mixed team can set `appendOtherLanguage`; then people who have not chosen a language get the other
//   language below a divider (someone who chose a language gets only that one: doubling every mail would bury
//   the content, and Gmail clips long messages). The subject line is always in the first language only.
// - Content is rendered when the message is planned but may be delivered later (quiet hours, retries), so it
//   never says "in 2 hours" or "today" without the date: every time is absolute, in the workbook zone.
// - Every value that came from a sheet (names, titles, details, links, IDs) is HTML-escaped; links are kept
//   only when they are http(s), so a typed `javascript:` never becomes clickable.
// - The HTML is a single inline-styled table, no <style> block, no remote images or fonts: Gmail strips
//   stylesheets in some clients and blocks remote content by default.
// - Each language's text is built into a small model (greeting, sections of rows, facts, footer) and that
//   model is rendered twice, as plain text and as HTML, so both parts always say the same thing.
import { DateTime } from 'luxon';
import type { DueItem } from './due-items.ts';
import { calendarDaysBetween, dueTimeOf, isEventKind, titleIn } from './due-items.ts';
import type { Lang } from '../messages.ts';
import type { NotificationSettings } from './notification-settings.ts';
import type { MailContent } from './outbox-message.ts';

export interface MailLanguages {
  primary: Lang;
  secondary?: Lang;
}

/** The person's language, else the workbook's; the other one appended only for mixed-language workbooks. */
export function chooseMailLanguages(
  personLanguage: Lang | undefined,
  settings: Pick<NotificationSettings, 'defaultLanguage' | 'appendOtherLanguage'>,
): MailLanguages {
  if (personLanguage !== undefined) return { primary: personLanguage };
  const primary = settings.defaultLanguage;
  return settings.appendOtherLanguage ? { primary, secondary: primary === 'zh' ? 'en' : 'zh' } : { primary };
}

// ---------------------------------------------------------------------------------------------------------
// Rendering a language-neutral model to text and HTML

interface MailRow {
  when: string;
  kind: string;
  title: string;
  detail?: string;
  note?: string;
  link?: string;
}

interface MailSection {
  heading: string;
  rows: MailRow[];
}

interface MailBody {
  greeting: string;
  intro: string;
  sections: MailSection[];
  facts: Array<readonly [label: string, value: string]>;
  linkLabel: string;
  /** ':' after a fact's label in plain text: full-width in Chinese. */
  colon: string;
  footer: string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/gu, (ch) => HTML_ESCAPES[ch]!);
}

/** Sheet text may hold line breaks and control characters; one line reads better in a list and a header. */
export function oneLine(value: string): string {
  /* biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a header line
     must lose */
  return value.replace(/[\u0000-\u001f\u007f\s]+/gu, ' ').trim();
}

export function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value;
}

/** Only plain http(s) links are ever put in a mail; anything else (javascript:, data:) is dropped. */
export function safeLink(link: string | undefined): string | undefined {
  if (link === undefined) return undefined;
  const trimmed = link.trim();
  return /^https?:\/\/[^\s]+$/iu.test(trimmed) ? trimmed : undefined;
}

const DIVIDER_TEXT = '\n\n――――――――――――――――――――\n\n';
const SUBJECT_TITLE_MAX = 50;

function renderText(body: MailBody): string {
  const lines = [body.greeting, '', body.intro];
  for (const section of body.sections) {
    lines.push('', `■ ${section.heading} (${section.rows.length})`);
    for (const row of section.rows) {
      const note = row.note ? ` · ${row.note}` : '';
      lines.push(`- ${row.when} [${row.kind}] ${row.title}${note}`);
      if (row.detail) lines.push(`  ${row.detail}`);
      if (row.link) lines.push(`  ${row.link}`);
    }
  }
  if (body.facts.length > 0) {
    lines.push('');
    for (const [label, value] of body.facts) lines.push(`${label}${body.colon}${value}`);
  }
  lines.push('', '--', body.footer);
  return lines.join('\n');
}

const FONT = "font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',Arial,Helvetica,sans-serif";
const CELL = 'padding:6px 8px;border-bottom:1px solid #eeeeee;vertical-align:top;';

function renderRowHtml(row: MailRow, linkLabel: string): string {
  const note = row.note ? ` <span style="color:#b3261e;">${escapeHtml(row.note)}</span>` : '';
  const detail = row.detail ? `<div style="color:#555555;font-size:13px;">${escapeHtml(row.detail)}</div>` : '';
  const link = row.link
    ? ` <a href="${escapeHtml(row.link)}" style="color:#1a73e8;text-decoration:none;">${escapeHtml(linkLabel)}</a>`
    : '';
  return (
    `<tr><td style="${CELL}white-space:nowrap;color:#333333;">${escapeHtml(row.when)}</td>` +
    `<td style="${CELL}white-space:nowrap;color:#666666;">${escapeHtml(row.kind)}</td>` +
    `<td style="${CELL}"><strong>${escapeHtml(row.title)}</strong>${note}${link}${detail}</td></tr>`
  );
}

function renderHtmlFragment(body: MailBody): string {
  const parts = [
    `<p style="margin:0 0 12px 0;">${escapeHtml(body.greeting)}</p>`,
    `<p style="margin:0 0 12px 0;">${escapeHtml(body.intro)}</p>`,
  ];
  for (const section of body.sections) {
    parts.push(
      `<h3 style="margin:16px 0 6px 0;font-size:15px;color:#222222;">${escapeHtml(section.heading)} ` +
        `(${section.rows.length})</h3>`,
      '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;' +
        'font-size:14px;">',
      ...section.rows.map((row) => renderRowHtml(row, body.linkLabel)),
      '</table>',
    );
  }
  if (body.facts.length > 0) {
    parts.push(
      '<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:' +
        '14px;margin-top:8px;">',
    );
    for (const [label, value] of body.facts) {
      parts.push(
        `<tr><td style="${CELL}color:#666666;white-space:nowrap;">${escapeHtml(label)}</td><td ` +
          `style="${CELL}">${escapeHtml(value)}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  parts.push(`<p style="margin:20px 0 0 0;color:#888888;font-size:12px;">${escapeHtml(body.footer)}</p>`);
  return parts.join('\n');
}

function renderHtmlDocument(subject: string, lang: Lang, fragments: string[]): string {
  const divider = '\n<hr style="border:none;border-top:1px solid #dddddd;margin:24px 0;">\n';
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:0;background-color:#f4f4f4;">`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background-color:#f4f4f4;' +
      '"><tr><td align="center" style="padding:16px 8px;">',
    '<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="width:100%;max-width:640px;' +
      `background-color:#ffffff;border:1px solid #e0e0e0;${FONT};font-size:14px;line-height:1.6;color:#222222;">`,
    `<tr><td style="padding:20px 24px;">`,
    fragments.join(divider),
    '</td></tr></table>',
    '</td></tr></table>',
    '</body></html>',
  ].join('\n');
}

function compose(languages: MailLanguages, subject: string, bodyIn: (lang: Lang) => MailBody): MailContent {
  const langs = languages.secondary ? [languages.primary, languages.secondary] : [languages.primary];
  const bodies = langs.map(bodyIn);
  return {
    subject,
    text: bodies.map(renderText).join(DIVIDER_TEXT),
    html: renderHtmlDocument(subject, languages.primary, bodies.map(renderHtmlFragment)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Wording

const KIND_LABELS: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  meeting: { zh: '会议', en: 'Meeting' },
  material: { zh: '会议材料', en: 'Material' },
  action: { zh: '行动项', en: 'Action' },
  visit: { zh: '客户回访', en: 'Customer visit' },
  minutesConfirmation: { zh: '纪要确认', en: 'Minutes to confirm' },
};

function kindLabel(kind: string, lang: Lang): string {
  return KIND_LABELS[kind]?.[lang] ?? kind;
}

const LOCALE: Readonly<Record<Lang, string>> = { zh: 'zh-CN', en: 'en-GB' };

/** '2026年11月28日(周六)' / 'Sat 28 Nov 2026'. */
function formatLongDate(date: DateTime, lang: Lang): string {
  const local = date.setLocale(LOCALE[lang]);
  return lang === 'zh' ? local.toFormat('yyyy年M月d日(ccc)') : local.toFormat('ccc d LLL yyyy');
}

/** An item's due time; the year only when it differs from the reference date, the time only if there is one. */
function formatDueTime(at: DateTime, allDay: boolean, reference: DateTime, lang: Lang): string {
  const local = at.setLocale(LOCALE[lang]);
  const sameYear = at.year === reference.year;
  const date =
    lang === 'zh'
      ? local.toFormat(sameYear ? 'M月d日(ccc)' : 'yyyy年M月d日(ccc)')
      : local.toFormat(sameYear ? 'ccc d LLL' : 'ccc d LLL yyyy');
  return allDay ? date : `${date} ${local.toFormat('HH:mm')}`;
}

interface Wording {
  brand: string;
  greeting: (name: string) => string;
  footer: string;
  linkLabel: string;
  colon: string;
}

const WORDING: Readonly<Record<Lang, Wording>> = {
  zh: {
    brand: '[会议跟进]',
    greeting: (name) => `${name},您好:`,
    footer: '此邮件由会议跟进系统自动发送,请勿直接回复。提醒时间、免打扰时段等设置可在工作簿中修改。',
    linkLabel: '打开',
    colon: ':',
  },
  en: {
    brand: '[Follow-up]',
    greeting: (name) => `Hello ${name},`,
    footer:
      'Sent automatically by the meeting follow-up system; replies are not read. Reminder times and quiet hours ' +
      'are set in the workbook.',
    linkLabel: 'Open',
    colon: ': ',
  },
};

function items(count: number): string {
  return count === 1 ? '1 item' : `${count} items`;
}

function rowOf(item: DueItem, zone: string, reference: DateTime, lang: Lang, note?: string): MailRow {
  const at = dueTimeOf(item, zone) ?? reference;
  const link = safeLink(item.link);
  return {
    when: formatDueTime(at, item.allDay === true, reference, lang),
    kind: kindLabel(item.kind, lang),
    title: oneLine(titleIn(item, lang)),
    ...(item.detail ? { detail: oneLine(item.detail[lang]) } : {}),
    ...(note ? { note } : {}),
    ...(link ? { link } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Daily digest

export interface DigestGroups {
  overdue: DueItem[];
  today: DueItem[];
  upcoming: DueItem[];
  /** Escalated actions of the reader's reports (action-escalation.ts), under their own heading. */
  team?: DueItem[];
  /** Overdue actions of meetings the reader hosts. */
  hosted?: DueItem[];
}

export interface DigestMailInput {
  recipientName: string;
  /** The digest's local date, ISO. */
  date: string;
  zone: string;
  groups: DigestGroups;
  languages: MailLanguages;
}

function digestSubject(input: DigestMailInput, lang: Lang): string {
  const { overdue, today, upcoming } = input.groups;
  const dueNow = overdue.length + today.length;
  // A digest that holds only other people's overdue actions (a manager, a host) says so in its subject.
  const followUp = upcoming.length === 0 ? (input.groups.team?.length ?? 0) + (input.groups.hosted?.length ?? 0) : 0;
  const date = DateTime.fromISO(input.date, { zone: input.zone });
  if (lang === 'zh') {
    const head =
      dueNow > 0
        ? `今日待办 ${dueNow} 项${overdue.length > 0 ? `(逾期 ${overdue.length} 项)` : ''}`
        : followUp > 0
          ? `逾期行动项跟踪 ${followUp} 项`
          : `近期待办 ${upcoming.length} 项`;
    return `${WORDING.zh.brand} ${head} · ${input.date}`;
  }
  const head =
    dueNow > 0
      ? `${items(dueNow)} due${overdue.length > 0 ? ` (${overdue.length} overdue)` : ''}`
      : followUp > 0
        ? `${items(followUp)} overdue to follow up`
        : `${items(upcoming.length)} coming up`;
  return `${WORDING.en.brand} ${head} · ${date.setLocale('en-GB').toFormat('d LLL yyyy')}`;
}

function overdueNote(item: DueItem, date: string, zone: string, lang: Lang): string | undefined {
  const at = dueTimeOf(item, zone);
  if (!at) return undefined;
  const days = calendarDaysBetween(at.toISODate()!, date);
  if (days <= 0) return undefined;
  if (lang === 'zh') return `逾期 ${days} 天`;
  return days === 1 ? '1 day overdue' : `${days} days overdue`;
}

function digestBody(input: DigestMailInput, lang: Lang): MailBody {
  const words = WORDING[lang];
  const date = DateTime.fromISO(input.date, { zone: input.zone });
  const headings =
    lang === 'zh'
      ? {
          overdue: '已逾期',
          today: '今日到期',
          upcoming: '即将到期',
          team: '下属逾期行动项',
          hosted: '您主持会议的逾期行动项',
        }
      : {
          overdue: 'Overdue',
          today: 'Due today',
          upcoming: 'Coming up',
          team: 'Overdue actions of your team',
          hosted: 'Overdue actions of meetings you host',
        };
  const sections: MailSection[] = [];
  const add = (heading: string, list: DueItem[], note?: (item: DueItem) => string | undefined) => {
    if (list.length > 0)
      sections.push({ heading, rows: list.map((item) => rowOf(item, input.zone, date, lang, note?.(item))) });
  };
  add(headings.overdue, input.groups.overdue, (item) => overdueNote(item, input.date, input.zone, lang));
  add(headings.today, input.groups.today);
  add(headings.upcoming, input.groups.upcoming);
  add(headings.team, input.groups.team ?? []);
  add(headings.hosted, input.groups.hosted ?? []);
  const longDate = formatLongDate(date, lang);
  return {
    greeting: words.greeting(oneLine(input.recipientName)),
    intro: lang === 'zh' ? `以下是您截至 ${longDate} 的待办事项:` : `Here is what is on your list as of ${longDate}:`,
    sections,
    facts: [],
    linkLabel: words.linkLabel,
    colon: words.colon,
    footer: words.footer,
  };
}

export function renderDigestMail(input: DigestMailInput): MailContent {
  return compose(input.languages, digestSubject(input, input.languages.primary), (lang) => digestBody(input, lang));
}

// ---------------------------------------------------------------------------------------------------------
// Urgent reminder (one item, overdue or due within hours)

export interface UrgentMailInput {
  recipientName: string;
  item: DueItem;
  /** True when the due time had passed when the reminder was planned. */
  overdue: boolean;
  zone: string;
  languages: MailLanguages;
}

function urgentSubject(input: UrgentMailInput, lang: Lang): string {
  const at = dueTimeOf(input.item, input.zone);
  const title = truncate(oneLine(titleIn(input.item, lang)), SUBJECT_TITLE_MAX);
  const event = isEventKind(input.item.kind);
  if (lang === 'zh') {
    const when = at ? at.setLocale('zh-CN').toFormat('M月d日 HH:mm') : '';
    const head = input.overdue ? '已逾期' : `${when} ${event ? '开始' : '到期'}`;
    return `${WORDING.zh.brand} ${head}:${title}`;
  }
  const when = at ? at.setLocale('en-GB').toFormat('HH:mm d LLL') : '';
  const head = input.overdue ? 'Overdue' : `${event ? 'Starts' : 'Due'} ${when}`;
  return `${WORDING.en.brand} ${head}: ${title}`;
}

function urgentBody(input: UrgentMailInput, lang: Lang): MailBody {
  const words = WORDING[lang];
  const at = dueTimeOf(input.item, input.zone);
  const reference = at ?? DateTime.fromISO(input.item.dueAt);
  const when = at ? formatDueTime(at, input.item.allDay === true, at, lang) : input.item.dueAt;
  const event = isEventKind(input.item.kind);
  let intro: string;
  if (lang === 'zh') {
    intro = input.overdue
      ? `以下事项已于 ${when} 到期,目前仍未完成:`
      : event
        ? `以下会议将于 ${when} 开始:`
        : `以下事项将于 ${when} 到期:`;
  } else {
    intro = input.overdue
      ? `This was due on ${when} and is still open:`
      : event
        ? `This meeting starts on ${when}:`
        : `This is due on ${when}:`;
  }
  return {
    greeting: words.greeting(oneLine(input.recipientName)),
    intro,
    sections: [{ heading: kindLabel(input.item.kind, lang), rows: [rowOf(input.item, input.zone, reference, lang)] }],
    facts: [],
    linkLabel: words.linkLabel,
    colon: words.colon,
    footer: words.footer,
  };
}

export function renderUrgentMail(input: UrgentMailInput): MailContent {
  return compose(input.languages, urgentSubject(input, input.languages.primary), (lang) => urgentBody(input, lang));
}

// ---------------------------------------------------------------------------------------------------------
// Setup check (requested from the sheet menu to prove that mail reaches people)

export interface SetupCheckMailInput {
  recipientName?: string;
  requestedBy: string;
  spreadsheetId: string;
  requestedAt: DateTime;
  settings: NotificationSettings;
  languages: MailLanguages;
}

const WEEKDAY_NAMES: Readonly<Record<Lang, readonly string[]>> = {
  zh: ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

function setupBody(input: SetupCheckMailInput, lang: Lang): MailBody {
  const words = WORDING[lang];
  const { settings } = input;
  const at = input.requestedAt.setZone(settings.timeZone);
  const requestedAt = `${formatLongDate(at, lang)} ${at.toFormat('HH:mm')}`;
  const days = settings.workingDays.map((d) => WEEKDAY_NAMES[lang][d]).join(lang === 'zh' ? '、' : ', ');
  const quiet = settings.quietHours
    ? `${settings.quietHours.start}–${settings.quietHours.end}`
    : lang === 'zh'
      ? '未设置'
      : 'none';
  const name = oneLine(input.recipientName ?? input.requestedBy);
  if (lang === 'zh') {
    return {
      greeting: words.greeting(name),
      intro: '这是一封测试邮件:会议跟进系统已能正常向您发送邮件。以下是当前的提醒设置,如需调整请在工作簿中修改。',
      sections: [],
      facts: [
        ['工作簿', input.spreadsheetId],
        ['申请人', input.requestedBy],
        ['申请时间', requestedAt],
        ['时区', settings.timeZone],
        ['每日摘要', `工作日 ${settings.digestTime}(${days})`],
        ['免打扰时段', quiet],
        ['摘要包含', `已逾期、今日到期及未来 ${settings.digestLookaheadDays} 天内到期的事项`],
      ],
      linkLabel: words.linkLabel,
      colon: words.colon,
      footer: words.footer,
    };
  }
  return {
    greeting: words.greeting(name),
    intro:
      'This is a test message: the meeting follow-up system can send you mail. These are the current reminder ' +
      'settings; change them in the workbook.',
    sections: [],
    facts: [
      ['Workbook', input.spreadsheetId],
      ['Requested by', input.requestedBy],
      ['Requested at', requestedAt],
      ['Time zone', settings.timeZone],
      ['Daily digest', `${settings.digestTime} on working days (${days})`],
      ['Quiet hours', quiet],
      ['Digest covers', `overdue items, items due today and in the next ${settings.digestLookaheadDays} days`],
    ],
    linkLabel: words.linkLabel,
    colon: words.colon,
    footer: words.footer,
  };
}

export function renderSetupCheckMail(input: SetupCheckMailInput): MailContent {
  const subject =
    input.languages.primary === 'zh'
      ? `${WORDING.zh.brand} 邮件发送测试成功`
      : `${WORDING.en.brand} Mail setup check: it works`;
  return compose(input.languages, subject, (lang) => setupBody(input, lang));
}
