// Everything the script itself says to a user (toasts, alerts, the menu), in both languages. Row-level
// messages come from the server's table (functions/src/domain/messages.ts) inside the Status text instead.
export const SCRIPT_TITLE = '会议跟进 Follow-up';

export const scriptMessages = {
  SETUP_MISSING: {
    zh: (p: { keys: string }) => `脚本属性未设置:${p.keys}。请在“项目设置 → 脚本属性”中填写。`,
    en: (p: { keys: string }) =>
      `Script Properties not set: ${p.keys}. Fill them in under Project Settings → Script Properties.`,
  },
  SIGNATURE_REFUSED: {
    zh: () => '服务器拒绝了签名:SHEET_EDIT_SECRET 与服务器不一致,或本机时间偏差超过 5 分钟。修改已保留在表中。',
    en: () =>
      'The server refused the signature: SHEET_EDIT_SECRET differs from the server’s, or the clock is off by ' +
      'more than 5 minutes. Your edit stays in the sheet.',
  },
  REQUEST_REFUSED: {
    zh: (p: { status: number }) => `服务器拒绝了此次修改(HTTP ${p.status})。修改已保留在表中。`,
    en: (p: { status: number }) => `The server refused this edit (HTTP ${p.status}). Your edit stays in the sheet.`,
  },
  SERVER_ERROR: {
    zh: (p: { status: number }) => `服务器出错(HTTP ${p.status}),修改已保留在表中;稍后请用菜单“重新同步此表”。`,
    en: (p: { status: number }) =>
      `Server error (HTTP ${p.status}); your edit stays in the sheet. Use the menu's "Resync this sheet" later.`,
  },
  UNREACHABLE: {
    zh: (p: { reason: string }) => `无法连接服务器(${p.reason}),修改已保留在表中;稍后请用菜单“重新同步此表”。`,
    en: (p: { reason: string }) =>
      `Could not reach the server (${p.reason}); your edit stays in the sheet. Use the menu's "Resync this ` +
      'sheet" later.',
  },
  BAD_ANSWER: {
    zh: () => '服务器的答复无法识别,编号和状态未写回;请用菜单“重新同步此表”。',
    en: () =>
      'The server’s answer was not understood, so ID and Status were not written; use the menu\'s "Resync this sheet".',
  },
  BUSY: {
    zh: () => '另一项同步正在进行,本次修改未能发送;稍后请用菜单“重新同步此表”。',
    en: () => 'Another sync is running, so this edit was not sent; use the menu\'s "Resync this sheet" shortly.',
  },
  COLUMNS_MISSING: {
    zh: (p: { columns: string }) => `此表缺少系统列:${p.columns},无法写回结果。请添加该表头。`,
    en: (p: { columns: string }) =>
      `This tab lacks the system column(s) ${p.columns}, so results could not be written. Add the header.`,
  },
  NOT_A_DATA_TAB: {
    zh: (p: { sheet: string }) => `“${p.sheet}”不是可同步的数据表。`,
    en: (p: { sheet: string }) => `"${p.sheet}" is not a data tab that syncs.`,
  },
  RESYNC_DONE: {
    zh: (p: { rows: number; errors: number }) => `已重新同步 ${p.rows} 行,其中 ${p.errors} 行有错误(见“状态”列)。`,
    en: (p: { rows: number; errors: number }) =>
      `Resynced ${p.rows} rows; ${p.errors} have errors (see the Status column).`,
  },
  SETUP_OK: {
    zh: (p: { url: string }) => `设置正确:服务器 ${p.url} 已接受签名请求。`,
    en: (p: { url: string }) => `Setup is correct: ${p.url} accepted a signed request.`,
  },
  TEST_MAIL_SENT: {
    zh: (p: { to: string }) => `测试邮件已发往 ${p.to},请查收(几分钟内未收到请查看“发送记录”表)。`,
    en: (p: { to: string }) =>
      `A test mail was sent to ${p.to}; if it has not arrived in a few minutes, look at the Outbox tab.`,
  },
  TEST_MAIL_NOT_CONFIGURED: {
    zh: () => '服务器未配置发件邮箱(MAIL_SENDER),暂时无法发送邮件;表格编辑不受影响。',
    en: () =>
      'The server has no sender mailbox (MAIL_SENDER), so no mail can be sent yet; editing the sheet is not affected.',
  },
  SETUP_OK_OLD_SERVER: {
    zh: (p: { url: string }) => `服务器 ${p.url} 可访问且签名被接受,但它不认识设置检查请求(服务器版本较旧)。`,
    en: (p: { url: string }) =>
      `${p.url} is reachable and accepted the signature, but does not know the setup check (older server).`,
  },
  TRIGGERS_INSTALLED: {
    zh: (p: { removed: number }) => `已安装“编辑”和“结构变更”触发器(替换了 ${p.removed} 个旧触发器)。`,
    en: (p: { removed: number }) => `Installed the edit and change triggers (replaced ${p.removed} old ones).`,
  },
  NOTICE_NOT_MEETINGS_TAB: {
    zh: () => '请先在“会议”表中选中要发送通知的会议所在行。',
    en: () => 'Select the meeting’s row on the Meetings tab first.',
  },
  NOTICE_NO_MEETING_ROW: {
    zh: () => '所选行没有编号:会议尚未保存(请先修正“状态”列中的错误),或未选中会议行。',
    en: () =>
      'The selected row has no ID: the meeting is not saved yet (fix the error in Status first), or no meeting ' +
      'row is selected.',
  },
  RECONCILE_BAD_ANSWER: {
    zh: () => '服务器的答复无法识别;请稍后再选“立即核对”。',
    en: () => 'The server’s answer was not understood; choose “Reconcile now” again later.',
  },
  NOTICE_BAD_ANSWER: {
    zh: () => '服务器的答复无法识别;请查看“发送记录”表确认通知是否已发出。',
    en: () => 'The server’s answer was not understood; look at the Outbox tab to see whether the notice went out.',
  },
  MENU_SEND_NOTICE: { zh: () => '立即发送会议通知', en: () => 'Send notice now' },
  MENU_FINALIZE_MINUTES: { zh: () => '生成会议纪要', en: () => 'Finalize minutes' },
  MENU_RESYNC: { zh: () => '重新同步此表', en: () => 'Resync this sheet' },
  MENU_RECONCILE: { zh: () => '立即核对', en: () => 'Reconcile now' },
  MENU_CHECK_SETUP: { zh: () => '检查设置', en: () => 'Check setup' },
  MENU_INSTALL_TRIGGERS: { zh: () => '安装触发器', en: () => 'Install triggers' },
} as const;

export type ScriptMessageCode = keyof typeof scriptMessages;
type ParamsOf<C extends ScriptMessageCode> = Parameters<(typeof scriptMessages)[C]['en']>[0];

/** "中文 / English" in one line: the workbook's readers are mixed, and a toast has no room for a language switch. */
export function formatScriptMessage<C extends ScriptMessageCode>(
  code: C,
  ...params: ParamsOf<C> extends undefined ? [] : [ParamsOf<C>]
): string {
  const entry = scriptMessages[code] as { zh: (p: unknown) => string; en: (p: unknown) => string };
  const p = params[0];
  return `${entry.zh(p)} / ${entry.en(p)}`;
}
