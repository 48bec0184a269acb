import { describe, expect, it } from 'vitest';
import {
  actionIdOfLine,
  actionRowOf,
  lineMovesAction,
  planActionOfLine,
} from '../../../functions/src/domain/minutes/action-lines.ts';
import { findTab } from '../../../functions/src/domain/workbook/header-matching.ts';

const HEADER = ['编号', '状态', '来源会议', '事项', '负责人', '截止日期', '执行状态', '进展说明', '逾期天数'];
const line = {
  id: 'MN-7K2Q9P4D',
  deleted: false,
  data: { meeting: 'M-AAAAAAAA', kind: 'action', text: '发送价格表', owner: 'li@x.cn', due: '2027-03-12' },
};

describe('action lines: one minutes action line, one Actions row', () => {
  it('derives the action ID from the line ID, so a retried tick finds the row it wrote', () => {
    expect(actionIdOfLine('MN-7K2Q9P4D')).toBe('AC-7K2Q9P4D');
    expect(planActionOfLine(line)).toEqual({
      kind: 'upsert',
      actionId: 'AC-7K2Q9P4D',
      decided: { sourceMeeting: 'M-AAAAAAAA', text: '发送价格表', owner: 'li@x.cn', due: '2027-03-12' },
      reopen: false,
    });
  });

  it.each([
    { name: 'a deleted line', change: { deleted: true } },
    { name: 'a line that became a decision', change: { data: { ...line.data, kind: 'decision' } } },
  ])('$name cancels its action', ({ change }) => {
    expect(planActionOfLine({ ...line, ...change })).toEqual({ kind: 'cancel', actionId: 'AC-7K2Q9P4D' });
  });

  it('only lines that are or were actions move an action', () => {
    expect(lineMovesAction(undefined, line.data)).toBe(true);
    expect(lineMovesAction(line.data, { ...line.data, kind: 'discussion' })).toBe(true);
    expect(lineMovesAction({ kind: 'decision' }, { kind: 'discussion' })).toBe(false);
  });

  it('a new row carries the line and starts open, in the workbook language', () => {
    const write = actionRowOf(HEADER, undefined, planActionOfLine(line), 'zh')!;
    expect(write.values).toEqual([
      'AC-7K2Q9P4D',
      '',
      'M-AAAAAAAA',
      '发送价格表',
      'li@x.cn',
      '2027-03-12',
      '未开始',
      '',
      '',
    ]);
    expect(actionRowOf(HEADER, undefined, planActionOfLine(line), 'en')!.values[6]).toBe('open');
  });

  it('a changed line rewrites its own columns and keeps the owner’s status and note', () => {
    const shown = ['AC-7K2Q9P4D', 'OK', 'M-AAAAAAAA', '发送价格表', 'li@x.cn', '2027-03-12', '进行中', '已联系', '2'];
    const moved = { ...line, data: { ...line.data, text: '发送新价格表', due: '2027-03-19' } };
    const write = actionRowOf(HEADER, shown, planActionOfLine(moved), 'zh')!;
    expect(write.changed).toEqual(['text', 'due']);
    expect(write.values).toEqual([
      'AC-7K2Q9P4D',
      'OK',
      'M-AAAAAAAA',
      '发送新价格表',
      'li@x.cn',
      '2027-03-19',
      '进行中',
      '已联系',
      '2',
    ]);
    expect(actionRowOf(HEADER, shown, planActionOfLine(line), 'zh')!.changed).toEqual([]);
  });

  it('a cancellation marks an open row cancelled, leaves a done one done, and writes no row that never was', () => {
    const open = ['AC-7K2Q9P4D', 'OK', 'M-AAAAAAAA', '发送价格表', 'li@x.cn', '2027-03-12', '进行中'];
    const cancel = planActionOfLine({ ...line, deleted: true });
    const write = actionRowOf(HEADER, open, cancel, 'zh')!;
    expect(write.changed).toEqual(['state']);
    expect(write.values[6]).toBe('已取消');
    const done = [...open.slice(0, 6), 'done'];
    expect(actionRowOf(HEADER, done, cancel, 'zh')!.changed).toEqual([]);
    expect(actionRowOf(HEADER, undefined, cancel, 'zh')).toBeUndefined();
  });

  it.each([
    { name: 'its line became an action again (the pass had cancelled it)', lastPlan: 'cancel', state: '未开始' },
    { name: 'somebody cancelled it on the Actions tab (the pass last wrote it)', lastPlan: 'upsert', state: '已取消' },
    { name: 'nothing is known of the pass (saved before this was remembered)', lastPlan: undefined, state: '已取消' },
  ] as const)('a cancelled row whose line is an action: $name → $state', ({ lastPlan, state }) => {
    const cancelled = ['AC-7K2Q9P4D', 'OK', 'M-AAAAAAAA', '发送价格表', 'li@x.cn', '2027-03-12', '已取消', '已询价'];
    const plan = planActionOfLine({ ...line, ...(lastPlan ? { lastPlan } : {}) });
    const write = actionRowOf(HEADER, cancelled, plan, 'zh')!;
    expect(write.values[6]).toBe(state);
    expect(write.values[7]).toBe('已询价');
    // A done action is never reopened by its line.
    const done = [...cancelled.slice(0, 6), '已完成'];
    expect(actionRowOf(HEADER, done, plan, 'zh')!.changed).toEqual([]);
  });
});

describe('action lines: every accepted line can become its Actions row', () => {
  // The tick saves the row it writes through the Actions rules: a value the Minutes tab accepts on a line but the
  // Actions tab refuses would leave an action nobody tracks, its refusal on a row its recorder never typed.
  const typeOf = (tab: string, key: string) => findTab(tab)!.columns.find((column) => column.key === key)?.type;
  it.each([
    ['meeting', 'sourceMeeting'],
    ['text', 'text'],
    ['owner', 'owner'],
    ['due', 'due'],
  ])('the line’s %s is typed as the action’s %s', (lineKey, actionKey) => {
    expect(typeOf('Actions', actionKey)).toEqual(typeOf('Minutes', lineKey));
  });
});
