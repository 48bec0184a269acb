// The single bilingual message table. Every text a user can read comes from here, so wording stays consistent
// and a missing translation is a compile error (the table must cover every MessageCode in both languages).
import type { ErrorCode } from './error-codes.ts';

export type Lang = 'en' | 'zh';
/** How a workbook shows messages: one language, or both ("中文 / English") when its users are mixed. */
export type WorkbookLanguage = Lang | 'mixed';

/** A text known in both languages, e.g. a column header: the formatter picks the reader's language. */
export interface Localized {
  readonly en: string;
  readonly zh: string;
}

export type MessageParamValue = string | number | Localized | undefined;
export type MessageParams = Readonly<Record<string, MessageParamValue>>;

export type MessageCode = ErrorCode | 'STATUS_OK';

type Template = (p: Readonly<Record<string, string>>) => string;

// Long cell values would drown the Status cell; the user only needs enough to recognise what they typed.
const MAX_QUOTED_VALUE = 60;

function quoteValue(value: string | undefined): string {
  const text = value ?? '';
  return text.length > MAX_QUOTED_VALUE ? `${text.slice(0, MAX_QUOTED_VALUE - 1)}…` : text;
}

// Who may press "Send notice now" for a meeting, with the addresses when known, so the reader knows whom to ask.
function noticeSenders(p: Readonly<Record<string, string>>, lang: Lang): string {
  if (lang === 'en') {
    return (
      `the meeting's host${p.host ? ` (${p.host})` : ''}, its recorder${p.recorder ? ` (${p.recorder})` : ''}, ` +
      `the host's manager${p.manager ? ` (${p.manager})` : ''} or a workbook admin (People tab, role "admin")`
    );
  }
  return (
    `会议主持人${p.host ? `(${p.host})` : ''}、记录人${p.recorder ? `(${p.recorder})` : ''}、` +
    `主持人的上级${p.manager ? `(${p.manager})` : ''}或管理员(“人员”表中角色为“管理员”)`
  );
}

// Who may approve a leave, with the addresses when known, so the reader knows whom to ask (seed 002: leave is
// asked of the host; the People tab adds the person's manager).
function leaveApprovers(p: Readonly<Record<string, string>>, lang: Lang): string {
  if (lang === 'en') {
    const who =
      `the meeting host${p.host ? ` (${p.host})` : ''} or the person's ` +
      `manager${p.manager ? ` (${p.manager})` : ''}`;
    return p.host || p.manager
      ? who
      : `${who}; neither is set yet: fill in "Host" on the Meetings tab or "Manager" on the People tab`;
  }
  const who = `会议主持人${p.host ? `(${p.host})` : ''}或请假人的上级${p.manager ? `(${p.manager})` : ''}`;
  return p.host || p.manager ? who : `${who};目前两者都未设置,请在“会议”表填写“主持人”或在“人员”表填写“上级”`;
}

export const messageTable = {
  STATUS_OK: {
    en: () => 'OK',
    zh: () => 'OK',
  },
  TAB_UNKNOWN: {
    en: (p) => `Sheet "${p.sheet}" is not a tab this system knows; rename it to one of: ${p.expected}.`,
    zh: (p) => `工作表“${p.sheet}”无法识别,请改名为以下之一:${p.expected}。`,
  },
  HEADER_UNKNOWN: {
    en: (p) =>
      `Tab ${p.tab}, column ${p.letter}: header "${p.header}" is not a known column; rename it to one of: ` +
      `${p.expected} — or clear the header cell.`,
    zh: (p) =>
      `“${p.tab}”表第 ${p.letter} 列:表头“${p.header}”无法识别,请改为以下表头之一:${p.expected};或清空该表头单元格。`,
  },
  HEADER_DUPLICATE: {
    en: (p) =>
      `Tab ${p.tab}, column ${p.letter}: header "${p.header}" names the same column as column ${p.firstLetter}; ` +
      'keep only one of them.',
    zh: (p) => `“${p.tab}”表第 ${p.letter} 列:表头“${p.header}”与第 ${p.firstLetter} 列重复,请只保留其中一列。`,
  },
  HEADER_MISSING_REQUIRED: {
    en: (p) => `Tab ${p.tab} has no "${p.column}" column; add a header named "${p.column}".`,
    zh: (p) => `“${p.tab}”表缺少“${p.column}”列,请添加名为“${p.column}”的表头。`,
  },
  VALUE_REQUIRED: {
    en: (p) => `"${p.column}" is required: fill it in.`,
    zh: (p) => `“${p.column}”为必填项,请填写。`,
  },
  VALUE_REQUIRED_WHEN: {
    en: (p) => `"${p.column}" is required when "${p.otherColumn}" is "${p.otherValue}": fill it in.`,
    zh: (p) => `“${p.otherColumn}”为“${p.otherValue}”时,“${p.column}”必须填写。`,
  },
  ONE_OF_REQUIRED: {
    en: (p) => `Fill in at least one of ${p.columns}.`,
    zh: (p) => `请至少填写${p.columns}中的一项。`,
  },
  VALUE_UNSUPPORTED: {
    en: (p) => `"${p.column}": the cell holds something other than text, a number or a checkbox; type plain text.`,
    zh: (p) => `“${p.column}”:单元格内容不是文本、数字或复选框,请输入普通文本。`,
  },
  TEXT_TOO_LONG: {
    en: (p) => `"${p.column}" is ${p.length} characters long; shorten it to at most ${p.max}.`,
    zh: (p) => `“${p.column}”长度为 ${p.length} 个字符,请缩短到 ${p.max} 个字符以内。`,
  },
  EMAIL_INVALID: {
    en: (p) => `"${p.column}": "${quoteValue(p.value)}" is not an email address; type it like name@example.com.`,
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”不是有效的邮箱地址,请按 name@example.com 的格式填写。`,
  },
  NUMBER_INVALID: {
    en: (p) =>
      `"${p.column}": "${quoteValue(p.value)}" is not a number; type digits such as 1234.5 (commas only between ` +
      'thousands, as in 1,234.5).',
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”不是数字,请填写如 1234.5 的数字(逗号只能作千位分隔,如 1,234.5)。`,
  },
  INTEGER_INVALID: {
    en: (p) => `"${p.column}": "${quoteValue(p.value)}" is not a whole number; type a whole number such as 3.`,
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”不是整数,请填写整数,如 3。`,
  },
  NUMBER_TOO_SMALL: {
    en: (p) => `"${p.column}": ${quoteValue(p.value)} is too small; the lowest allowed value is ${p.min}.`,
    zh: (p) => `“${p.column}”:${quoteValue(p.value)} 太小,最小允许值为 ${p.min}。`,
  },
  NUMBER_TOO_LARGE: {
    en: (p) => `"${p.column}": ${quoteValue(p.value)} is too large; the highest allowed value is ${p.max}.`,
    zh: (p) => `“${p.column}”:${quoteValue(p.value)} 太大,最大允许值为 ${p.max}。`,
  },
  BOOLEAN_INVALID: {
    en: (p) => `"${p.column}": "${quoteValue(p.value)}" is not yes or no; type yes or no (是 / 否 also work).`,
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”无法识别为是或否,请填写“是”或“否”(也可填 yes / no)。`,
  },
  ENUM_INVALID: {
    en: (p) => `"${p.column}": "${quoteValue(p.value)}" is not an allowed value; choose one of: ${p.allowed}.`,
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”不是可选值,请从以下选项中选择:${p.allowed}。`,
  },
  URL_INVALID: {
    en: (p) =>
      `"${p.column}": "${quoteValue(p.value)}" is not a web link; paste the full address starting with https://.`,
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”不是有效链接,请粘贴以 https:// 开头的完整地址。`,
  },
  PHONE_INVALID: {
    en: (p) =>
      `"${p.column}": "${quoteValue(p.value)}" is not a phone number that can be dialled; type it as ` +
      `${p.examples}, or with its country code (+…).`,
    zh: (p) =>
      `“${p.column}”:“${quoteValue(p.value)}”不是可拨打的电话号码,请按 ${p.examples} 的格式填写,或带国家代码(+…)。`,
  },
  REF_UNKNOWN: {
    en: (p) =>
      `"${p.column}": nothing in the ${p.targetTab} tab matches "${quoteValue(p.value)}"; type the ID (or, for ` +
      'people, the email) exactly as it appears there.',
    zh: (p) =>
      `“${p.column}”:在“${p.targetTab}”表中找不到“${quoteValue(p.value)}”,请填写该表中的编号(人员可填邮箱),须与表中完全一致。`,
  },
  DATE_INVALID: {
    en: (p) =>
      `"${p.column}": "${quoteValue(p.value)}" is not a date we can read; type it as 2026-11-28 (2026/11/28 and ` +
      '2026年11月28日 also work).',
    zh: (p) =>
      `“${p.column}”:无法识别日期“${quoteValue(p.value)}”,请按 2026-11-28 的格式填写(也可写 2026/11/28 或 2026年11月28日)。`,
  },
  DATETIME_INVALID: {
    en: (p) =>
      `"${p.column}": "${quoteValue(p.value)}" is not a date and time we can read; type it as 2026-11-28 14:00 ` +
      '(2026年11月28日 14:00 also works).',
    zh: (p) =>
      `“${p.column}”:无法识别日期时间“${quoteValue(p.value)}”,请按 2026-11-28 14:00 的格式填写(也可写 2026年11月28日 14:00)。`,
  },
  DATE_AMBIGUOUS: {
    en: (p) =>
      `"${p.column}": "${quoteValue(p.value)}" puts the year last, so day and month could be read either way; ` +
      'type the year first, e.g. 2026-11-28.',
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”把年份写在最后,日和月可能被误读,请把年份写在前面,如 2026-11-28。`,
  },
  DATE_NONEXISTENT: {
    en: (p) => `"${p.column}": "${quoteValue(p.value)}" is not a real calendar date; check the month and the day.`,
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”不是真实存在的日期,请检查月份和日期。`,
  },
  TIME_INVALID: {
    en: (p) =>
      `"${p.column}": the time in "${quoteValue(p.value)}" is not valid; use 24-hour time from 00:00 to 23:59.`,
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”中的时间无效,请使用 00:00 至 23:59 的 24 小时制时间。`,
  },
  TIME_SKIPPED_BY_DST: {
    en: (p) =>
      `"${p.column}": ${quoteValue(p.value)} does not exist in time zone ${p.zone} (clocks jump forward that ` +
      'night); choose a time outside the skipped hour.',
    zh: (p) => `“${p.column}”:时区 ${p.zone} 当晚因夏令时拨快时钟,${quoteValue(p.value)} 这一时刻不存在,请另选时间。`,
  },
  DATE_OUT_OF_RANGE: {
    en: (p) => `"${p.column}": "${quoteValue(p.value)}" is outside the years 1900–2199; check the year.`,
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”超出 1900–2199 年的范围,请检查年份。`,
  },
  MONTH_INVALID: {
    en: (p) => `"${p.column}": "${quoteValue(p.value)}" is not a month; type it as 2026-11 (2026年11月 also works).`,
    zh: (p) => `“${p.column}”:“${quoteValue(p.value)}”不是月份,请按 2026-11 的格式填写(也可写 2026年11月)。`,
  },
  TIME_ZONE_INVALID: {
    en: (p) => `The workbook time zone "${p.zone}" is not a valid time zone; set it to a name such as Asia/Shanghai.`,
    zh: (p) => `工作簿时区“${p.zone}”无效,请设置为如 Asia/Shanghai 的时区名称。`,
  },
  END_NOT_AFTER_START: {
    en: (p) =>
      `"${p.column}" (${quoteValue(p.value)}) must be later than "${p.otherColumn}" (${quoteValue(p.otherValue)}` +
      '); correct one of them.',
    zh: (p) =>
      `“${p.column}”(${quoteValue(p.value)})必须晚于“${p.otherColumn}”(${quoteValue(p.otherValue)}),请修改其中一项。`,
  },
  SETTING_VALUE_INVALID: {
    en: (p) => `"${p.value}" is not a valid value for "${p.setting}": ${p.expected}.`,
    zh: (p) => `“${p.value}”不是“${p.setting}”的有效值:${p.expected}。`,
  },
  RECURRENCE_INVALID: {
    en: (p) =>
      `"${p.column}": "${quoteValue(p.value)}" is not a repeat rule we can read; write one of: weekly Mon 09:00 ` +
      '· weekly Fri 14:30-16:00 · every 2 weeks Tue 10:00 · monthly last Friday 14:00 · monthly first Mon 09:00.',
    zh: (p) =>
      `“${p.column}”:无法识别重复规则“${quoteValue(p.value)}”,请按以下格式之一填写:每周一 09:00 · 每周五 14:30-16:00 · 每两周周二 10:00 · ` +
      '每月最后一个周五 14:00 · 每月第一个周一 09:00。',
  },
  AGENDA_OVER_TIME: {
    en: (p) =>
      `The agenda items add up to ${p.allotted} minutes but the meeting lasts ${p.available} minutes; shorten ` +
      'some items or extend the meeting.',
    zh: (p) => `议程各项时长合计 ${p.allotted} 分钟,超过会议时长 ${p.available} 分钟,请缩短部分议题或延长会议。`,
  },
  AGENDA_ORDER_DUPLICATE: {
    en: (p) =>
      `"${p.column}": number ${quoteValue(p.value)} is also used by "${quoteValue(p.otherValue)}"; give each ` +
      'agenda item its own number.',
    zh: (p) =>
      `“${p.column}”:序号 ${quoteValue(p.value)} 已被议题“${quoteValue(p.otherValue)}”使用,请为每个议题设置不同的序号。`,
  },
  MATERIAL_DUE_AFTER_START: {
    en: (p) =>
      `"${p.column}" (${quoteValue(p.value)}) is after the meeting starts (${quoteValue(p.otherValue)}); set a ` +
      'deadline before the meeting so attendees can read the material.',
    zh: (p) =>
      `“${p.column}”(${quoteValue(p.value)})晚于会议开始时间(${quoteValue(p.otherValue)}),请把材料截止时间设在会前,以便参会人提前阅读。`,
  },
  PERSON_INACTIVE: {
    en: (p) => `"${p.column}": ${quoteValue(p.value)} is marked inactive on the People tab; choose someone active.`,
    zh: (p) => `“${p.column}”:${quoteValue(p.value)} 在“人员”表中已标记为停用,请改选在职人员。`,
  },
  RECORDER_NOT_ON_ROSTER: {
    en: (p) =>
      `"${p.column}": ${quoteValue(p.value)} is not on this meeting's attendance list; add them to the ` +
      'Attendance tab or choose another recorder.',
    zh: (p) => `“${p.column}”:${quoteValue(p.value)} 不在本次会议的参会名单中,请在“签到”表中添加此人,或另选记录人。`,
  },
  MEETING_OVER_BUDGET: {
    en: (p) =>
      `Warning: the actual cost ${p.actual} is over the budget ${p.budget}. The row is saved; note the reason ` +
      'in the minutes.',
    zh: (p) => `提示:实际费用 ${p.actual} 超出预算 ${p.budget}。本行已保存,请在会议纪要中说明原因。`,
  },
  CHECK_IN_MISSING: {
    en: (p) =>
      `"${p.otherColumn}" is filled in but "${p.column}" is empty: fill in when the person arrived, or clear ` +
      `"${p.otherColumn}".`,
    zh: (p) => `已填写“${p.otherColumn}”,但“${p.column}”为空:请填写到场时间,或清空“${p.otherColumn}”。`,
  },
  LEAVE_TOO_LATE: {
    en: (p) =>
      `Leave was requested at ${p.requestedAt}, but the meeting started at ${p.meetingStart}: leave must be ` +
      'requested before the meeting starts, so this counts as an absence.',
    zh: (p) => `请假时间(${p.requestedAt})不早于会议开始时间(${p.meetingStart}):请假须在会议开始前提出,本次按缺席计。`,
  },
  LEAVE_NO_SUBSTITUTE: {
    en: (p) => `A leave must name someone who attends in the person's place: fill in "${p.column}".`,
    zh: (p) => `请假须安排他人代为参会,请填写“${p.column}”。`,
  },
  LEAVE_SUBSTITUTE_IS_SELF: {
    en: (p) =>
      `"${p.column}": ${quoteValue(p.value)} is the person asking for leave; name someone else who will attend ` +
      'in their place.',
    zh: (p) => `“${p.column}”:${quoteValue(p.value)} 就是请假人本人,请填写另一位代为参会的人员。`,
  },
  LEAVE_SELF_APPROVED: {
    en: (p) => `${p.approver} cannot approve their own leave; it must be approved by ${leaveApprovers(p, 'en')}.`,
    zh: (p) => `${p.approver} 不能批准本人的请假,须由${leaveApprovers(p, 'zh')}批准。`,
  },
  LEAVE_WRONG_APPROVER: {
    en: (p) => `${p.approver} cannot approve this leave: only ${leaveApprovers(p, 'en')} may approve it.`,
    zh: (p) => `${p.approver} 无权批准此请假:只有${leaveApprovers(p, 'zh')}可以批准。`,
  },
  SIGNATURE_MISSING: {
    en: () =>
      'The request is not signed. Run "Check setup" from the Follow-up menu: the script needs SHEET_EDIT_SECRET.',
    zh: () => '请求未签名。请在“会议跟进”菜单中运行“检查设置”:脚本需要设置 SHEET_EDIT_SECRET。',
  },
  SIGNATURE_INVALID: {
    en: () =>
      "The request signature does not match. The secret in Script Properties differs from the server's; ask an " +
      'admin to set it again.',
    zh: () => '请求签名不匹配:脚本属性中的密钥与服务器不一致,请联系管理员重新设置。',
  },
  SIGNATURE_EXPIRED: {
    en: (p) =>
      `The request is ${p.seconds} seconds away from the server clock (at most ${p.window} allowed). Check the ` +
      "computer's clock and try again.",
    zh: (p) => `请求时间与服务器相差 ${p.seconds} 秒(最多允许 ${p.window} 秒),请检查电脑时间后重试。`,
  },
  EVENT_REPLAYED: {
    en: (p) =>
      `This edit (event ${p.eventId}) was already received once; a repeated request is refused. Your rows are ` +
      'unchanged; edit again or use "Resync this sheet".',
    zh: (p) => `该编辑(事件 ${p.eventId})已接收过,重复请求被拒绝。表格内容未改变,可重新编辑或使用“重新同步此表”。`,
  },
  REQUEST_INVALID: {
    en: (p) =>
      `The request from the sheet is malformed: ${p.detail}. Update the Apps Script project (clasp push) and ` +
      'try again.',
    zh: (p) => `来自表格的请求格式不正确:${p.detail}。请更新 Apps Script 项目(clasp push)后重试。`,
  },
  SCRIPT_OUTDATED: {
    en: (p) =>
      `The sheet's script is out of date (script version ${p.scriptVersion}, the server expects ` +
      `${p.serverVersion}), so nothing was saved; your edit stays in the sheet. Ask the workbook's ` +
      'administrator to update the Apps Script project (npm run push:apps-script), then use "Resync this sheet".',
    zh: (p) =>
      `表格脚本版本过旧(脚本版本 ${p.scriptVersion},服务器需要版本 ${p.serverVersion}),本次修改未保存,但仍保留在表中。请联系表格管理员更新 Apps Script ` +
      '项目(npm run push:apps-script),然后使用“重新同步此表”。',
  },
  TAB_READ_ONLY: {
    en: (p) =>
      `Tab ${p.tab} is built by the system and cannot be edited; your change will be overwritten on the next refresh.`,
    zh: (p) => `“${p.tab}”表由系统生成,不能编辑;您的修改会在下次刷新时被覆盖。`,
  },
  NOTICE_NOT_MEETINGS_TAB: {
    en: () => 'Select the meeting’s row on the Meetings tab first.',
    zh: () => '请先在“会议”表中选中要发送通知的会议所在行。',
  },
  NOTICE_NO_MEETING_ROW: {
    en: () =>
      'The selected row has no ID: the meeting is not saved yet (fix the error in Status first), or no meeting ' +
      'row is selected.',
    zh: () => '所选行没有编号:会议尚未保存(请先修正“状态”列中的错误),或未选中会议行。',
  },
  NOTICE_MEETING_UNKNOWN: {
    en: (p) =>
      `No saved meeting has the ID "${p.meetingId}" (a row with an error in Status is not saved yet, and a ` +
      'deleted row is cancelled). Fix the row first, then send the notice.',
    zh: (p) =>
      `没有编号为“${p.meetingId}”的已保存会议(“状态”列有错误的行尚未保存,已删除的行视为取消)。请先修正该行,再发送通知。`,
  },
  NOTICE_MEETING_STARTED: {
    en: (p) => `The meeting started at ${p.start}; a notice is no longer sent for it.`,
    zh: (p) => `会议已于 ${p.start} 开始,不再发送会议通知。`,
  },
  NOTICE_NO_RECIPIENTS: {
    en: () =>
      "Nobody active is on this meeting's roster yet: add people on the Attendance tab (or a host and a " +
      'recorder), then send the notice.',
    zh: () => '本次会议的参会名单中还没有在职人员:请在“签到”表中添加参会人(或填写主持人、记录人),再发送通知。',
  },
  NOTICE_TOO_LATE: {
    en: (p) =>
      `Quiet hours last until after the meeting starts (${p.start}), so no notice can reach people in time; ` +
      'tell them directly.',
    zh: (p) => `免打扰时段要到会议开始(${p.start})之后才结束,通知无法及时送达,请直接告知参会人。`,
  },
  NOTICE_EDITOR_UNKNOWN: {
    en: () =>
      'The sheet could not tell who you are (Google shares the e-mail address of the person using the sheet ' +
      'only within the same Workspace domain), so nobody can check that you may send this notice; nothing was ' +
      "sent. Ask the meeting's host, its recorder, the host's manager or an admin to send it.",
    zh: () =>
      '表格无法识别您的身份(Google 只在同一 Workspace 域内提供使用者的邮箱),因此无法确认您是否有权发送此通知,未发送任何邮件。请由会议主持人、记录人、主持人的上级或管理员发送。',
  },
  NOTICE_NOT_ALLOWED: {
    en: (p) => `${p.editor} may not send this meeting's notice; nothing was sent. Only ${noticeSenders(p, 'en')} may.`,
    zh: (p) => `${p.editor} 无权发送本次会议的通知,未发送任何邮件。只有${noticeSenders(p, 'zh')}可以发送。`,
  },
  NOTICE_ALREADY_RECEIVED: {
    en: (p) =>
      `This request (event ${p.eventId}) was already received and is still being handled; it is not carried out ` +
      'twice. See the Outbox tab, or press "Send notice now" again for a new request.',
    zh: (p) =>
      `该请求(事件 ${p.eventId})已接收,正在处理中,不会重复执行。请查看“发送记录”表,或再次点击“立即发送会议通知”发起新的请求。`,
  },
  MAIL_NOT_CONFIGURED: {
    en: () => 'The server has no sender mailbox (MAIL_SENDER), so no mail can be sent; ask an admin to configure it.',
    zh: () => '服务器未配置发件邮箱(MAIL_SENDER),无法发送邮件,请联系管理员配置。',
  },
  INTERNAL_ERROR: {
    en: (p) =>
      `The server could not save this edit (reference ${p.reference}). Nothing was lost: the rows stay as typed;` +
      ' try again or use "Resync this sheet".',
    zh: (p) => `服务器未能保存此次编辑(参考号 ${p.reference})。内容没有丢失,表格保持原样;请重试或使用“重新同步此表”。`,
  },
  // issue 13, record IDs and missing columns.
  ID_OWNED_ELSEWHERE: {
    en: (p) =>
      `ID ${p.id} is the record of row ${p.row}; IDs are written by the system, so this row was not saved. ` +
      'If you copied this row, clear its ID cell to save it as a new record; if you sorted or moved rows, use ' +
      '"Resync this sheet".',
    zh: (p) =>
      `编号 ${p.id} 属于第 ${p.row} 行的记录;编号由系统填写,此行未保存。若此行是复制的,请清空其编号单元格,` +
      '即可另存为新记录;若刚排序或移动过行,请使用“重新同步此表”。',
  },
  ID_REPEATED: {
    en: (p) =>
      `ID ${p.id} appears in rows ${p.rows}; an ID belongs to one row only (row ${p.owner}), so this row was not ` +
      'saved. IDs are written by the system: clear the ID cell of the copy.',
    zh: (p) =>
      `编号 ${p.id} 出现在第 ${p.rows} 行;一个编号只属于一行(第 ${p.owner} 行),此行未保存。编号由系统填写,` +
      '请清空副本的编号单元格。',
  },
  ID_UNKNOWN: {
    en: (p) =>
      `ID ${p.id} was not issued by the system for this tab; IDs are written by the system, so this row was not ` +
      'saved and its ID cell was put back. Edit the row again to save it.',
    zh: (p) =>
      `编号 ${p.id} 不是系统为此表分配的编号;编号由系统填写,此行未保存,编号单元格已恢复。请再次编辑此行以保存。`,
  },
  ID_DELETED: {
    en: (p) =>
      `ID ${p.id} belongs to a record deleted on ${p.date}; a deleted record is not brought back by its ID ` +
      '(its cancellation may have been sent), so this row was not saved and its ID cell was put back. Edit the ' +
      'row again to save it as a new record.',
    zh: (p) =>
      `编号 ${p.id} 属于已于 ${p.date} 删除的记录;已删除的记录不能凭编号恢复(取消通知可能已发出),此行未保存,` +
      '编号单元格已恢复。请再次编辑此行,即可另存为新记录。',
  },
  COLUMN_MISSING_KEPT: {
    en: (p) =>
      `This sheet has no "${p.column}" column (renamed or deleted?): the stored value was kept. Restore the header ` +
      `"${p.column}" to change it.`,
    zh: (p) => `此表没有“${p.column}”列(表头被改名或删除?):已保留原有的值。恢复表头“${p.column}”后方可修改。`,
  },
  COLUMN_MISSING: {
    en: (p) =>
      `This sheet has no "${p.column}" column (renamed or deleted?): restore the header "${p.column}" to fill it in.`,
    zh: (p) => `此表没有“${p.column}”列(表头被改名或删除?):请恢复表头“${p.column}”后填写。`,
  },
  // issue 13, request hardening: body size, secret rotation, Google ID token from the script
  REQUEST_TOO_LARGE: {
    en: (p) =>
      `The request from the sheet is too large (more than ${p.limit}), so nothing was read or saved; your edit ` +
      'stays in the sheet. Paste fewer rows or shorter text at a time, or ask an admin to raise MAX_REQUEST_BYTES.',
    zh: (p) =>
      `来自表格的请求过大(超过 ${p.limit}),未读取也未保存;您的修改仍保留在表中。请分批粘贴较少的行或较短的文字,` +
      '或请管理员调高 MAX_REQUEST_BYTES。',
  },
  SECRET_OUTDATED: {
    en: () =>
      "The sheet's script still signs with the previous secret, which the server no longer accepts (its rotation " +
      'window has ended); nothing was saved. Ask an admin to set the new SHEET_EDIT_SECRET in Script Properties, ' +
      'then use "Resync this sheet".',
    zh: () =>
      '表格脚本仍在使用旧密钥签名,服务器已不再接受(密钥轮换期已结束),本次修改未保存。请联系管理员在脚本属性中设置新的 ' +
      'SHEET_EDIT_SECRET,然后使用“重新同步此表”。',
  },
  ID_TOKEN_MISSING: {
    en: () =>
      'The server requires a Google identity token from the script, and this request carries none; nothing was ' +
      'saved. Ask an admin to set the Script Property SHEET_EDIT_SEND_ID_TOKEN to true, push the current script ' +
      '(it asks for the "openid" permission) and authorize it again.',
    zh: () =>
      '服务器要求脚本附带 Google 身份令牌,但此请求没有,本次修改未保存。请联系管理员将脚本属性 SHEET_EDIT_SEND_ID_TOKEN ' +
      '设为 true,推送最新脚本(需要“openid”权限)并重新授权。',
  },
  ID_TOKEN_INVALID: {
    en: () =>
      'The Google identity token of this request is not accepted (expired, or issued for another project); ' +
      'nothing was saved. Try again; if it keeps failing, ask an admin to compare SHEET_EDIT_ID_TOKEN_AUDIENCE ' +
      "with the script's client ID.",
    zh: () =>
      '此请求的 Google 身份令牌未被接受(已过期,或签发给其他项目),本次修改未保存。请重试;如仍失败,请联系管理员核对 ' +
      'SHEET_EDIT_ID_TOKEN_AUDIENCE 与脚本的客户端 ID。',
  },
  EDITOR_MISMATCH: {
    en: () =>
      'The e-mail address the sheet reports for you differs from the Google account that signed in to run the ' +
      'script, so nobody can tell who sent this; nothing was done. Sign in to the sheet with one account only ' +
      'and try again.',
    zh: () =>
      '表格报告的您的邮箱与运行脚本时登录的 Google 帐号不一致,无法确认是谁发出的请求,未做任何操作。请只用一个帐号登录表格后重试。',
  },
  // issue 13 (references, natural keys, past dates, text hygiene)
  DATE_IN_FUTURE: {
    en: (p) =>
      `"${p.column}": ${quoteValue(p.value)} is after today (${p.today}); this column records what has ` +
      'already happened, so check the date.',
    zh: (p) => `“${p.column}”:${quoteValue(p.value)} 晚于今天(${p.today});此列记录已发生的事,请检查日期。`,
  },
  DUPLICATE_RECORD: {
    en: (p) =>
      `${p.columns} "${quoteValue(p.value)}" is already on this tab (${p.first}); edit that row instead of ` +
      'adding it again, or delete one of them.',
    zh: (p) => `${p.columns}“${quoteValue(p.value)}”已在本表中(${p.first});请修改那一行,不要重复添加,或删除其中一行。`,
  },
  TEXT_CLEANED: {
    en: (p) =>
      `Note: invisible control characters were removed from ${p.columns}; the row is saved without them ` +
      '(the cell still shows what was pasted).',
    zh: (p) => `提示:已从${p.columns}中去除不可见的控制字符;本行已保存(单元格仍显示粘贴的原文)。`,
  },
  // issue 13, authorization: the editor's People row decides what they may change (edit-permissions.ts)
  EDITOR_UNKNOWN: {
    en: () =>
      'Not saved: the sheet could not tell who made this edit. Google tells the system who edits a sheet only for ' +
      'accounts in the same Google Workspace domain as the sheet, so nobody can check that you may change this ' +
      'row. Your text is kept. To fix it, edit while signed in with your work account of that domain (and be on ' +
      'the People tab), or ask someone who is to make the change.',
    zh: () =>
      '未保存:表格无法识别是谁做了这次修改。Google 只向系统提供与表格同一 Google Workspace 域内账号的编辑者邮箱,' +
      '因此无法确认您是否有权修改本行。您输入的内容已保留。解决方法:用该域的工作账号登录后再修改(并确保您在' +
      '“人员”表中),或请有权限的同事修改。',
  },
  EDITOR_NOT_ON_PEOPLE: {
    en: (p) =>
      `Not saved: ${p.editor} is not an active person on the People tab, so the system cannot tell what you may ` +
      'change. Your text is kept. Ask an admin to add you to the People tab (with your role), then edit again.',
    zh: (p) =>
      `未保存:${p.editor} 不是“人员”表中的在职人员,系统无法判断您可以修改哪些内容。您输入的内容已保留。` +
      '请管理员把您(及您的角色)加入“人员”表后再修改。',
  },
  EDIT_NOT_ALLOWED: {
    en: (p) =>
      `Not saved: ${p.editor} may not change ${p.columns} of this row; only ${p.who} may. ` +
      'The saved value is back in the cell.',
    zh: (p) => `未保存:${p.editor} 无权修改本行的${p.columns};只有${p.who}可以修改。单元格已恢复为已保存的值。`,
  },
  EDIT_NEW_COLUMNS_NOT_ALLOWED: {
    en: (p) =>
      `Not saved: ${p.editor} may add this row but not fill in ${p.columns}; only ${p.who} may. Your text is ` +
      'kept: clear those cells to save the row, or ask them.',
    zh: (p) =>
      `未保存:${p.editor} 可以添加本行,但无权填写${p.columns};只有${p.who}可以填写。您输入的内容已保留:` +
      '清空这些单元格即可保存本行,或请他们填写。',
  },
  EDIT_ROW_NOT_ALLOWED: {
    en: (p) =>
      `Not saved: ${p.editor} may not add rows like this one to the ${p.tab} tab; only ${p.who} may. ` +
      'Your text is kept: ask one of them to add it.',
    zh: (p) =>
      `未保存:${p.editor} 无权在“${p.tab}”表中添加这样的行;只有${p.who}可以添加。您输入的内容已保留,请他们添加。`,
  },
  // issue 14, minutes: finalize (host, recorder or admin), the document, its mail, confirmation and objections
  MINUTES_EDITOR_UNKNOWN: {
    en: () =>
      'The sheet could not tell who you are (Google shares the e-mail address of the person using the sheet ' +
      'only within the same Workspace domain), so nobody can check that you may finalize these minutes; nothing ' +
      "was done. Ask the meeting's host, its recorder or an admin.",
    zh: () =>
      '表格无法识别您的身份(Google 只在同一 Workspace 域内提供使用者的邮箱),因此无法确认您是否有权生成会议纪要,' +
      '未做任何操作。请由会议主持人、记录人或管理员操作。',
  },
  MINUTES_NOT_ALLOWED: {
    en: (p) =>
      `${p.editor} may not finalize the minutes of this meeting; nothing was done. Only the meeting's host` +
      `${p.host ? ` (${p.host})` : ''}, its recorder${p.recorder ? ` (${p.recorder})` : ''} or a workbook admin may.`,
    zh: (p) =>
      `${p.editor} 无权生成本次会议的纪要,未做任何操作。只有会议主持人${p.host ? `(${p.host})` : ''}、` +
      `记录人${p.recorder ? `(${p.recorder})` : ''}或管理员可以生成。`,
  },
  MINUTES_MEETING_UNKNOWN: {
    en: (p) =>
      `No saved meeting has the ID "${p.meetingId}": select the meeting's row on the Meetings tab (a row with an ` +
      'error in Status is not saved yet).',
    zh: (p) => `没有编号为“${p.meetingId}”的已保存会议:请在“会议”表中选中该会议所在行(“状态”列有错误的行尚未保存)。`,
  },
  MINUTES_MEETING_NOT_STARTED: {
    en: (p) => `The meeting starts at ${p.start}; its minutes can be finalized once it has taken place.`,
    zh: (p) => `会议将于 ${p.start} 开始;会议召开后才能生成纪要。`,
  },
  MINUTES_NO_RECIPIENTS: {
    en: () =>
      "Nobody active is on this meeting's roster: add the attendees on the Attendance tab, then finalize again.",
    zh: () => '本次会议的参会名单中没有在职人员:请在“签到”表中添加参会人后再生成纪要。',
  },
  MINUTES_DOCS_NOT_CONFIGURED: {
    en: () => 'The server has no access to Google Docs and Drive, so no minutes document can be made; ask an admin.',
    zh: () => '服务器未配置 Google 文档与云端硬盘的访问权限,无法生成纪要文档,请联系管理员。',
  },
  MINUTES_BUSY: {
    en: () => 'These minutes are being finalized right now (another press, or the scheduled run); try again shortly.',
    zh: () => '本次会议纪要正在生成中(另一次点击或定时任务),请稍后再试。',
  },
  MINUTES_CONFIRMED_LOCKED: {
    en: (p) =>
      `Not saved: the minutes of this meeting are confirmed (version ${p.version}); confirmed minutes change ` +
      'only by issuing a new version. Your text is kept: ask the recorder or host to press "Finalize minutes" to ' +
      'open one, then edit the row again.',
    zh: (p) =>
      `未保存:本次会议纪要已确认(第 ${p.version} 版);已确认的纪要只能通过发布新版本修改。请记录人或主持人点击` +
      '“生成会议纪要”开启新版本后再修改本行。您输入的内容已保留。',
  },
  MINUTES_LINK_INVALID: {
    en: () => 'This link is not valid (it was changed or cut short); nothing was recorded. Open the link in the mail.',
    zh: () => '此链接无效(已被改动或不完整),未记录任何内容。请打开邮件中的链接。',
  },
  MINUTES_LINK_EXPIRED: {
    en: (p) => `This link expired at ${p.until}; nothing was recorded. Tell the recorder directly.`,
    zh: (p) => `此链接已于 ${p.until} 过期,未记录任何内容。请直接联系记录人。`,
  },
  MINUTES_LINK_SUPERSEDED: {
    en: (p) =>
      `This link is for version ${p.version} of the minutes; version ${p.current} has been sent since. ` +
      'Nothing was recorded: answer through the link in the newer mail.',
    zh: (p) => `此链接对应第 ${p.version} 版纪要,之后已发送第 ${p.current} 版。未记录任何内容,请使用新邮件中的链接。`,
  },
  MINUTES_RESPONSE_CLOSED: {
    en: (p) => `The minutes (version ${p.version}) are already confirmed; nothing was recorded.`,
    zh: (p) => `本纪要(第 ${p.version} 版)已确认,未记录任何内容。`,
  },
  MINUTES_REASON_REQUIRED: {
    en: () => 'Please say what is wrong in the minutes: an objection needs a reason. Nothing was recorded yet.',
    zh: () => '请说明纪要中哪里有误:提出异议需要填写理由。尚未记录任何内容。',
  },
  MINUTES_FINALIZED: {
    en: (p) =>
      `Minutes of "${p.title}", version ${p.version}, are written and shared with ${p.recipients} people; ` +
      `${p.queued} mails with the PDF are on their way. They confirm or object until ${p.until}.` +
      (p.mailOnly
        ? ` Not shared (no Google account): ${p.mailOnly}; they get the PDF and the links by mail only.`
        : ''),
    zh: (p) =>
      `“${p.title}”会议纪要第 ${p.version} 版已生成并共享给 ${p.recipients} 人;${p.queued} 封附 PDF 的邮件正在发送。` +
      `确认截止时间:${p.until}。` +
      (p.mailOnly ? `未共享文档(没有 Google 账号):${p.mailOnly};他们只通过邮件收到 PDF 和确认链接。` : ''),
  },
  MINUTES_UNCHANGED: {
    en: (p) =>
      `Minutes of "${p.title}", version ${p.version}, were already sent and no line changed since; the document is ` +
      'up to date and nothing was mailed again.',
    zh: (p) => `“${p.title}”会议纪要第 ${p.version} 版已发送,之后没有内容变化;文档已是最新,未重复发送邮件。`,
  },
  MINUTES_REOPENED: {
    en: (p) =>
      `The minutes of "${p.title}" were confirmed as version ${p.version}; version ${p.next} is now open. Edit the ` +
      'lines on the Minutes tab, then press "Finalize minutes" again to send it.',
    zh: (p) =>
      `“${p.title}”会议纪要已确认为第 ${p.version} 版;现已开启第 ${p.next} 版。请在“纪要”表中修改内容,再次点击` +
      '“生成会议纪要”发送。',
  },
  MINUTES_TITLE: {
    en: (p) => `Minutes: ${p.title} (version ${p.version})`,
    zh: (p) => `会议纪要:${p.title}(第 ${p.version} 版)`,
  },
  MINUTES_STATUS_DISTRIBUTED: {
    en: (p) => `sent v${p.version}, awaiting confirmation until ${p.until}`,
    zh: (p) => `已发送 v${p.version},待确认(截至 ${p.until})`,
  },
  MINUTES_STATUS_OBJECTED: {
    en: (p) => `objection to v${p.version} (${p.count}): revise and finalize again`,
    zh: (p) => `v${p.version} 有异议(${p.count} 条):请修改后重新生成`,
  },
  MINUTES_STATUS_CONFIRMED: {
    en: (p) => `confirmed v${p.version}`,
    zh: (p) => `已确认 v${p.version}`,
  },
  MINUTES_STATUS_REOPENED: {
    en: (p) => `confirmed v${p.version}; v${p.next} open for changes`,
    zh: (p) => `已确认 v${p.version};v${p.next} 修订中`,
  },
  MINUTES_CHANGE_ADDED: {
    en: (p) => `Line added: ${p.value}`,
    zh: (p) => `新增:${p.value}`,
  },
  MINUTES_CHANGE_CHANGED: {
    en: (p) => `Line changed: ${p.previous} → ${p.value}`,
    zh: (p) => `修改:${p.previous} → ${p.value}`,
  },
  MINUTES_CHANGE_REMOVED: {
    en: (p) => `Line removed: ${p.value}`,
    zh: (p) => `删除:${p.value}`,
  },
  MINUTES_MAIL_SUBJECT: {
    en: (p) => `[Follow-up] Minutes for confirmation: ${p.title} (v${p.version})`,
    zh: (p) => `[会议跟进] 会议纪要待确认:${p.title}(第 ${p.version} 版)`,
  },
  MINUTES_MAIL_BODY: {
    en: (p) =>
      `The minutes of "${p.title}" (version ${p.version}) are attached as PDF and online at ${p.url}. Please ` +
      `confirm them or object by ${p.until}; without an objection they count as confirmed then.`,
    zh: (p) =>
      `“${p.title}”会议纪要(第 ${p.version} 版)见附件 PDF,在线文档:${p.url}。请在 ${p.until} 前确认或提出异议;` +
      '届时无异议即视为确认。',
  },
  MINUTES_OBJECTION_MAIL_SUBJECT: {
    en: (p) => `[Follow-up] Objection to the minutes: ${p.title} (v${p.version})`,
    zh: (p) => `[会议跟进] 会议纪要异议:${p.title}(第 ${p.version} 版)`,
  },
  MINUTES_OBJECTION_MAIL_BODY: {
    en: (p) =>
      `${p.recipient} objects to version ${p.version} of the minutes of "${p.title}": ${p.reason}. Revise the ` +
      'lines on the Minutes tab and press "Finalize minutes" to send the next version.',
    zh: (p) =>
      `${p.recipient} 对“${p.title}”会议纪要第 ${p.version} 版提出异议:${p.reason}。请在“纪要”表中修改后点击` +
      '“生成会议纪要”发送新版本。',
  },
  MINUTES_PAGE_QUESTION: {
    en: (p) => `Do you confirm the minutes of "${p.title}", version ${p.version}? Answer by ${p.until}.`,
    zh: (p) => `您是否确认“${p.title}”会议纪要第 ${p.version} 版?请在 ${p.until} 前答复。`,
  },
  MINUTES_PAGE_CONFIRMED: {
    en: (p) => `Thank you: you confirmed version ${p.version} of the minutes of "${p.title}".`,
    zh: (p) => `谢谢:您已确认“${p.title}”会议纪要第 ${p.version} 版。`,
  },
  MINUTES_PAGE_OBJECTED: {
    en: (p) =>
      `Your objection to version ${p.version} of the minutes of "${p.title}" was passed on to the recorder, ` +
      'who will revise them.',
    zh: (p) => `您对“${p.title}”会议纪要第 ${p.version} 版的异议已转交记录人,记录人将修订纪要。`,
  },
  // issue 13, integrity: deletion rights (edit-permissions.ts decideRowDeletion), edits planned under concurrency.
  DELETE_NOT_ALLOWED: {
    en: (p) =>
      `Row put back: ${p.editor} may not delete this row of the ${p.tab} tab; only ${p.who} may. Nothing was ` +
      'deleted: the saved row is back, below the last row.',
    zh: (p) =>
      `已恢复本行:${p.editor} 无权删除“${p.tab}”表中的这一行;只有${p.who}可以删除。未删除任何内容:已保存的行已恢复到最后一行之下。`,
  },
  DELETE_EDITOR_UNKNOWN: {
    en: () =>
      'Row put back: the sheet could not tell who deleted this row (Google names editors to the system only ' +
      "for accounts of the sheet's Google Workspace domain), so the deletion could not be allowed. Nothing was " +
      'deleted. To delete it, sign in with your work account of that domain (and be on the People tab).',
    zh: () =>
      '已恢复本行:表格无法识别是谁删除了这一行(Google 只向系统提供与表格同一 Google Workspace 域内账号的编辑者邮箱),' +
      '因此不能允许删除。未删除任何内容。如需删除,请用该域的工作账号登录(并确保您在“人员”表中)后再删除。',
  },
  DELETE_EDITOR_NOT_ON_PEOPLE: {
    en: (p) =>
      `Row put back: ${p.editor} is not an active person on the People tab, so the system cannot tell whether ` +
      'you may delete this row. Nothing was deleted. Ask an admin to add you to the People tab.',
    zh: (p) =>
      `已恢复本行:${p.editor} 不是“人员”表中的在职人员,系统无法判断您能否删除这一行。未删除任何内容。请管理员把您加入“人员”表。`,
  },
  EDIT_CONFLICT: {
    en: (p) =>
      `Not saved: other edits changed the same rows at the same moment ${p.attempts} times in a row. Nothing ` +
      'was lost: the rows stay as typed; edit again or use "Resync this sheet".',
    zh: (p) =>
      `未保存:其他编辑连续 ${p.attempts} 次同时修改了相同的行。内容没有丢失,表格保持原样;请再次编辑或使用“重新同步此表”。`,
  },
  // issue 14 defects (issue 13's smaller items)
  ID_ALONE: {
    en: (p) =>
      `ID ${p.id} was typed into an empty row; IDs are written by the system when a row is saved, so the ID cell ` +
      'was cleared and no record was changed. Type the row itself (without an ID) to add a record; to find a ' +
      'record, search the tab for its ID.',
    zh: (p) =>
      `在空行中只填写了编号 ${p.id};编号由系统在保存行时填写,该编号单元格已清空,没有任何记录被修改。` +
      '如需新增记录,请填写此行内容(无需编号);如需查找记录,请在本表中搜索该编号。',
  },
  // issue 14 review (hostile input)
  MINUTES_ALREADY_RECEIVED: {
    en: (p) =>
      `This request (event ${p.eventId}) was already received and is still being handled; it is not carried out ` +
      'twice. Look at the Minutes status of the meeting, or choose "Finalize minutes" again for a new request.',
    zh: (p) =>
      `该请求(事件 ${p.eventId})已接收,正在处理中,不会重复执行。请查看该会议的“纪要状态”,或再次点击“生成会议纪要”发起新的请求。`,
  },
  AGENDA_ITEM_OTHER_MEETING: {
    en: (p) =>
      `"${p.column}": agenda item "${quoteValue(p.value)}" belongs to meeting ${p.meetingId}, not to this row's ` +
      'meeting. Pick an item of this meeting, or leave the cell empty.',
    zh: (p) =>
      `“${p.column}”:议程项“${quoteValue(p.value)}”属于会议 ${p.meetingId},不属于本行的会议。请选择本会议的议程项,或留空。`,
  },
  // issue 14 review (a week of minutes used as a user)
  MINUTES_CONFIRMED_DELETE_LOCKED: {
    en: (p) =>
      `Not deleted: the minutes of this meeting are confirmed (version ${p.version}); confirmed minutes change ` +
      'only by issuing a new version, so the line was put back here. Ask the recorder or host to press "Finalize ' +
      'minutes" to open one, then delete the row again.',
    zh: (p) =>
      `未删除:本次会议纪要已确认(第 ${p.version} 版);已确认的纪要只能通过发布新版本修改,本行已恢复于此。` +
      '请记录人或主持人点击“生成会议纪要”开启新版本后再删除本行。',
  },
} as const satisfies Record<MessageCode, Record<Lang, Template>>;

/** Fixed words of the minutes document and its response page (issue 14), in both languages. */
export const MINUTES_LABELS = {
  facts: { en: 'Meeting', zh: '会议信息' },
  type: { en: 'Type', zh: '会议类型' },
  time: { en: 'Time', zh: '时间' },
  venue: { en: 'Venue', zh: '地点' },
  host: { en: 'Host', zh: '主持人' },
  recorder: { en: 'Recorder', zh: '记录人' },
  attendance: { en: 'Attendance', zh: '出席情况' },
  person: { en: 'Person', zh: '人员' },
  role: { en: 'Role', zh: '角色' },
  result: { en: 'Attendance', zh: '出勤' },
  substitute: { en: 'Substitute', zh: '代理人' },
  agenda: { en: 'Agenda', zh: '议程' },
  review: { en: 'Review of previous decisions', zh: '上次决议跟踪' },
  discussion: { en: 'Discussion', zh: '讨论' },
  otherItem: { en: 'Other', zh: '其他' },
  decisions: { en: 'Decisions', zh: '决议' },
  actions: { en: 'Action items', zh: '行动项' },
  action: { en: 'Action', zh: '事项' },
  owner: { en: 'Owner', zh: '负责人' },
  due: { en: 'Due', zh: '截止日期' },
  state: { en: 'Status', zh: '状态' },
  source: { en: 'From meeting', zh: '来源会议' },
  changes: { en: 'Changes in this version', zh: '本版修订记录' },
  none: { en: 'None.', zh: '无。' },
  confirm: { en: 'Confirm', zh: '确认' },
  object: { en: 'Object', zh: '提出异议' },
  reason: { en: 'What is wrong', zh: '异议理由' },
  pageTitle: { en: 'Minutes confirmation', zh: '会议纪要确认' },
  confirmLink: { en: 'Confirm', zh: '确认纪要' },
  objectLink: { en: 'Object', zh: '提出异议' },
  documentLink: { en: 'Document', zh: '在线文档' },
} as const satisfies Record<string, Localized>;

function isLocalized(value: MessageParamValue): value is Localized {
  return typeof value === 'object' && value !== null;
}

function resolveParams(params: MessageParams, lang: Lang): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    resolved[name] = isLocalized(value) ? value[lang] : String(value);
  }
  return resolved;
}

export function formatMessage(code: MessageCode, params: MessageParams, lang: Lang): string {
  const template: Template = messageTable[code][lang];
  return template(resolveParams(params, lang));
}

/** "中文 / English": Chinese first because the seed regulations, and most readers, are Chinese. */
export function formatBilingual(code: MessageCode, params: MessageParams): string {
  const zh = formatMessage(code, params, 'zh');
  const en = formatMessage(code, params, 'en');
  return zh === en ? en : `${zh} / ${en}`;
}

export function formatForWorkbook(code: MessageCode, params: MessageParams, language: WorkbookLanguage): string {
  return language === 'mixed' ? formatBilingual(code, params) : formatMessage(code, params, language);
}

/** Joins lists shown inside messages ("A, B or C" / "A、B 或 C") in each language. */
export function joinLocalized(items: readonly Localized[], conjunction: 'or' | 'and' | 'list' = 'list'): Localized {
  const quotedEn = items.map((item) => `"${item.en}"`);
  const quotedZh = items.map((item) => `“${item.zh}”`);
  if (conjunction === 'list' || items.length < 2) {
    return { en: quotedEn.join(', '), zh: quotedZh.join('、') };
  }
  const enWord = conjunction === 'or' ? 'or' : 'and';
  const zhWord = conjunction === 'or' ? '或' : '和';
  return {
    en: `${quotedEn.slice(0, -1).join(', ')} ${enWord} ${quotedEn.at(-1)}`,
    zh: `${quotedZh.slice(0, -1).join('、')}${zhWord}${quotedZh.at(-1)}`,
  };
}
