import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type MinutesState,
  autoFinalizeDue,
  changeLog,
  issueVersion,
  linesLocked,
  minutesStatusLabel,
  objectionReason,
  openObjections,
  planFinalize,
  recordResponse,
  reopen,
  settleConfirmation,
  snapshotLines,
} from '../../../functions/src/domain/minutes/minutes-confirmation-rules.ts';

const ZONE = 'Asia/Shanghai';
const NOW = DateTime.fromISO('2027-03-09T12:00', { zone: ZONE });
const LI = 'li.wei@example.com';
const ZHAO = 'zhao.lei@example.com';
const document = { documentId: 'D-1', documentUrl: 'https://docs/D-1', folderId: 'F-1', pdfFileId: 'P-1' };

const lines = snapshotLines(
  [
    { id: 'N-1', kind: 'decision', text: '启动促销' },
    { id: 'N-2', kind: 'action', text: '制定方案', owner: { email: ZHAO, name: '赵磊' }, due: '2027-03-12' },
  ],
  'zh',
);

function issued(version = 1, previous?: MinutesState): MinutesState {
  return issueVersion(
    previous,
    { meetingId: 'M-1', version, changes: [], lines, recipients: [LI, ZHAO.toUpperCase()], document },
    NOW,
    24,
  );
}

describe('minutes versions and change log', () => {
  it('snapshots each line as kind, text, owner and due', () => {
    expect(lines).toEqual({ 'N-1': '[决议] 启动促销', 'N-2': '[行动项] 制定方案 (赵磊, 2027-03-12)' });
  });

  it('logs added, changed and removed lines', () => {
    expect(changeLog({ a: 'x', b: 'y' }, { b: 'y2', c: 'z' }, 'en')).toEqual([
      'Line removed: x',
      'Line changed: y → y2',
      'Line added: z',
    ]);
  });

  it.each([
    ['nothing sent yet', undefined, lines, { kind: 'issue', version: 1, changes: [] }],
    ['sent, nothing changed', issued(), lines, { kind: 'unchanged', version: 1 }],
    [
      'sent, a line changed',
      issued(),
      { ...lines, 'N-1': '[决议] 暂停促销' },
      { kind: 'issue', version: 2, changes: ['修改:[决议] 启动促销 → [决议] 暂停促销'] },
    ],
    [
      'confirmed, nothing changed: a new version opens',
      { ...issued(), phase: 'confirmed' },
      lines,
      { kind: 'reopen', version: 1, next: 2 },
    ],
    [
      'reopened: the next version is issued',
      reopen({ ...issued(), phase: 'confirmed' }),
      lines,
      { kind: 'issue', version: 2, changes: [] },
    ],
  ] as const)('plans finalize when %s', (_when, state, current, plan) => {
    expect(planFinalize(state as MinutesState | undefined, current, 'zh')).toEqual(plan);
  });

  it('issues the next version after an objection even with no line changed, and addresses the objection', () => {
    const objected = recordResponse(issued(), { recipient: LI, version: 1, answer: 'object', reason: '数字有误' }, NOW);
    if (!objected.ok) throw new Error(objected.code);
    expect(planFinalize(objected.state, lines, 'zh')).toEqual({ kind: 'issue', version: 2, changes: [] });
    const v2 = issued(2, objected.state);
    expect(v2.objections).toEqual([expect.objectContaining({ recipient: LI, version: 1, state: 'addressed' })]);
    expect(v2.history.map((h) => h.version)).toEqual([1, 2]);
    expect(v2.responses).toEqual([]);
  });
});

describe('confirmation', () => {
  const later = (hours: number) => NOW.plus({ hours });

  it('confirms when the window closes with no open objection, not before', () => {
    expect(settleConfirmation(issued(), later(23))).toBeUndefined();
    expect(settleConfirmation(issued(), later(24))).toMatchObject({ phase: 'confirmed', version: 1 });
  });

  it('keeps minutes with an open objection waiting for the next version', () => {
    const objected = recordResponse(issued(), { recipient: ZHAO, version: 1, answer: 'object', reason: '漏记' }, NOW);
    expect(objected).toMatchObject({ ok: true, objection: { recipient: ZHAO, reason: '漏记', state: 'open' } });
    if (!objected.ok) return;
    expect(settleConfirmation(objected.state, later(30))).toBeUndefined();
    expect(minutesStatusLabel(objected.state, 'mixed', ZONE)).toBe(
      'v1 有异议(1 条):请修改后重新生成 / objection to v1 (1): revise and finalize again',
    );
    // Confirming afterwards withdraws one's own objection.
    const confirmed = recordResponse(objected.state, { recipient: ZHAO, version: 1, answer: 'confirm' }, later(1));
    if (!confirmed.ok) throw new Error(confirmed.code);
    expect(settleConfirmation(confirmed.state, later(24))).toMatchObject({ phase: 'confirmed' });
  });

  it.each([
    ['someone the version was not sent to', { recipient: 'x@example.com', version: 1 }, NOW, 'MINUTES_LINK_INVALID'],
    ['an older version', { recipient: LI, version: 0 }, NOW, 'MINUTES_LINK_SUPERSEDED'],
    ['after the window', { recipient: LI, version: 1 }, NOW.plus({ hours: 24 }), 'MINUTES_LINK_EXPIRED'],
  ] as const)('refuses an answer from %s', (_who, response, at, code) => {
    expect(recordResponse(issued(), { ...response, answer: 'confirm' }, at)).toEqual({ ok: false, code });
  });

  it('the same objection again (a double submit, a replayed form) is no new objection, so no second mail', () => {
    const reason = '截止日期应为 3 月 15 日';
    const first = recordResponse(issued(), { recipient: ZHAO, version: 1, answer: 'object', reason }, NOW);
    if (!first.ok) throw new Error(first.code);
    expect(first.objection).toBeDefined();
    const again = recordResponse(first.state, { recipient: ZHAO, version: 1, answer: 'object', reason }, later(1));
    if (!again.ok) throw new Error(again.code);
    expect(again.objection).toBeUndefined();
    expect(openObjections(again.state)).toEqual(openObjections(first.state));
    // A different reason is what the person thinks now: it replaces the first, and the recorder hears of it.
    const changed = recordResponse(first.state, { recipient: ZHAO, version: 1, answer: 'object', reason: 'x' }, NOW);
    expect(changed.ok && changed.objection?.reason).toBe('x');
  });

  it('refuses an objection without a reason and any answer once confirmed', () => {
    expect(recordResponse(issued(), { recipient: LI, version: 1, answer: 'object', reason: ' ' }, NOW)).toEqual({
      ok: false,
      code: 'MINUTES_REASON_REQUIRED',
    });
    const confirmed = { ...issued(), phase: 'confirmed' as const };
    expect(recordResponse(confirmed, { recipient: LI, version: 1, answer: 'confirm' }, NOW)).toEqual({
      ok: false,
      code: 'MINUTES_RESPONSE_CLOSED',
    });
  });

  it('locks the lines of confirmed minutes until a new version is opened, and says so in the status', () => {
    const confirmed = settleConfirmation(issued(), NOW.plus({ hours: 24 }))!;
    expect(linesLocked(confirmed)).toBe(true);
    expect(minutesStatusLabel(confirmed, 'mixed', ZONE)).toBe('已确认 v1 / confirmed v1');
    expect(linesLocked(reopen(confirmed))).toBe(false);
    expect(linesLocked(issued())).toBe(false);
    expect(minutesStatusLabel(issued(), 'en', ZONE)).toBe('sent v1, awaiting confirmation until 2027-03-10 12:00');
  });
});

describe('autoFinalizeDue', () => {
  const meeting = { end: '2027-03-08T10:00:00+08:00', lines: 2 };
  it.each([
    ['before the hours have passed', 24, NOW.set({ day: 9, hour: 9 }), undefined, false],
    ['once they have', 24, NOW.set({ day: 9, hour: 10 }), undefined, true],
    ['when turned off', 0, NOW, undefined, false],
    ['when already finalized', 24, NOW, { phase: 'distributed' }, false],
    ['long after (outside the lookback)', 24, NOW.plus({ days: 30 }), undefined, false],
  ] as const)('is %s', (_when, hours, now, state, due) => {
    expect(autoFinalizeDue(meeting, state as MinutesState | undefined, hours, now)).toBe(due);
  });

  it('leaves a meeting nobody took minutes of alone', () => {
    expect(autoFinalizeDue({ ...meeting, lines: 0 }, undefined, 24, NOW)).toBe(false);
  });
});

describe('objectionReason', () => {
  it('removes control characters but keeps line breaks and tabs', () => {
    expect(objectionReason('  第二条\u0007有误\r\n见附件\tA  ')).toBe('第二条有误\n见附件\tA');
    expect(objectionReason(undefined)).toBe('');
  });

  it('keeps at most 2,000 characters as people count them, never half an emoji', () => {
    const reason = objectionReason(`${'好'.repeat(1999)}😀😀`);
    expect(Array.from(reason)).toHaveLength(2000);
    expect(reason.endsWith('😀')).toBe(true);
    expect(reason).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/u);
  });
});
