import { describe, expect, it } from 'vitest';
import { normalizeLabel } from '../../../functions/src/domain/workbook/label-normalization.ts';
import { WORKBOOK_TABS, getColumn, listInputColumns } from '../../../functions/src/domain/workbook/workbook-schema.ts';
import type { ColumnSpec, TabSpec } from '../../../functions/src/domain/workbook/workbook-schema.ts';

const tabs: readonly TabSpec[] = WORKBOOK_TABS;

function labelsOf(item: { en: string; zh: string; aliases?: readonly string[] }): string[] {
  return [item.en, item.zh, ...(item.aliases ?? [])].map(normalizeLabel);
}

function findDuplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

describe('workbook schema declaration', () => {
  it('declares every tab of the design with its English and Chinese name', () => {
    expect(tabs.map((tab) => [tab.key, tab.en, tab.zh])).toEqual([
      ['people', 'People', '人员'],
      ['meetings', 'Meetings', '会议'],
      ['agenda', 'Agenda', '议程'],
      ['attendance', 'Attendance', '签到'],
      ['minutes', 'Minutes', '纪要'],
      ['actions', 'Actions', '行动项'],
      ['customers', 'Customers', '客户档案'],
      ['visits', 'Visits', '回访'],
      ['feedback', 'Feedback', '反馈'],
      ['targets', 'Targets', '目标'],
      ['settings', 'Settings', '设置'],
      ['summary', 'Summary', '评估汇总'],
      ['outbox', 'Outbox', '发送记录'],
    ]);
  });

  it.each(tabs.map((tab) => [tab.en, tab] as const))('%s has system-owned ID and Status columns', (_name, tab) => {
    expect(getColumn(tab, 'id')).toMatchObject({ en: 'ID', system: true });
    expect(getColumn(tab, 'status')).toMatchObject({ en: 'Status', system: true });
  });

  it.each(tabs.map((tab) => [tab.en, tab] as const))(
    '%s has unique column keys and unique headers in both languages',
    (_name, tab) => {
      expect(findDuplicates(tab.columns.map((column) => column.key))).toEqual([]);
      expect(findDuplicates(tab.columns.flatMap(labelsOf))).toEqual([]);
    },
  );

  it('has column keys in camelCase', () => {
    const keys = tabs.flatMap((tab) => tab.columns.map((column) => column.key));
    expect(keys.filter((key) => !/^[a-z][a-zA-Z0-9]*$/.test(key))).toEqual([]);
  });

  it('gives every tab a name no other tab uses, in either language', () => {
    expect(findDuplicates(tabs.flatMap(labelsOf))).toEqual([]);
  });

  it('gives every enum option labels no other option of the same column uses', () => {
    const enumColumns = tabs.flatMap((tab) => tab.columns).filter((column) => column.type.kind === 'enum');
    for (const column of enumColumns) {
      if (column.type.kind !== 'enum') continue;
      const labels = column.type.options.flatMap((option) => [
        ...new Set([option.key, ...labelsOf(option)].map(normalizeLabel)),
      ]);
      expect(findDuplicates(labels), column.key).toEqual([]);
    }
  });

  it('never marks a system-owned column as required input', () => {
    const offending = tabs.flatMap((tab) =>
      tab.columns.filter((column) => column.system && column.required).map((c) => `${tab.key}.${c.key}`),
    );
    expect(offending).toEqual([]);
  });

  it('makes the computed columns of the design system-owned', () => {
    const systemKeys = (key: string) =>
      tabs
        .find((tab) => tab.key === key)
        ?.columns.filter((c) => c.system)
        .map((c) => c.key);
    expect(systemKeys('attendance')).toEqual(['id', 'status', 'result']);
    expect(systemKeys('actions')).toEqual(['id', 'status', 'overdueDays']);
    // A customer's Owner is typed by managers (seed 001 assignment), defaulting to its collector.
    expect(systemKeys('customers')).toEqual(['id', 'status']);
    expect(tabs.find((tab) => tab.key === 'customers')?.columns.find((c) => c.key === 'owner')?.defaultFrom).toBe(
      'collectedBy',
    );
  });

  it('lets nobody type into the Summary and Outbox tabs', () => {
    for (const key of ['summary', 'outbox']) {
      const tab = tabs.find((t) => t.key === key);
      expect(tab && listInputColumns(tab)).toEqual([]);
    }
  });

  it('points every row rule at columns the tab has', () => {
    for (const tab of tabs) {
      for (const rule of tab.rules ?? []) {
        const keys =
          rule.kind === 'after'
            ? [rule.earlier, rule.later]
            : rule.kind === 'requiredWhen'
              ? [rule.column, rule.when]
              : rule.columns;
        for (const key of keys) expect(getColumn(tab, key), `${tab.key}: ${key}`).toBeDefined();
      }
    }
  });

  it('stores each data tab in the Firestore collection the design names', () => {
    expect(Object.fromEntries(tabs.map((tab) => [tab.key, tab.collection]))).toEqual({
      people: 'people',
      meetings: 'meetings',
      agenda: 'agendaItems',
      attendance: 'attendance',
      minutes: 'minutes',
      actions: 'actions',
      customers: 'customers',
      visits: 'visits',
      feedback: 'feedback',
      targets: 'targets',
      settings: 'settings',
      summary: undefined,
      outbox: 'outbox',
    });
  });

  it.each([
    ['people', 'role', ['admin', 'manager', 'rep', 'doctor', 'staff']],
    ['meetings', 'type', ['weeklySop', 'monthlyReview', 'taskForce', 'adHoc', 'dealerConference', 'customerService']],
    [
      'attendance',
      'result',
      ['onTime', 'late', 'leftEarly', 'lateAndLeftEarly', 'absent', 'onLeave', 'onLeaveCovered', 'onLeaveUncovered'],
    ],
    ['minutes', 'kind', ['discussion', 'decision', 'action']],
    ['visits', 'method', ['phone', 'home']],
  ])('%s.%s offers exactly the design values', (tabKey, columnKey, keys) => {
    const column: ColumnSpec | undefined = getColumn(tabs.find((t) => t.key === tabKey) as TabSpec, columnKey);
    expect(column?.type.kind === 'enum' ? column.type.options.map((o) => o.key) : []).toEqual(keys);
  });

  it('declares the meeting logistics columns (series, recurrence, lodging, budget, actual cost)', () => {
    const meetings = tabs.find((t) => t.key === 'meetings') as TabSpec;
    expect(
      ['series', 'recurrence', 'lodging', 'budget', 'actualCost'].map((key) => getColumn(meetings, key)?.type.kind),
    ).toEqual(['text', 'text', 'text', 'number', 'number']);
  });
});
