// Every piece of UI text, in both languages, in one table: the workbook's users are mixed, so labels show
// 中文 first and English second, and no page builds user-facing text by concatenating fragments.

/** @typedef {{ zh: string, en: string }} Localized */

export const LABELS = {
  appName: { zh: '会议与客户跟进', en: 'Meetings & follow-up' },
  localBadge: { zh: '本地模拟环境', en: 'Local emulators' },
  pageWorkbook: { zh: '工作簿', en: 'Workbook' },
  health: { zh: '健康检查', en: 'Health' },
  healthOk: { zh: '运行正常', en: 'Healthy' },
  healthDown: { zh: '不可用', en: 'Unavailable' },
  functionsUrl: { zh: '函数地址', en: 'Functions URL' },
  workspaceRootUrl: { zh: 'Workspace 模拟器', en: 'Workspace rootUrl' },
  copy: { zh: '复制', en: 'Copy' },
  copied: { zh: '已复制', en: 'Copied' },
  resync: { zh: '重新同步此表', en: 'Resync this sheet' },
  addRow: { zh: '添加行', en: 'Add row' },
  editor: { zh: '编辑人', en: 'Editor' },
  saving: { zh: '保存中…', en: 'Saving…' },
  saved: { zh: '已保存', en: 'Saved' },
  loading: { zh: '加载中…', en: 'Loading…' },
  readOnlyTab: { zh: '此表由系统生成,只读。', en: 'This sheet is built by the system and is read-only.' },
  systemColumn: { zh: '系统列,只读', en: 'System column, read-only' },
  systemColumnTitle: { zh: '系统写入的列(编号 / 状态),不可编辑', en: 'Written by the system (ID / Status); not editable' },
  cellReadOnly: { zh: '此单元格由系统写入,不能编辑。', en: 'The system writes this cell; it cannot be edited.' },
  pasteIntoSystem: { zh: '粘贴区域包含系统列或只读单元格,未粘贴。', en: 'The pasted block covers system columns or read-only cells; nothing was pasted.' },
  pasteOutside: { zh: '粘贴区域超出了表头的列数,未粘贴。', en: 'The pasted block is wider than the header row; nothing was pasted.' },
  networkError: { zh: '无法连接本地服务,请确认 npm start 仍在运行。', en: 'Cannot reach the local server; check that npm start is still running.' },
  badResponse: { zh: '服务器返回了无法识别的响应。', en: 'The server sent a response the page cannot read.' },
  unknownPage: { zh: '没有这个页面。', en: 'There is no such page.' },
  unknownTab: { zh: '工作簿中没有这个表。', en: 'The workbook has no such sheet.' },
  legendSystem: { zh: '系统列', en: 'System column' },
  legendError: { zh: '有错误的行', en: 'Row with errors' },
  legendNewRow: { zh: '在此输入新行', en: 'Type a new row here' },
  keyboardHelp: {
    zh: '单击或直接输入以编辑 · Enter/Tab/方向键移动 · Esc 取消 · Ctrl+V 粘贴区块',
    en: 'Click or type to edit · Enter/Tab/arrows move · Esc cancels · Ctrl+V pastes a block',
  },
  /** @param {number} n */
  resynced: (n) => ({ zh: `已重新同步 ${n} 行`, en: `Resynced ${n} rows` }),
  /** @param {number} ok @param {number} failed */
  rowsSaved: (ok, failed) => ({
    zh: failed ? `已保存 ${ok} 行,${failed} 行有错误(见状态列)` : `已保存 ${ok} 行`,
    en: failed ? `Saved ${ok} rows; ${failed} with errors (see Status)` : `Saved ${ok} rows`,
  }),
};

/** "中文 / English" as plain text, for title attributes and aria-labels. */
export function plainText(/** @type {Localized} */ text) {
  return text.zh === text.en ? text.en : `${text.zh} / ${text.en}`;
}

/** Two spans styled by CSS (Chinese first, English smaller); lang attributes pick the right fonts. */
export function bilingual(/** @type {Localized} */ text) {
  const fragment = document.createDocumentFragment();
  const zh = document.createElement('span');
  zh.lang = 'zh-CN';
  zh.className = 'label-zh';
  zh.textContent = text.zh;
  fragment.append(zh);
  if (text.en !== text.zh) {
    const en = document.createElement('span');
    en.lang = 'en';
    en.className = 'label-en';
    en.textContent = text.en;
    fragment.append(' ', en);
  }
  return fragment;
}
