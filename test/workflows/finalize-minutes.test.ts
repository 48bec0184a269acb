// The minutes workflows over plain objects for their ports: what is written, shared and mailed, and how
// versions, answers and the tick move the state. The Firestore adapter and the Docs/Drive emulator are
// exercised by test/integration/minutes.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../functions/src/domain/minutes/document-model.ts';
import type { MinutesState } from '../../functions/src/domain/minutes/minutes-confirmation-rules.ts';
import type { MinutesRecords, StoredRecord } from '../../functions/src/domain/minutes/minutes-sources.ts';
import type { DocumentArchive, DocumentWriter } from '../../functions/src/ports/document-ports.ts';
import type { Outbox, PlannedOutboxMessage } from '../../functions/src/ports/mail-ports.ts';
import type { MinutesStore } from '../../functions/src/ports/minutes-ports.ts';
import {
  describeMinutesResponse,
  respondToMinutes,
  runMinutesPass,
} from '../../functions/src/workflows/confirm-minutes.ts';
import { type FinalizeMinutesDeps, finalizeMinutes } from '../../functions/src/workflows/finalize-minutes.ts';
import { WORKING_MORNING } from '../support/pinned-time.ts';

const HOST = 'li.wei@example.com';
const RECORDER = 'wang.fang@example.com';
const ZHAO = 'zhao.lei@example.com';
const MANAGER = 'boss@example.com';
const SECRET = 'minutes-workflow-secret-0123456789';
const BASE = 'https://functions.example/minutesResponse';

const record = (id: string, data: Record<string, unknown>): StoredRecord => ({ id, data });

function world(noGoogleAccount: readonly string[] = []) {
  let now = WORKING_MORNING.plus({ hours: 3 });
  const meeting = record('M-1', {
    title: '销售与运营周例会',
    type: 'weeklySop',
    start: '2027-03-09T09:00:00+08:00',
    end: '2027-03-09T10:30:00+08:00',
    host: HOST,
    recorder: RECORDER,
  });
  const lines: StoredRecord[] = [
    record('N-1', { meeting: 'M-1', kind: 'decision', text: '启动清库存促销' }),
    record('N-2', { meeting: 'M-1', kind: 'action', text: '制定促销方案', owner: ZHAO, due: '2027-03-12' }),
  ];
  const people = new Map([
    [HOST, { name: '李伟', active: true }],
    [RECORDER, { name: '王芳', active: true }],
    [ZHAO, { name: '赵磊', active: true, language: 'en' as const }],
    [MANAGER, { name: 'Boss', active: true }],
  ]);
  const states = new Map<string, MinutesState>();
  const leases = new Map<string, string>();
  const remembered = new Map<string, string>();
  const store: MinutesStore = {
    records: async (_w, id): Promise<MinutesRecords | undefined> =>
      id === 'M-1'
        ? {
            meeting,
            attendance: [HOST, RECORDER, ZHAO].map((person, i) =>
              record(`T-${i}`, { meeting: 'M-1', person, result: 'onTime' }),
            ),
            agenda: [],
            lines,
            actions: [],
            seriesMeetings: [],
            seriesActions: [],
            people,
          }
        : undefined,
    languages: async (_w, emails) =>
      new Map(emails.flatMap((e) => (people.get(e)?.language ? [[e, people.get(e)!.language!] as const] : []))),
    state: async (_w, id) => states.get(id),
    rememberedDocument: async (_w, id) => remembered.get(id),
    rememberDocument: async (_w, id, documentId) => void remembered.set(id, documentId),
    saveState: async (_w, state) => void states.set(state.meetingId, structuredClone(state)),
    updateState: async (_w, id, change) => {
      const { state, result } = change(states.get(id));
      if (state) states.set(id, structuredClone(state));
      return result;
    },
    awaitingConfirmation: async () => [...states.values()].filter((s) => s.phase === 'distributed'),
    startedBetween: async () => [{ id: 'M-1', end: String(meeting.data.end), lines: lines.length }],
    statesOf: async (_w, ids) => new Map(ids.flatMap((id) => (states.has(id) ? [[id, states.get(id)!] as const] : []))),
    lease: async (_w, id, owner) => {
      if (leases.has(id) && leases.get(id) !== owner) return false;
      leases.set(id, owner);
      return true;
    },
    release: async (_w, id) => void leases.delete(id),
  };
  const written: Array<{ model: DocumentModel; documentId?: string }> = [];
  const writer: DocumentWriter = {
    write: async (model, options) => {
      written.push({ model, ...(options.documentId ? { documentId: options.documentId } : {}) });
      const documentId = options.documentId ?? `D-${written.length}`;
      return { documentId, url: `https://docs.example/${documentId}` };
    },
    exportPdf: async (id) => Buffer.from(`%PDF-1.7 ${id}`),
  };
  const files = new Map<string, Buffer>();
  const shares: Array<{ fileId: string; emails: readonly string[]; role: string }> = [];
  const archive: DocumentArchive = {
    ensureFolder: async (name) => `F-${name}`,
    saveFile: async (_folder, name, _type, content) => {
      const id = `P-${files.size + 1}-${name}`;
      files.set(id, content);
      return id;
    },
    readFile: async (id) => files.get(id)!,
    shareExactly: async (fileId, emails, role) => {
      shares.push({ fileId, emails, role });
      const unshareable = emails.filter((e) => noGoogleAccount.includes(e));
      return { added: emails.filter((e) => !unshareable.includes(e)), removed: [], unshareable };
    },
  };
  const mails = new Map<string, PlannedOutboxMessage>();
  const outbox = {
    enqueue: async (_w: string, messages: readonly PlannedOutboxMessage[]) => {
      let added = 0;
      for (const m of messages)
        if (!mails.has(m.outboxId)) {
          mails.set(m.outboxId, m);
          added++;
        }
      return added;
    },
  } as unknown as Outbox;
  const deps: FinalizeMinutesDeps = {
    store,
    permissions: {
      factsFor: async (_w, id, editor) =>
        id === 'M-1'
          ? {
              editor,
              host: HOST,
              recorder: RECORDER,
              hostManager: MANAGER,
              editorRows: editor === 'admin@example.com' ? [{ role: 'admin', active: true }] : [],
            }
          : undefined,
    },
    documents: { writer, archive },
    workbooks: { get: async () => ({ id: 'WB', data: { language: 'zh', timeZone: 'Asia/Shanghai' } }) } as never,
    outbox,
    links: { secret: SECRET, baseUrl: BASE },
    messageIdDomain: 'example.test',
    defaultTimeZone: 'Asia/Shanghai',
    defaultLanguage: 'zh',
    owner: 'test',
    now: () => now,
  };
  const responseDeps = { ...deps, secrets: { current: SECRET } };
  return {
    deps,
    responseDeps,
    states,
    lines,
    written,
    shares,
    mails,
    files,
    advance: (hours: number) => {
      now = now.plus({ hours });
    },
  };
}

type World = ReturnType<typeof world>;
const press = (w: World, editor = RECORDER) =>
  finalizeMinutes({ workbookId: 'WB', meetingId: 'M-1', by: { editor } }, w.deps);
const tokenOf = (w: World, recipient: string, version = 1) => {
  const mail = [...w.mails.values()].find(
    (m) => m.kind === 'minutes' && m.recipient === recipient && m.dueSlot === `v${version}`,
  );
  const url = /https:\/\/functions\.example\/minutesResponse\?t=([^&\s]+)/u.exec(mail!.content.text)![1]!;
  return decodeURIComponent(url);
};

describe('finalize minutes', () => {
  let w: World;
  beforeEach(() => {
    w = world();
  });

  it('writes the document, keeps the PDF, shares it with the attendees as commenters and mails each one', async () => {
    const outcome = await press(w);
    expect(outcome).toMatchObject({ ok: true, response: { state: 'issued', version: 1, recipients: 3, queued: 3 } });
    expect(w.written).toHaveLength(1);
    expect(w.written[0]!.model.title).toBe('会议纪要:销售与运营周例会(第 1 版)');
    expect(w.shares).toEqual([{ fileId: 'D-1', emails: [HOST, RECORDER, ZHAO], role: 'commenter' }]);
    const state = w.states.get('M-1')!;
    expect(state).toMatchObject({ version: 1, phase: 'distributed', documentId: 'D-1' });
    expect(state.windowEndsAt).toBe(WORKING_MORNING.plus({ hours: 27 }).toISO());
    const mails = [...w.mails.values()];
    expect(mails.map((m) => m.recipient).sort()).toEqual([HOST, RECORDER, ZHAO]);
    const zhao = mails.find((m) => m.recipient === ZHAO)!;
    expect(zhao.content.subject).toBe('[Follow-up] Minutes for confirmation: 销售与运营周例会 (v1)');
    expect(zhao.attachmentFiles).toEqual([
      { filename: '销售与运营周例会 v1.pdf', contentType: 'application/pdf', fileId: state.pdfFileId },
    ]);
    expect(w.files.get(state.pdfFileId!)!.toString()).toMatch(/^%PDF-/u);
    // The PDF travels by reference: the outbox document stays small.
    expect(zhao.attachments).toBeUndefined();
  });

  it('names attendees Drive cannot share with (no Google account); they still get the PDF and links', async () => {
    const noAccount = world([ZHAO]);
    const outcome = await press(noAccount);
    expect(outcome).toMatchObject({ ok: true, response: { recipients: 3, queued: 3 } });
    const message = outcome.ok ? outcome.response.message : undefined;
    expect(message?.en).toContain('shared with 2 people');
    expect(message?.en).toContain(`Not shared (no Google account): ${ZHAO}`);
    expect(message?.zh).toContain(`未共享文档(没有 Google 账号):${ZHAO}`);
    expect([...noAccount.mails.values()].map((m) => m.recipient)).toContain(ZHAO);
    const all = await press(world());
    expect(all.ok ? all.response.message.en : '').not.toContain('Not shared');
  });

  it('pressing again with nothing changed writes and mails nothing new', async () => {
    await press(w);
    const again = await press(w, HOST);
    expect(again).toMatchObject({ ok: true, response: { state: 'unchanged', version: 1, queued: 0 } });
    expect(w.written).toHaveLength(1);
    expect(w.mails.size).toBe(3);
  });

  it.each([
    ["the host's manager", MANAGER, 'MINUTES_NOT_ALLOWED'],
    ['another attendee', ZHAO, 'MINUTES_NOT_ALLOWED'],
    ['an editor the sheet could not name', '', 'MINUTES_EDITOR_UNKNOWN'],
  ])('refuses %s and does nothing', async (_who, editor, code) => {
    expect(await press(w, editor)).toMatchObject({ ok: false, status: 403, code });
    expect(w.written).toHaveLength(0);
    expect(w.mails.size).toBe(0);
  });

  it('a press that failed after writing the document writes into that document when pressed again', async () => {
    const exportPdf = w.deps.documents!.writer.exportPdf;
    w.deps.documents!.writer.exportPdf = async () => {
      throw new Error('export failed');
    };
    await expect(press(w)).rejects.toThrow('export failed');
    expect(w.states.get('M-1')).toBeUndefined();
    w.deps.documents!.writer.exportPdf = exportPdf;
    expect(await press(w)).toMatchObject({ ok: true, response: { state: 'issued', version: 1 } });
    expect(w.written.map((call) => call.documentId)).toEqual([undefined, 'D-1']);
    expect(w.states.get('M-1')!.documentId).toBe('D-1');
  });

  it('lets an admin finalize, and refuses before the meeting started', async () => {
    expect(await press(w, 'admin@example.com')).toMatchObject({ ok: true });
    const early = world();
    early.advance(-4);
    expect(await press(early)).toMatchObject({ ok: false, code: 'MINUTES_MEETING_NOT_STARTED' });
  });
});

describe('confirmation and versions', () => {
  let w: World;
  beforeEach(async () => {
    w = world();
    await press(w);
  });

  it('asks through the link page, records a confirmation, confirms in the tick once the window closed', async () => {
    const token = tokenOf(w, ZHAO);
    expect(await describeMinutesResponse(token, w.responseDeps)).toMatchObject({
      ok: true,
      code: 'MINUTES_PAGE_QUESTION',
      params: { version: 1, until: '2027-03-10 12:00' },
    });
    expect(await respondToMinutes(token, { answer: 'confirm' }, w.responseDeps)).toMatchObject({
      ok: true,
      code: 'MINUTES_PAGE_CONFIRMED',
    });
    w.advance(23);
    expect(await runMinutesPass('WB', w.deps, w.deps.now())).toMatchObject({ confirmed: 0 });
    w.advance(1);
    expect(await runMinutesPass('WB', w.deps, w.deps.now())).toMatchObject({ confirmed: 1, autoFinalized: 0 });
    expect(w.states.get('M-1')).toMatchObject({ phase: 'confirmed', version: 1 });
    // Once confirmed, the link records nothing more.
    expect(await respondToMinutes(token, { answer: 'confirm' }, w.responseDeps)).toMatchObject({ ok: false });
  });

  it('refuses a tampered link and changes nothing', async () => {
    const token = tokenOf(w, ZHAO);
    const tampered = `${token.slice(0, -2)}xx`;
    expect(await respondToMinutes(tampered, { answer: 'object', reason: 'x' }, w.responseDeps)).toMatchObject({
      ok: false,
      status: 403,
      code: 'MINUTES_LINK_INVALID',
    });
    expect(w.states.get('M-1')!.responses).toEqual([]);
  });

  it('mails an objection to the recorder, holds confirmation, issues v2 with a change log on next press', async () => {
    const outcome = await respondToMinutes(
      tokenOf(w, ZHAO),
      { answer: 'object', reason: '截止日期应为 3 月 15 日' },
      w.responseDeps,
    );
    expect(outcome).toMatchObject({ ok: true, code: 'MINUTES_PAGE_OBJECTED' });
    const objection = [...w.mails.values()].find((m) => m.kind === 'minutesObjection')!;
    expect(objection.recipient).toBe(RECORDER);
    expect(objection.content.text).toContain('截止日期应为 3 月 15 日');
    w.advance(30);
    expect(await runMinutesPass('WB', w.deps, w.deps.now())).toMatchObject({ confirmed: 0 });

    w.lines[1] = record('N-2', {
      meeting: 'M-1',
      kind: 'action',
      text: '制定促销方案',
      owner: ZHAO,
      due: '2027-03-15',
    });
    const v2 = await press(w);
    expect(v2).toMatchObject({ ok: true, response: { state: 'issued', version: 2, queued: 3 } });
    expect(w.written.at(-1)).toMatchObject({ documentId: 'D-1' });
    const model = w.written.at(-1)!.model;
    expect(model.title).toBe('会议纪要:销售与运营周例会(第 2 版)');
    expect(JSON.stringify(model.blocks)).toContain(
      '修改:[行动项] 制定促销方案 (赵磊, 2027-03-12) → [行动项] 制定促销方案',
    );
    expect([...w.mails.values()].filter((m) => m.kind === 'minutes' && m.dueSlot === 'v2')).toHaveLength(3);
    // The v1 link is superseded.
    expect(await respondToMinutes(tokenOf(w, ZHAO), { answer: 'confirm' }, w.responseDeps)).toMatchObject({
      ok: false,
      code: 'MINUTES_LINK_SUPERSEDED',
    });
  });

  it('reopens confirmed minutes on the next press, and issues the next version on the one after', async () => {
    w.advance(24);
    await runMinutesPass('WB', w.deps, w.deps.now());
    expect(await press(w)).toMatchObject({ ok: true, response: { state: 'reopened', version: 1 } });
    expect(w.states.get('M-1')!.phase).toBe('reopened');
    expect(await press(w)).toMatchObject({ ok: true, response: { state: 'issued', version: 2 } });
  });
});

describe('auto-finalize', () => {
  it('finalizes in the tick the configured hours after the meeting ended, once', async () => {
    const w = world();
    expect(await runMinutesPass('WB', w.deps, w.deps.now())).toMatchObject({ autoFinalized: 0 });
    w.advance(22); // 10:00 the next day: the meeting ended 23.5 hours ago
    expect(await runMinutesPass('WB', w.deps, w.deps.now())).toMatchObject({ autoFinalized: 0 });
    w.advance(1);
    expect(await runMinutesPass('WB', w.deps, w.deps.now())).toMatchObject({ autoFinalized: 1 });
    expect(w.states.get('M-1')).toMatchObject({ version: 1, phase: 'distributed' });
    expect(await runMinutesPass('WB', w.deps, w.deps.now())).toMatchObject({ autoFinalized: 0 });
    expect(w.mails.size).toBe(3);
  });
});
