// The titles of the tabs whose edits go to sheetEdit (English, Chinese and accepted aliases). The script needs
// them to skip an edit of any other tab at the cost of one call: onEdit and onChange fire for every tab, and
// asking the server would take the document lock and a UrlFetch for each keystroke in a scratch tab. This list
// and the ID column's headers (tab-ids.ts) are all the script knows of the workbook schema;
// test/contract/synced-tabs.test.ts keeps it equal to the schema's tabs (workbook-schema.ts) that are not
// system-only.

export const SYNCED_TAB_TITLES: readonly string[] = [
  'People',
  '人员',
  'Staff',
  '人员名单',
  'Meetings',
  '会议',
  '会议安排',
  'Agenda',
  '议程',
  'Attendance',
  '签到',
  '考勤',
  '签到表',
  'Minutes',
  '纪要',
  '会议纪要',
  'Actions',
  '行动项',
  'Action items',
  '待办事项',
  'Customers',
  '客户档案',
  'Customer archive',
  'My customers',
  '我的客户',
  '顾客档案',
  'Visits',
  '回访',
  'Follow-ups',
  '回访记录',
  'Feedback',
  '反馈',
  '会议反馈',
  '满意度',
  'Targets',
  '目标',
  '销售目标',
  'Settings',
  '设置',
  'Reminder settings',
  '提醒设置',
];

/** As the server's normalizeLabel: full-width forms folded (NFKC), case and runs of whitespace ignored. */
export function normalizeTabTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

const syncedTitles = new Set(SYNCED_TAB_TITLES.map(normalizeTabTitle));

export function isSyncedTab(sheetName: string): boolean {
  return syncedTitles.has(normalizeTabTitle(sheetName));
}
