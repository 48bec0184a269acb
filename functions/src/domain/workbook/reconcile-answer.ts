// What "Reconcile now / 立即核对" tells the person who chose it, in both languages: per tab, what the run fixed
// (rows saved that never arrived, records of rows deleted without a trigger, ID/Status cells put back, inbox
// events it superseded), or that there was nothing to fix, or that another run was busy with the workbook.
import type { ReconcileResponse } from '../../contract/edit-request.ts';
import { findTab } from './header-matching.ts';

type TabReport = ReconcileResponse['tabs'][number];

function part(count: number, en: string, zh: string): { en: string; zh: string } | undefined {
  return count > 0 ? { en: `${count} ${en}`, zh: `${zh} ${count}` } : undefined;
}

function describeTab(tab: TabReport): { en: string; zh: string } | undefined {
  const spec = findTab(tab.tab);
  const name = { en: spec?.en ?? tab.tab, zh: spec?.zh ?? tab.tab };
  if (tab.refused)
    return {
      en: `${name.en}: not reconciled (${tab.refused}); choose "Resync this sheet" there to see why`,
      zh: `${name.zh}:未能核对(${tab.refused}),请在该表中选择“重新同步此表”查看原因`,
    };
  const parts = [
    part(tab.rowsApplied, tab.rowsApplied === 1 ? 'row saved' : 'rows saved', '保存行数'),
    part(tab.recordsDeleted, tab.recordsDeleted === 1 ? 'deleted row removed' : 'deleted rows removed', '删除行数'),
    part(
      tab.cellsRestored,
      tab.cellsRestored === 1 ? 'ID/Status cell written' : 'ID/Status cells written',
      '写回单元格',
    ),
    part(
      tab.eventsSuperseded,
      tab.eventsSuperseded === 1 ? 'lost edit replaced' : 'lost edits replaced',
      '补处理的编辑',
    ),
  ].filter((p) => p !== undefined);
  if (parts.length === 0) return undefined;
  return {
    en: `${name.en}: ${parts.map((p) => p.en).join(', ')}`,
    zh: `${name.zh}:${parts.map((p) => p.zh).join(',')}`,
  };
}

export function describeReconcile(report: Pick<ReconcileResponse, 'state' | 'tabs'>): { en: string; zh: string } {
  if (report.state === 'busy')
    return {
      en: 'Another reconcile of this workbook is running; nothing was done now. Try again in a few minutes.',
      zh: '本工作簿正在进行另一次核对,本次未做任何操作。请几分钟后再试。',
    };
  const fixed = report.tabs.map(describeTab).filter((t) => t !== undefined);
  if (fixed.length === 0)
    return {
      en: 'Every tab was checked: the sheet and the records agree; nothing needed fixing.',
      zh: '已核对所有表格:表格与记录一致,无需修复。',
    };
  return {
    en: `Every tab was checked and fixed. ${fixed.map((t) => t.en).join('; ')}.`,
    zh: `已核对并修复所有表格。${fixed.map((t) => t.zh).join(';')}。`,
  };
}
