// Driving the local stack's demo workbook as a user would, for the integration tests of meetings, agendas,
// attendance and notices: type rows and cells through the local Apps Script (real mapping, signed sheetEdit),
// read tabs back, run the tick, read the emulated Gmail and its .ics invitations, and move the stack clock.
//
// Each describe (or file) gets its own stack and workbook (`useLocalWorkbook`), pinned at a chosen instant, so
// nothing depends on the machine's date and one failing describe leaves nothing behind for the next. The clock
// is the stack's: it is set directly, forward or back, and the local Apps Script signs with it, so edits need no
// clock reset.
import { Firestore } from '@google-cloud/firestore';
import ICAL from 'ical.js';
import type { DateTime } from 'luxon';
import { afterAll, beforeAll, expect } from 'vitest';
import type { LocalStack, LocalStackOptions } from '../../../local/stack.ts';
import { ZONE, startPinnedStack } from '../../support/pinned-time.ts';

export const MEETINGS_TAB = '会议';
export const AGENDA_TAB = '议程';
export const ATTENDANCE_TAB = '签到';
export const PEOPLE_TAB = '人员';
export const SETTINGS_TAB = '设置';
export const OUTBOX_TAB = '发送记录';
/** The demo workbook's people these tests name. */
export const HOST = 'li.na@demo.example';
export const RECORDER = 'chen.jing@demo.example';
export const ADMIN = 'admin@demo.example';
export const VENUE = '广州白云国际会议中心 Guangzhou Baiyun Convention Center';
/** Days off on the demo workbook's Settings tab. */
export const HOLIDAYS: ReadonlySet<string> = new Set(['2027-01-01', '2027-02-06']);

export interface MailboxMessage {
  id: string;
  date: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: Array<{ filename: string; contentType: string; size: number; index: number }>;
}

export interface SeriesReport {
  claimed: number;
  meetingsWritten: number;
  awaiting: number;
  resumed: number;
  /** Roster rows added to generated weeks after their template's roster changed. */
  rostersExtended: number;
}

export interface AttendanceReport {
  meetings: number;
  updated: number;
  conflicts: number;
  cellsWritten: number;
  finalized: number;
}

/** What the tick function answers, per workbook (the parts these tests read). */
export interface WorkbookTickReport {
  workbookId: string;
  enqueued: number;
  error?: string;
  delivery: { sent: number; failed: number };
  series?: SeriesReport;
  attendance?: AttendanceReport;
}

export interface TickReport {
  workbooks: WorkbookTickReport[];
}

/** A parsed .ics invitation: the fields the tests check. */
export interface Invite {
  method: unknown;
  uid: string;
  sequence: number;
  tzid: unknown;
  wallStart: string;
  startMillis: number;
  location: unknown;
  summary: unknown;
  attendees: string[];
}

/** A Start or End cell as a user types it: 2027/03/09 14:00 in the workbook's zone. */
export const wallTime = (t: DateTime) => t.setZone(ZONE).toFormat('yyyy/MM/dd HH:mm');

/** What a tab's values (header first) show at sheet row `row` under the header `name` ('' when empty). */
export function cellAt(values: readonly (readonly string[])[], row: number, name: string): string {
  return values[row - 1]![values[0]!.indexOf(name)] ?? '';
}

/** The 0-based index of `name` in a header row; fails the test when the column is missing. */
export function column(header: readonly string[], name: string): number {
  const index = header.indexOf(name);
  expect(index, name).toBeGreaterThanOrEqual(0);
  return index;
}

export interface WorkbookDriver {
  /** The running stack (only inside tests and hooks, once it has started). */
  readonly stack: LocalStack;
  /** Fetches a stack path and answers its JSON; fails the test on an error status. */
  json<T>(path: string, init?: RequestInit): Promise<T>;
  readTab(title: string): Promise<{ values: string[][] }>;
  /** Posts a typed block (`row`, `column`, `values`, optional `editor`, admin by default); answers the tab. */
  postEdit(title: string, body: object): Promise<string[][]>;
  /** Types a whole row under the tab's headers (any order), as a user would; answers the tab. */
  typeRow(title: string, row: number, cells: Record<string, string>, editor?: string): Promise<string[][]>;
  /** Types rows one below the other from the first empty row; answers each row's cells by header name. */
  typeRows(title: string, rows: Array<Record<string, string>>, editor?: string): Promise<Array<Record<string, string>>>;
  /** Types one cell under `headerName`; answers the tab. */
  typeCell(title: string, row: number, headerName: string, value: string): Promise<string[][]>;
  /** Types an ad-hoc meeting (HOST hosts, RECORDER records, at VENUE) below the last row; answers its ID. */
  typeAdHocMeeting(title: string, at: DateTime, minutes: number): Promise<string>;
  /** The sheet's resync (after rows were deleted), as the menu runs it; answers the tab. */
  resync(title: string): Promise<string[][]>;
  /** Runs the tick function now (by the stack clock). */
  tick(): Promise<TickReport>;
  mailbox(address: string): Promise<MailboxMessage[]>;
  /** Fetches the message's .ics attachment and parses it with ical.js (VTIMEZONEs registered). */
  parseInvite(message: MailboxMessage): Promise<Invite>;
  /** Puts the stack clock at `instant`, forward or back; it runs on from there. */
  setClock(instant: DateTime): DateTime;
  /** What the stack clock reads. */
  now(): DateTime;
}

/** The driver of one stack's demo workbook; `stack` may be a getter for a stack started later (in a hook). */
export function workbookDriver(stackOrGetter: LocalStack | (() => LocalStack)): WorkbookDriver {
  const current = typeof stackOrGetter === 'function' ? stackOrGetter : () => stackOrGetter;
  const tabPath = (title: string, action = '') => `/api/tabs/${encodeURIComponent(title)}${action}`;

  async function json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await fetch(`${current().url}${path}`, init);
    const failure = response.ok ? '' : await response.clone().text();
    expect(response.ok, `${path} answered ${response.status}: ${failure}`).toBe(true);
    return (await response.json()) as T;
  }

  const readTab = (title: string) => json<{ values: string[][] }>(tabPath(title));

  async function postEdit(title: string, body: object): Promise<string[][]> {
    const request = JSON.stringify({ editor: ADMIN, ...body });
    const outcome = await json<{ values: string[][] }>(tabPath(title, '/edit'), { method: 'POST', body: request });
    return outcome.values;
  }

  async function typeRow(
    title: string,
    row: number,
    cells: Record<string, string>,
    editor?: string,
  ): Promise<string[][]> {
    const header = (await readTab(title)).values[0]!;
    const values = header.map((name) => cells[name] ?? '');
    for (const name of Object.keys(cells)) expect(header, `header ${name} on ${title}`).toContain(name);
    return postEdit(title, { row, column: 1, values: [values], ...(editor ? { editor } : {}) });
  }

  async function typeRows(
    title: string,
    rows: Array<Record<string, string>>,
    editor?: string,
  ): Promise<Array<Record<string, string>>> {
    const first = (await readTab(title)).values.length + 1;
    let values: string[][] = [];
    for (const [i, cells] of rows.entries()) values = await typeRow(title, first + i, cells, editor);
    const header = values[0]!;
    const cellsOf = (row: number) =>
      Object.fromEntries(header.map((name, c) => [name, String(values[row - 1]?.[c] ?? '')]));
    return rows.map((_, i) => cellsOf(first + i));
  }

  async function typeCell(title: string, row: number, headerName: string, value: string): Promise<string[][]> {
    const header = (await readTab(title)).values[0]!;
    const at = header.indexOf(headerName) + 1;
    expect(at).toBeGreaterThan(0);
    return postEdit(title, { row, column: at, values: [[value]] });
  }

  async function typeAdHocMeeting(title: string, at: DateTime, minutes: number): Promise<string> {
    const [saved] = await typeRows(MEETINGS_TAB, [
      {
        会议类型: '临时会议',
        会议主题: title,
        开始时间: wallTime(at),
        结束时间: wallTime(at.plus({ minutes })),
        地点: VENUE,
        主持人: HOST,
        记录人: RECORDER,
      },
    ]);
    expect(saved!.状态).toMatch(/^OK/u);
    return saved!.编号!;
  }

  async function resync(title: string): Promise<string[][]> {
    const body = JSON.stringify({ editor: ADMIN });
    return (await json<{ values: string[][] }>(tabPath(title, '/resync'), { method: 'POST', body })).values;
  }

  const tick = () => json<TickReport>('/functions/tick', { method: 'POST' });

  async function mailbox(address: string): Promise<MailboxMessage[]> {
    const path = `/api/mail/mailbox?address=${encodeURIComponent(address)}`;
    return (await json<{ messages: MailboxMessage[] }>(path)).messages;
  }

  async function parseInvite(message: MailboxMessage): Promise<Invite> {
    const attachment = message.attachments.find(
      (a) => a.contentType.startsWith('text/calendar') || a.filename.endsWith('.ics'),
    );
    expect(attachment, `an .ics on "${message.subject}"`).toBeDefined();
    const path = `/api/mail/messages/${encodeURIComponent(message.id)}/attachments/${attachment!.index}`;
    const response = await fetch(`${current().url}${path}`);
    expect(response.ok).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const event = calendar.getFirstSubcomponent('vevent')!;
    const dtstart = event.getFirstProperty('dtstart')!;
    const startTime = dtstart.getFirstValue() as ICAL.Time;
    return {
      method: calendar.getFirstPropertyValue('method'),
      uid: String(event.getFirstPropertyValue('uid')),
      sequence: Number(event.getFirstPropertyValue('sequence')),
      tzid: dtstart.getParameter('tzid'),
      wallStart: startTime.toString(),
      startMillis: startTime.toUnixTime() * 1000,
      location: event.getFirstPropertyValue('location'),
      summary: event.getFirstPropertyValue('summary'),
      attendees: event.getAllProperties('attendee').map((p) =>
        String(p.getFirstValue())
          .replace(/^mailto:/iu, '')
          .toLowerCase(),
      ),
    };
  }

  return {
    get stack() {
      return current();
    },
    json,
    readTab,
    postEdit,
    typeRow,
    typeRows,
    typeCell,
    typeAdHocMeeting,
    resync,
    tick,
    mailbox,
    parseInvite,
    setClock: (instant) => current().clock.set(instant),
    now: () => current().clock.now(),
  };
}

/**
 * A stack of its own for the enclosing describe (or file): started before its tests with its own state folder,
 * no scheduler and the clock at `options.now` (WORKING_MORNING unless given), stopped after them.
 */
export function useLocalWorkbook(name: string, options: LocalStackOptions = {}): WorkbookDriver {
  let stack: LocalStack | undefined;
  beforeAll(async () => {
    stack = await startPinnedStack(name, options);
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });
  return workbookDriver(() => {
    if (!stack) throw new Error(`The local stack "${name}" has not started (use the driver inside tests and hooks)`);
    return stack;
  });
}

/**
 * A Firestore client on the stack's own emulator (startLocalStack points FIRESTORE_EMULATOR_HOST at it; the
 * project is the stack's default). Make it after the stack started, and terminate it when done.
 */
export function stackFirestore(stack: LocalStack): Firestore {
  expect(process.env.FIRESTORE_EMULATOR_HOST, "FIRESTORE_EMULATOR_HOST names the stack's emulator").toBe(
    stack.firestoreHost,
  );
  return new Firestore({ projectId: process.env.GOOGLE_CLOUD_PROJECT ?? 'demo-meeting-followup' });
}
