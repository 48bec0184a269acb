import { describe, expect, it } from 'vitest';
import { describeReconcile } from '../../../functions/src/domain/workbook/reconcile-answer.ts';

const tab = (name: string, counts: Partial<Record<string, number>> = {}, refused?: string) => ({
  tab: name,
  rowsApplied: 0,
  recordsDeleted: 0,
  cellsRestored: 0,
  eventsSuperseded: 0,
  ...counts,
  ...(refused ? { refused } : {}),
});

describe('describeReconcile', () => {
  it.each([
    [
      'busy',
      { state: 'busy' as const, tabs: [] },
      'Another reconcile of this workbook is running; nothing was done now. Try again in a few minutes.',
      '本工作簿正在进行另一次核对,本次未做任何操作。请几分钟后再试。',
    ],
    [
      'nothing to fix',
      { state: 'done' as const, tabs: [tab('人员'), tab('Meetings')] },
      'Every tab was checked: the sheet and the records agree; nothing needed fixing.',
      '已核对所有表格:表格与记录一致,无需修复。',
    ],
    [
      'counts per tab, tab names in each language, tabs with nothing fixed left out',
      {
        state: 'done' as const,
        tabs: [tab('人员', { rowsApplied: 3, cellsRestored: 6 }), tab('会议'), tab('Agenda', { eventsSuperseded: 1 })],
      },
      'Every tab was checked and fixed. People: 3 rows saved, 6 ID/Status cells written; Agenda: 1 lost edit replaced.',
      '已核对并修复所有表格。人员:保存行数 3,写回单元格 6;议程:补处理的编辑 1。',
    ],
    [
      'one of each, and a refused tab',
      {
        state: 'done' as const,
        tabs: [
          tab('People', { rowsApplied: 1, recordsDeleted: 1, cellsRestored: 1 }),
          tab('会议', {}, 'HEADER_DUPLICATE'),
        ],
      },
      'Every tab was checked and fixed. People: 1 row saved, 1 deleted row removed, 1 ID/Status cell written; ' +
        'Meetings: not reconciled (HEADER_DUPLICATE); choose "Resync this sheet" there to see why.',
      '已核对并修复所有表格。人员:保存行数 1,删除行数 1,写回单元格 1;会议:未能核对(HEADER_DUPLICATE),请在该表中选择“重新同步此表”查看原因。',
    ],
  ])('%s', (_, report, en, zh) => {
    expect(describeReconcile(report)).toEqual({ en, zh });
  });
});
