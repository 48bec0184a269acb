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
  sendNotice: { zh: '立即发送会议通知', en: 'Send notice now' },
  sendNoticeTitle: {
    zh: '向所选会议的参会名单立即发送会议通知(附日历邀请),已收到者不会重复收到',
    en: 'Send the selected meeting’s notice (with a calendar invitation) to its roster now; nobody gets it twice',
  },
  editor: { zh: '编辑人', en: 'Editor' },
  saving: { zh: '保存中…', en: 'Saving…' },
  saved: { zh: '已保存', en: 'Saved' },
  loading: { zh: '加载中…', en: 'Loading…' },
  readOnlyTab: { zh: '此表由系统生成,只读。', en: 'This sheet is built by the system and is read-only.' },
  systemColumn: { zh: '系统列,只读', en: 'System column, read-only' },
  systemColumnTitle: {
    zh: '系统写入的列(编号 / 状态),不可编辑',
    en: 'Written by the system (ID / Status); not editable',
  },
  cellReadOnly: { zh: '此单元格由系统写入,不能编辑。', en: 'The system writes this cell; it cannot be edited.' },
  pasteIntoSystem: {
    zh: '粘贴区域包含系统列或只读单元格,未粘贴。',
    en: 'The pasted block covers system columns or read-only cells; nothing was pasted.',
  },
  pasteOutside: {
    zh: '粘贴区域超出了表头的列数,未粘贴。',
    en: 'The pasted block is wider than the header row; nothing was pasted.',
  },
  networkError: {
    zh: '无法连接本地服务,请确认 npm start 仍在运行。',
    en: 'Cannot reach the local server; check that npm start is still running.',
  },
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
  pageMailbox: { zh: '邮箱', en: 'Mailbox' },
  // ---- clock control (header) ----
  clock: { zh: '模拟时钟', en: 'Stack clock' },
  clockTitle: {
    zh: '本地环境的时钟:提醒和每日摘要按这个时间计划。可用下面的按钮、LOCAL_NOW 或 POST /api/clock 调整。',
    en:
      'The local stack clock: reminders and digests are planned by it. The buttons, LOCAL_NOW or ' +
      'POST /api/clock move it.',
  },
  clockRealTime: { zh: '实时', en: 'real time' },
  plusHour: { zh: '+1 小时', en: '+1 h' },
  plusDay: { zh: '+1 天', en: '+1 day' },
  nextMorning: { zh: '到下个工作日早上', en: 'Next working morning' },
  nextMorningTitle: {
    zh: '快进到下一个工作日(按设置表的节假日和调休上班日)每日摘要时间后 5 分钟;每日摘要在该时间后的第一次 tick 发出',
    en:
      'Moves to 5 minutes after the daily digest time on the next working day (holidays and make-up working days ' +
      'from the Settings tab); the digest goes out at the first tick after that time',
  },
  clockReset: { zh: '重置', en: 'Reset' },
  clockResetTitle: { zh: '回到真实时间', en: 'Back to real time' },
  runTick: { zh: '立即运行 tick', en: 'Run tick now' },
  runTickTitle: {
    zh: '立即运行一次定时任务(规则 → 发件队列 → Gmail);本地环境也会每 15 分钟自动运行',
    en: 'Runs the scheduled job once now (rules → outbox → Gmail); the local stack also runs it every 15 minutes',
  },
  /** @param {number} minutes ahead of real time; negative when the clock was set to an earlier instant */
  clockOffset: (minutes) => {
    const abs = Math.abs(minutes);
    const d = Math.floor(abs / 1440);
    const h = Math.floor((abs % 1440) / 60);
    const m = abs % 60;
    const zh = [d && `${d} 天`, h && `${h} 小时`, m && `${m} 分`].filter(Boolean).join(' ') || '不到 1 分钟';
    const en = [d && `${d}d`, h && `${h}h`, m && `${m}m`].filter(Boolean).join(' ') || '< 1m';
    return minutes < 0 ? { zh: `倒回 ${zh}`, en: `−${en}` } : { zh: `快进 ${zh}`, en: `+${en}` };
  },
  /**
   * @param {{ planned: number, enqueued: number, sent: number, failed: number, retrying: number,
   *   meetingsCreated: number }} t
   */
  tickResult: (t) => ({
    zh:
      `tick 完成:计划 ${t.planned} 封(新入队 ${t.enqueued}),已发送 ${t.sent},失败 ` +
      `${t.failed}${t.retrying ? `,${t.retrying} 封稍后重试` : ''}` +
      `${t.meetingsCreated ? `;按系列新建会议 ${t.meetingsCreated} 场` : ''}`,
    en:
      `Tick done: ${t.planned} planned (${t.enqueued} new), ${t.sent} sent, ${t.failed} ` +
      `failed${t.retrying ? `, ${t.retrying} retrying` : ''}` +
      `${t.meetingsCreated ? `; ${t.meetingsCreated} meetings created from series` : ''}`,
  }),
  /** @param {string} detail */
  tickWorkbookError: (detail) => ({
    zh: `tick 处理工作簿时出错:${detail}`,
    en: `The tick failed for a workbook: ${detail}`,
  }),
  // ---- documents page ----
  pageDocuments: { zh: '文档', en: 'Documents' },
  documentsEmpty: { zh: '还没有文档 — 纪要定稿后会出现在这里', en: 'No documents yet — finalized minutes appear here' },
  documentsPick: { zh: '请在左侧选择一个文档', en: 'Pick a document on the left' },
  documentsMissing: { zh: '找不到这个文档', en: 'This document does not exist' },
  documentsNoFolder: { zh: '(未归档)', en: '(not filed)' },
  documentsDownloadPdf: { zh: '下载 PDF', en: 'Download PDF' },
  documentsFolder: { zh: '文件夹', en: 'Folder' },
  documentsModified: { zh: '修改时间', en: 'Modified' },
  documentsVersion: { zh: '版本', en: 'Version' },
  documentsSharing: { zh: '共享', en: 'Sharing' },
  documentsWho: { zh: '人员', en: 'Who' },
  documentsRole: { zh: '权限', en: 'Role' },
  documentsFiles: { zh: '同一文件夹中的文件', en: 'Files in its folder' },
  documentsNoFiles: { zh: '文件夹中没有其他文件', en: 'No other files in the folder' },
  roleOwner: { zh: '所有者', en: 'Owner' },
  roleWriter: { zh: '可编辑', en: 'Editor' },
  roleCommenter: { zh: '可评论', en: 'Commenter' },
  roleReader: { zh: '可查看', en: 'Viewer' },
  // ---- mailbox page ----
  recipients: { zh: '收件人', en: 'Recipients' },
  messages: { zh: '邮件', en: 'Messages' },
  refresh: { zh: '刷新', en: 'Refresh' },
  noMail: { zh: '还没有邮件 — 请快进时钟并运行 tick', en: 'No mail yet — advance the clock and run a tick' },
  noMailHint: {
    zh: '提示:点击页眉中的“到下个工作日 08:00”,再点“立即运行 tick”,每日摘要和会议提醒就会出现在这里。',
    en:
      'Tip: click “Next working morning” in the header, then “Run tick now”; daily digests and meeting reminders ' +
      'land here.',
  },
  mailboxEmpty: { zh: '这个邮箱还没有邮件', en: 'No mail for this address yet' },
  pickMailbox: { zh: '请在左侧选择一个收件人', en: 'Pick a recipient on the left' },
  pickMessage: { zh: '请选择一封邮件', en: 'Pick a message' },
  messageNotFound: { zh: '这个邮箱里没有这封邮件', en: 'This mailbox has no such message' },
  senderMailbox: { zh: '发件箱', en: 'Sent' },
  senderMailboxTitle: { zh: '系统发件账号:这里是已发送的副本', en: 'The sending account: these are the sent copies' },
  from: { zh: '发件人', en: 'From' },
  to: { zh: '收件人', en: 'To' },
  cc: { zh: '抄送', en: 'Cc' },
  date: { zh: '日期', en: 'Date' },
  noSubject: { zh: '(无主题)', en: '(no subject)' },
  viewHtml: { zh: '网页版', en: 'HTML' },
  viewText: { zh: '纯文本', en: 'Plain text' },
  bodyView: { zh: '正文格式', en: 'Body format' },
  noHtmlPart: { zh: '这封邮件只有纯文本部分', en: 'This message has only a plain-text part' },
  sandboxNote: { zh: '沙盒显示:不运行脚本,不加载外部资源', en: 'Sandboxed: no scripts, no remote content' },
  bodyFrameTitle: { zh: '邮件正文', en: 'Message body' },
  attachments: { zh: '附件', en: 'Attachments' },
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
