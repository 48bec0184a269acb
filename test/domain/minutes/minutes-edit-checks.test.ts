import { describe, expect, it } from 'vitest';
import {
  applyMinutesLock,
  minutesDeletionLock,
  minutesLockMeetingIds,
} from '../../../functions/src/domain/minutes/minutes-edit-checks.ts';
import type { PlannedRow, SheetEditPlan } from '../../../functions/src/domain/workbook/sheet-edit-plan.ts';
import { type TabKey, type TabSpec, getTab } from '../../../functions/src/domain/workbook/workbook-schema.ts';

const line = { meeting: 'M-1', kind: 'decision', text: '启动促销' };
const plan = (rows: SheetEditPlan['rows']): SheetEditPlan => ({
  tab: getTab('minutes') as TabSpec & { key: TabKey },
  rows,
  notes: [],
  timeZone: 'Asia/Shanghai',
});
const locked = new Map([['M-1', 2]]);
const saved = new Map([['N-1', line]]);

describe('confirmed minutes are locked until a new version is opened', () => {
  it.each([
    ['a changed line', { row: 2, sheetId: 'N-1', data: { ...line, text: '暂停促销' } }, true],
    ['a new line', { row: 3, sheetId: null, data: { ...line, text: '新增' } }, true],
    ['a line moved here from another meeting', { row: 4, sheetId: 'N-9', data: line }, true],
    ['a line re-sent unchanged (resync)', { row: 2, sheetId: 'N-1', data: { ...line } }, false],
    ['a line of another meeting', { row: 5, sheetId: null, data: { ...line, meeting: 'M-2' } }, false],
  ] as const)('%s: refused=%s', (_what, row, refused) => {
    const [judged] = applyMinutesLock(plan([{ ...row, messages: [] } as PlannedRow]), { locked, saved }).rows;
    if (refused) {
      expect(judged!.data).toBeUndefined();
      expect(judged!.messages?.[0]).toMatchObject({ code: 'MINUTES_CONFIRMED_LOCKED' });
      expect(judged!.messages?.[0]?.zh).toContain('第 2 版');
    } else expect(judged).toEqual({ ...row, messages: [] });
  });

  it('refuses a line moved away from a locked meeting, and names the meetings to look up', () => {
    const moved: PlannedRow = { row: 2, sheetId: 'N-1', data: { ...line, meeting: 'M-2' }, messages: [] };
    expect(applyMinutesLock(plan([moved]), { locked, saved }).rows[0]!.data).toBeUndefined();
    expect(
      minutesLockMeetingIds(plan([moved, { row: 3, sheetId: null, partial: { meeting: 'M-3' }, messages: [] }])),
    ).toEqual(['M-2', 'M-3']);
  });

  it.each([
    ['a line of confirmed minutes', line, 'MINUTES_CONFIRMED_DELETE_LOCKED'],
    ['a line of another meeting', { ...line, meeting: 'M-2' }, undefined],
    ['a line naming no meeting', { kind: 'decision', text: 'x' }, undefined],
  ] as const)('deleting %s: refused with %s', (_what, data, code) => {
    const refusal = minutesDeletionLock(data, locked);
    expect(refusal?.code).toBe(code);
    if (code) expect(refusal?.zh).toContain('第 2 版');
  });
});
