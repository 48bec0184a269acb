// The minutes of one meeting as a document (seed 000 and 002: 会议纪要 records attendance, the discussion per
// agenda item, the decisions and who does what by when, and reviews the open decisions of the last meeting).
// Pure: the records come in already read, the words in the workbook's language come from messages.ts, and the
// result is the DocumentModel the Docs adapter writes and the PDF is made from.
import { DateTime } from 'luxon';
import { type Lang, type Localized, MINUTES_LABELS, type WorkbookLanguage, formatMessage } from '../messages.ts';
import {
  ACTION_STATE_OPTIONS,
  ATTENDANCE_RESULT_OPTIONS,
  MEETING_ROLE_OPTIONS,
  MEETING_TYPE_OPTIONS,
} from '../workbook/workbook-schema.ts';
import type { DocumentBlock, DocumentModel } from './document-model.ts';

export interface MinutesPerson {
  email: string;
  /** The People tab's name; the address when the person is not on People. */
  name: string;
}

export interface MinutesMeeting {
  id: string;
  title: string;
  /** Meeting type key (weeklySop …). */
  type?: string;
  /** ISO instants with offset. */
  start: string;
  end: string;
  venue?: string;
  host?: MinutesPerson;
  recorder?: MinutesPerson;
}

export interface MinutesAttendee {
  person: MinutesPerson;
  /** Meeting role key (host, recorder, presenter, participant, observer). */
  role?: string;
  /** Attendance result key as the tick settled it (onTime, late, absent, onLeave …); absent: not known yet. */
  result?: string;
  substitute?: MinutesPerson;
}

export interface MinutesAgendaItem {
  id: string;
  order: number;
  topic: string;
  presenter?: MinutesPerson;
}

export interface MinutesLine {
  id: string;
  /** Agenda item ID; absent: a line about the meeting as a whole. */
  agendaItem?: string;
  kind: 'discussion' | 'decision' | 'action';
  text: string;
  owner?: MinutesPerson;
  /** ISO date. */
  due?: string;
}

export interface MinutesAction {
  id: string;
  text: string;
  owner?: MinutesPerson;
  due?: string;
  /** Action state key; blank counts as open. */
  state?: string;
  /** For the review of earlier meetings' actions: the title of the meeting that decided it. */
  sourceTitle?: string;
}

export interface MinutesFacts {
  meeting: MinutesMeeting;
  attendees: readonly MinutesAttendee[];
  agenda: readonly MinutesAgendaItem[];
  lines: readonly MinutesLine[];
  /**
   * The Actions records of this meeting. When none exist yet (the actions pass has not turned the action lines
   * into records), the action table is made from the meeting's action lines.
   */
  actions: readonly MinutesAction[];
  /** Open actions of earlier meetings of the series (carry-over.ts), for "Review of previous decisions". */
  review: readonly MinutesAction[];
}

export interface MinutesDocumentOptions {
  language: WorkbookLanguage;
  zone: string;
  version: number;
  /** The change log of this version against the previous one (minutes-versions.ts); empty for version 1. */
  changes: readonly string[];
}

/** One text in the workbook's language; a mixed workbook reads "中文 / English". */
export function localize(text: Localized, language: WorkbookLanguage): string {
  if (language !== 'mixed') return text[language];
  return text.zh === text.en ? text.en : `${text.zh} / ${text.en}`;
}

function message(code: Parameters<typeof formatMessage>[0], params: Record<string, string | number>, l: Lang) {
  return formatMessage(code, params, l);
}

/** A message in the workbook's language, both languages when it is mixed. */
export function minutesText(
  code: Parameters<typeof formatMessage>[0],
  params: Record<string, string | number>,
  language: WorkbookLanguage,
): string {
  return localize({ en: message(code, params, 'en'), zh: message(code, params, 'zh') }, language);
}

function optionLabel(
  options: readonly { key: string; en: string; zh: string }[],
  key: string | undefined,
  language: WorkbookLanguage,
): string {
  const option = options.find((o) => o.key === key);
  return option ? localize(option, language) : (key ?? '');
}

const who = (person: MinutesPerson | undefined): string => person?.name ?? '';

function formatWhen(meeting: MinutesMeeting, zone: string): string {
  const start = DateTime.fromISO(meeting.start, { zone });
  const end = DateTime.fromISO(meeting.end, { zone });
  const sameDay = start.hasSame(end, 'day');
  return `${start.toFormat('yyyy-MM-dd HH:mm')}–${end.toFormat(sameDay ? 'HH:mm' : 'yyyy-MM-dd HH:mm')} (${zone})`;
}

/** A title as one line: a meeting title typed with line breaks must not spread a file name over several. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** The document's title (also the Drive file's and the PDF's name). */
export function minutesTitle(meeting: Pick<MinutesMeeting, 'title'>, version: number, lang: WorkbookLanguage): string {
  return minutesText('MINUTES_TITLE', { title: oneLine(meeting.title), version }, lang);
}

/** The action table's rows: the Actions records, or the action lines while no record exists yet. */
export function actionRows(facts: Pick<MinutesFacts, 'actions' | 'lines'>): MinutesAction[] {
  if (facts.actions.length > 0) return [...facts.actions];
  return facts.lines
    .filter((line) => line.kind === 'action')
    .map((line) => ({
      id: line.id,
      text: line.text,
      ...(line.owner ? { owner: line.owner } : {}),
      ...(line.due ? { due: line.due } : {}),
    }));
}

export function assembleMinutesDocument(facts: MinutesFacts, options: MinutesDocumentOptions): DocumentModel {
  const { language, zone } = options;
  const label = (key: keyof typeof MINUTES_LABELS) => localize(MINUTES_LABELS[key], language);
  const none: DocumentBlock = { kind: 'paragraph', text: label('none') };
  const { meeting } = facts;
  // The title opens the body too: the PDF and a printed copy show the body, not the Drive file name.
  const blocks: DocumentBlock[] = [
    { kind: 'heading', level: 1, text: minutesTitle(meeting, options.version, language) },
  ];

  blocks.push({ kind: 'heading', level: 2, text: label('facts') });
  const factRows: string[][] = [
    [label('type'), optionLabel(MEETING_TYPE_OPTIONS, meeting.type, language)],
    [label('time'), formatWhen(meeting, zone)],
    [label('venue'), meeting.venue ?? ''],
    [label('host'), who(meeting.host)],
    [label('recorder'), who(meeting.recorder)],
  ];
  const separator = language === 'en' ? ': ' : ':';
  for (const [name, value] of factRows)
    if (value !== '') blocks.push({ kind: 'paragraph', text: `${name}${separator}${value}` });

  blocks.push({ kind: 'heading', level: 2, text: label('attendance') });
  if (facts.attendees.length === 0) blocks.push(none);
  else
    blocks.push({
      kind: 'table',
      header: [label('person'), label('role'), label('result'), label('substitute')],
      rows: [...facts.attendees]
        .sort((a, b) => a.person.name.localeCompare(b.person.name))
        .map((a) => [
          a.person.name,
          optionLabel(MEETING_ROLE_OPTIONS, a.role, language),
          optionLabel(ATTENDANCE_RESULT_OPTIONS, a.result, language),
          who(a.substitute),
        ]),
    });

  const agenda = [...facts.agenda].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  blocks.push({ kind: 'heading', level: 2, text: label('agenda') });
  if (agenda.length === 0) blocks.push(none);
  else
    blocks.push({
      kind: 'bullets',
      items: agenda.map((item) => `${item.order}. ${item.topic}${item.presenter ? ` (${who(item.presenter)})` : ''}`),
    });

  blocks.push({ kind: 'heading', level: 2, text: label('review') });
  if (facts.review.length === 0) blocks.push(none);
  else blocks.push(actionTable(facts.review, language, true));

  blocks.push({ kind: 'heading', level: 2, text: label('discussion') });
  const discussion = facts.lines.filter((line) => line.kind === 'discussion');
  const known = new Set(agenda.map((item) => item.id));
  const sections = [
    ...agenda.map((item) => ({ title: `${item.order}. ${item.topic}`, id: item.id as string | undefined })),
    { title: label('otherItem'), id: undefined },
  ];
  let anyDiscussion = false;
  for (const section of sections) {
    const items = discussion
      .filter((line) =>
        section.id === undefined ? !line.agendaItem || !known.has(line.agendaItem) : line.agendaItem === section.id,
      )
      .map((line) => line.text);
    if (items.length === 0) continue;
    anyDiscussion = true;
    blocks.push({ kind: 'heading', level: 3, text: section.title }, { kind: 'bullets', items });
  }
  if (!anyDiscussion) blocks.push(none);

  blocks.push({ kind: 'heading', level: 2, text: label('decisions') });
  const decisions = facts.lines.filter((line) => line.kind === 'decision').map((line) => line.text);
  blocks.push(decisions.length > 0 ? { kind: 'bullets', items: decisions } : none);

  blocks.push({ kind: 'heading', level: 2, text: label('actions') });
  const actions = actionRows(facts);
  blocks.push(actions.length > 0 ? actionTable(actions, language, false) : none);

  if (options.changes.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: label('changes') }, { kind: 'bullets', items: options.changes });
  }
  return { title: minutesTitle(meeting, options.version, language), blocks };
}

function actionTable(actions: readonly MinutesAction[], language: WorkbookLanguage, withSource: boolean) {
  const label = (key: keyof typeof MINUTES_LABELS) => localize(MINUTES_LABELS[key], language);
  const header = [label('action'), label('owner'), label('due'), label('state')];
  return {
    kind: 'table' as const,
    header: withSource ? [...header, label('source')] : header,
    rows: actions.map((action) => {
      const row = [
        action.text,
        who(action.owner),
        action.due ?? '',
        optionLabel(ACTION_STATE_OPTIONS, action.state || 'open', language),
      ];
      return withSource ? [...row, action.sourceTitle ?? ''] : row;
    }),
  };
}
