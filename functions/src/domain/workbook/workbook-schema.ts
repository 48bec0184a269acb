// The workbook, declared once as data. Header matching, row validation, the tab templates the system writes and
// the record types all derive from this file, so adding a column is a one-line change here.
import type { Localized } from '../messages.ts';

export interface EnumOption {
  /** Canonical value stored in Firestore; never shown to users. */
  readonly key: string;
  readonly en: string;
  readonly zh: string;
  /** Other spellings people actually type (seed wording, abbreviations). */
  readonly aliases?: readonly string[];
}

export type RefKind = 'personRef' | 'meetingRef' | 'agendaRef' | 'customerRef';

export type ColumnType =
  | { readonly kind: 'text'; readonly maxLength?: number }
  | { readonly kind: 'email' }
  | { readonly kind: 'date' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'month' }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly options: readonly EnumOption[] }
  | { readonly kind: RefKind }
  | { readonly kind: 'url' }
  | { readonly kind: 'phone' };

export interface ColumnSpec {
  /** camelCase key used in records and code. */
  readonly key: string;
  readonly en: string;
  readonly zh: string;
  readonly aliases?: readonly string[];
  readonly type: ColumnType;
  readonly required?: boolean;
  /** Written only by the system (protected range); whatever a user types there is ignored on input. */
  readonly system?: boolean;
  /**
   * The cell records something that has happened (a visit done, a check-in, an archive made), so a value after
   * the edit's own time is a typo and is refused (DATE_IN_FUTURE). Planned dates (due dates, meeting times,
   * holidays) and a joining date (a new hire is entered before the first day) do not carry it.
   */
  readonly notInFuture?: boolean;
  /**
   * An empty cell takes the value of this other column of the row (a customer's Owner is whoever collected it,
   * until a manager assigns it), so the record always holds a value. The answer does not write it into the cell
   * (answers write only system cells and restored values): an empty Owner cell reads "the collector".
   */
  readonly defaultFrom?: string;
}

/** Rules that involve more than one cell of a row. */
export type RowRule =
  | { readonly kind: 'after'; readonly earlier: string; readonly later: string }
  | {
      readonly kind: 'requiredWhen';
      readonly column: string;
      readonly when: string;
      readonly equals: readonly string[];
    }
  | { readonly kind: 'oneOfRequired'; readonly columns: readonly string[] };

export interface TabSpec {
  readonly key: string;
  readonly en: string;
  readonly zh: string;
  readonly aliases?: readonly string[];
  /** Firestore subcollection under workbooks/{id} holding the canonical records of this tab. */
  readonly collection?: string;
  /** The whole tab is written by the system (Summary, Outbox): users read it, never edit it. */
  readonly systemOnly?: boolean;
  readonly columns: readonly ColumnSpec[];
  readonly rules?: readonly RowRule[];
  /**
   * Columns that together identify one real thing (a person's email; a customer's name and phone): two live
   * records with the same values are one thing typed twice, so the second row is refused (DUPLICATE_RECORD)
   * naming the first. A row with any of these cells empty has no natural key and is never a duplicate.
   */
  readonly naturalKey?: readonly string[];
}

// Every data tab carries these two: the ID is how a row survives re-sorting, the Status is where errors show.
const ID_COLUMN = { key: 'id', en: 'ID', zh: '编号', type: { kind: 'text' }, system: true } as const;
const STATUS_COLUMN = {
  key: 'status',
  en: 'Status',
  zh: '状态',
  aliases: ['校验状态'],
  type: { kind: 'text' },
  system: true,
} as const;

export const ROLE_OPTIONS = [
  { key: 'admin', en: 'admin', zh: '管理员', aliases: ['administrator', '系统管理员'] },
  { key: 'manager', en: 'manager', zh: '经理', aliases: ['sales manager', '销售经理'] },
  // Seed 001 calls reps 满意代表 ("satisfaction representatives"); both names are in use.
  { key: 'rep', en: 'sales rep', zh: '销售代表', aliases: ['rep', 'representative', '满意代表'] },
  { key: 'doctor', en: 'service doctor', zh: '顾服医生', aliases: ['doctor', '医生', '顾服主管医生'] },
  { key: 'staff', en: 'staff', zh: '员工', aliases: ['employee', '职员'] },
] as const;

/** Language of the mails a person receives (digest, reminders); empty means the workbook default. */
export const LANGUAGE_OPTIONS = [
  { key: 'zh', en: 'Chinese', zh: '中文', aliases: ['zh-CN', '简体中文', 'Chinese (Simplified)'] },
  { key: 'en', en: 'English', zh: '英文', aliases: ['English (US)', '英语'] },
] as const;

export const MEETING_TYPE_OPTIONS = [
  { key: 'weeklySop', en: 'weekly S&OP', zh: '周例会', aliases: ['weekly', 'S&OP weekly', '销售与运营周例会'] },
  { key: 'monthlyReview', en: 'monthly review', zh: '月度总结会', aliases: ['monthly', '销售与运营月度总结会'] },
  { key: 'taskForce', en: 'task force', zh: '专题会', aliases: ['task-force', '专项问题研讨会', '专项会'] },
  { key: 'adHoc', en: 'ad-hoc', zh: '临时会议', aliases: ['ad hoc', 'adhoc', '临时会'] },
  { key: 'dealerConference', en: 'dealer conference', zh: '销售商会议', aliases: ['dealer meeting', '经销商会议'] },
  { key: 'customerService', en: 'customer service', zh: '客服专题会', aliases: ['customer-service', '客服会'] },
] as const;

export const MEETING_ROLE_OPTIONS = [
  { key: 'host', en: 'host', zh: '主持人' },
  { key: 'recorder', en: 'recorder', zh: '记录人' },
  { key: 'presenter', en: 'presenter', zh: '汇报人', aliases: ['speaker', '发言人'] },
  { key: 'participant', en: 'participant', zh: '参会人', aliases: ['attendee', '参会人员'] },
  { key: 'observer', en: 'observer', zh: '列席', aliases: ['列席人员'] },
] as const;

export const ATTENDANCE_RESULT_OPTIONS = [
  { key: 'onTime', en: 'on time', zh: '准时' },
  { key: 'late', en: 'late', zh: '迟到' },
  { key: 'leftEarly', en: 'left early', zh: '早退' },
  // Both breaches at once (seed 000 names each); one value so the Summary can count it in both columns.
  {
    key: 'lateAndLeftEarly',
    en: 'late and left early',
    zh: '迟到且早退',
    aliases: ['late & left early', '迟到早退', '迟到并早退'],
  },
  { key: 'absent', en: 'absent', zh: '缺席' },
  // Approved leave (seed 002: ask before the meeting and send someone in your place) reads plain "on leave" until
  // it is known whether the substitute came: covered once they check in, uncovered once the meeting ends without them.
  { key: 'onLeave', en: 'on leave', zh: '请假' },
  { key: 'onLeaveCovered', en: 'on leave, substitute attended', zh: '请假（代理人已出席）' },
  { key: 'onLeaveUncovered', en: 'on leave, substitute absent', zh: '请假（代理人未出席）' },
] as const;

export const MINUTES_KIND_OPTIONS = [
  { key: 'discussion', en: 'discussion', zh: '讨论' },
  { key: 'decision', en: 'decision', zh: '决议', aliases: ['决定'] },
  { key: 'action', en: 'action', zh: '行动项', aliases: ['action item', '待办'] },
] as const;

export const ACTION_STATE_OPTIONS = [
  { key: 'open', en: 'open', zh: '未开始', aliases: ['not started', 'to do'] },
  { key: 'inProgress', en: 'in progress', zh: '进行中' },
  { key: 'blocked', en: 'blocked', zh: '受阻' },
  { key: 'done', en: 'done', zh: '已完成', aliases: ['completed', '完成'] },
  { key: 'cancelled', en: 'cancelled', zh: '已取消', aliases: ['canceled', '取消'] },
] as const;

export const VISIT_METHOD_OPTIONS = [
  { key: 'phone', en: 'phone', zh: '电话', aliases: ['call', '电话访问', '电话回访'] },
  { key: 'home', en: 'home visit', zh: '上门', aliases: ['home', 'visit', '上门访问', '家访'] },
] as const;

export const OUTBOX_KIND_OPTIONS = [
  { key: 'meetingNotice', en: 'meeting notice', zh: '会议通知' },
  { key: 'materialReminder', en: 'material reminder', zh: '材料提醒' },
  { key: 'minutes', en: 'minutes', zh: '会议纪要' },
  { key: 'actionReminder', en: 'action reminder', zh: '行动项提醒' },
  { key: 'followUpReminder', en: 'follow-up reminder', zh: '回访提醒' },
  { key: 'digest', en: 'daily digest', zh: '每日摘要' },
  { key: 'urgent', en: 'urgent reminder', zh: '紧急提醒' },
  { key: 'setupCheck', en: 'setup check', zh: '设置检查' },
] as const;

export const OUTBOX_STATE_OPTIONS = [
  { key: 'pending', en: 'pending', zh: '待发送' },
  { key: 'sending', en: 'sending', zh: '发送中' },
  { key: 'sent', en: 'sent', zh: '已发送' },
  { key: 'failed', en: 'failed', zh: '发送失败' },
] as const;

const PEOPLE_TAB = {
  key: 'people',
  en: 'People',
  zh: '人员',
  aliases: ['Staff', '人员名单'],
  collection: 'people',
  // Everything that names a person (hosts, owners, approvers, mail recipients) names them by email.
  naturalKey: ['email'],
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    {
      key: 'email',
      en: 'Email',
      zh: '邮箱',
      aliases: ['E-mail', '电子邮箱', '邮件地址'],
      type: { kind: 'email' },
      required: true,
    },
    { key: 'name', en: 'Name', zh: '姓名', type: { kind: 'text', maxLength: 100 }, required: true },
    { key: 'team', en: 'Team', zh: '团队', aliases: ['小组'], type: { kind: 'text', maxLength: 100 } },
    {
      key: 'role',
      en: 'Role',
      zh: '角色',
      aliases: ['岗位'],
      type: { kind: 'enum', options: ROLE_OPTIONS },
      required: true,
    },
    { key: 'region', en: 'Region', zh: '区域', aliases: ['地区'], type: { kind: 'text', maxLength: 100 } },
    { key: 'manager', en: 'Manager', zh: '上级', aliases: ['直属上级', '负责经理'], type: { kind: 'personRef' } },
    { key: 'active', en: 'Active', zh: '在职', aliases: ['是否在职'], type: { kind: 'boolean' } },
    { key: 'joined', en: 'Joined', zh: '入职日期', aliases: ['Joined on', '入职时间'], type: { kind: 'date' } },
    // How many customers a rep can hold; the assignment rules of seed 001 stop giving customers beyond it.
    { key: 'capacity', en: 'Capacity', zh: '客户容量', aliases: ['最多客户数'], type: { kind: 'integer', min: 0 } },
    {
      key: 'language',
      en: 'Mail language',
      zh: '邮件语言',
      aliases: ['Language', '语言'],
      type: { kind: 'enum', options: LANGUAGE_OPTIONS },
    },
  ],
} as const satisfies TabSpec;

const MEETINGS_TAB = {
  key: 'meetings',
  en: 'Meetings',
  zh: '会议',
  aliases: ['会议安排'],
  collection: 'meetings',
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    {
      key: 'type',
      en: 'Type',
      zh: '会议类型',
      aliases: ['Meeting type', '类型'],
      type: { kind: 'enum', options: MEETING_TYPE_OPTIONS },
      required: true,
    },
    {
      key: 'title',
      en: 'Title',
      zh: '会议主题',
      aliases: ['主题', '标题', '会议名称'],
      type: { kind: 'text', maxLength: 200 },
      required: true,
    },
    // Recurring meetings (weekly S&OP) share a series key so notices and summaries can group them.
    {
      key: 'series',
      en: 'Series',
      zh: '系列',
      aliases: ['Series key', '系列编号'],
      type: { kind: 'text', maxLength: 100 },
    },
    {
      key: 'recurrence',
      en: 'Recurrence',
      zh: '重复规则',
      aliases: ['Repeats', '重复'],
      type: { kind: 'text', maxLength: 200 },
    },
    {
      key: 'start',
      en: 'Start',
      zh: '开始时间',
      aliases: ['Starts', 'Start time', '开始'],
      type: { kind: 'datetime' },
      required: true,
    },
    {
      key: 'end',
      en: 'End',
      zh: '结束时间',
      aliases: ['Ends', 'End time', '结束'],
      type: { kind: 'datetime' },
      required: true,
    },
    {
      key: 'venue',
      en: 'Venue',
      zh: '地点',
      aliases: ['Location', '会议地点'],
      type: { kind: 'text', maxLength: 200 },
    },
    { key: 'host', en: 'Host', zh: '主持人', type: { kind: 'personRef' } },
    { key: 'recorder', en: 'Recorder', zh: '记录人', aliases: ['Minutes taker'], type: { kind: 'personRef' } },
    // Seed 000 asks organisers to arrange food, lodging and travel for attendees from out of town.
    {
      key: 'lodging',
      en: 'Lodging note',
      zh: '食宿安排',
      aliases: ['Lodging', '食宿交通'],
      type: { kind: 'text', maxLength: 1000 },
    },
    { key: 'budget', en: 'Budget', zh: '预算', aliases: ['会议预算'], type: { kind: 'number', min: 0 } },
    {
      key: 'actualCost',
      en: 'Actual cost',
      zh: '实际费用',
      aliases: ['Cost', '实际花费'],
      type: { kind: 'number', min: 0 },
    },
    // Issue 14: where the minutes stand (sent vN, objection, confirmed vN), written by the minutes workflows and
    // the tick as the attendance result is; read from the minutes state record, never from the cell.
    {
      key: 'minutesStatus',
      en: 'Minutes status',
      zh: '纪要状态',
      aliases: ['Minutes', '纪要确认'],
      type: { kind: 'text' },
      system: true,
    },
  ],
  rules: [{ kind: 'after', earlier: 'start', later: 'end' }],
} as const satisfies TabSpec;

const AGENDA_TAB = {
  key: 'agenda',
  en: 'Agenda',
  zh: '议程',
  collection: 'agendaItems',
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    { key: 'meeting', en: 'Meeting', zh: '会议', type: { kind: 'meetingRef' }, required: true },
    {
      key: 'order',
      en: 'Order',
      zh: '序号',
      aliases: ['No.', '顺序'],
      type: { kind: 'integer', min: 1 },
      required: true,
    },
    { key: 'topic', en: 'Topic', zh: '议题', type: { kind: 'text', maxLength: 500 }, required: true },
    { key: 'presenter', en: 'Presenter', zh: '汇报人', aliases: ['Speaker', '发言人'], type: { kind: 'personRef' } },
    {
      key: 'minutesAllotted',
      en: 'Minutes allotted',
      zh: '时长（分钟）',
      aliases: ['Duration (min)', '时长'],
      type: { kind: 'integer', min: 1, max: 1440 },
    },
    { key: 'materialLink', en: 'Material link', zh: '材料链接', aliases: ['Materials'], type: { kind: 'url' } },
    // Seed 002: materials are due before the meeting so attendees can read them; reminders key on this.
    { key: 'materialDue', en: 'Material due', zh: '材料截止时间', aliases: ['材料截止'], type: { kind: 'datetime' } },
    // Seed 002 (上次决议跟踪): on a series meeting's review item, the open actions of its earlier meetings, one per
    // line, refreshed by the tick (domain/minutes/carry-over.ts) until they are done.
    {
      key: 'carriedOver',
      en: 'Open actions carried over',
      zh: '待跟踪行动项',
      aliases: ['Carried-over actions'],
      type: { kind: 'text' },
      system: true,
    },
  ],
} as const satisfies TabSpec;

const ATTENDANCE_TAB = {
  key: 'attendance',
  en: 'Attendance',
  zh: '签到',
  aliases: ['考勤', '签到表'],
  collection: 'attendance',
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    { key: 'meeting', en: 'Meeting', zh: '会议', type: { kind: 'meetingRef' }, required: true },
    {
      key: 'person',
      en: 'Person',
      zh: '参会人',
      aliases: ['Attendee', '人员'],
      type: { kind: 'personRef' },
      required: true,
    },
    {
      key: 'role',
      en: 'Meeting role',
      zh: '会议角色',
      aliases: ['Role', '角色'],
      type: { kind: 'enum', options: MEETING_ROLE_OPTIONS },
    },
    { key: 'leaveRequested', en: 'Leave requested', zh: '申请请假', aliases: ['请假申请'], type: { kind: 'boolean' } },
    {
      key: 'leaveApproved',
      en: 'Leave approved',
      zh: '请假已批准',
      aliases: ['请假批准', '准假'],
      type: { kind: 'boolean' },
    },
    { key: 'substitute', en: 'Substitute', zh: '代理人', aliases: ['Deputy', '代参会人'], type: { kind: 'personRef' } },
    // Arrival and departure are recorded once they happen: a time ahead of the edit is a typo (a wrong day).
    {
      key: 'checkIn',
      en: 'Check-in',
      zh: '签到时间',
      aliases: ['Check in', 'Arrived'],
      type: { kind: 'datetime' },
      notInFuture: true,
    },
    {
      key: 'checkOut',
      en: 'Check-out',
      zh: '签退时间',
      aliases: ['Check out', 'Left'],
      type: { kind: 'datetime' },
      notInFuture: true,
    },
    {
      key: 'result',
      en: 'Result',
      zh: '出勤结果',
      aliases: ['Attendance result'],
      type: { kind: 'enum', options: ATTENDANCE_RESULT_OPTIONS },
      system: true,
    },
  ],
  rules: [{ kind: 'after', earlier: 'checkIn', later: 'checkOut' }],
} as const satisfies TabSpec;

const MINUTES_TAB = {
  key: 'minutes',
  en: 'Minutes',
  zh: '纪要',
  aliases: ['会议纪要'],
  collection: 'minutes',
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    { key: 'meeting', en: 'Meeting', zh: '会议', type: { kind: 'meetingRef' }, required: true },
    { key: 'agendaItem', en: 'Agenda item', zh: '议程项', aliases: ['议题'], type: { kind: 'agendaRef' } },
    {
      key: 'kind',
      en: 'Kind',
      zh: '类别',
      aliases: ['Type', '类型'],
      type: { kind: 'enum', options: MINUTES_KIND_OPTIONS },
      required: true,
    },
    {
      key: 'text',
      en: 'Text',
      zh: '内容',
      aliases: ['Content', '记录内容'],
      type: { kind: 'text', maxLength: 5000 },
      required: true,
    },
    { key: 'owner', en: 'Owner', zh: '负责人', aliases: ['责任人'], type: { kind: 'personRef' } },
    { key: 'due', en: 'Due', zh: '截止日期', aliases: ['Due date', '完成期限'], type: { kind: 'date' } },
  ],
  // Seed 002: every decision to act names a responsible person and a deadline, or it cannot be followed up.
  rules: [
    { kind: 'requiredWhen', column: 'owner', when: 'kind', equals: ['action'] },
    { kind: 'requiredWhen', column: 'due', when: 'kind', equals: ['action'] },
  ],
} as const satisfies TabSpec;

const ACTIONS_TAB = {
  key: 'actions',
  en: 'Actions',
  zh: '行动项',
  aliases: ['Action items', '待办事项'],
  collection: 'actions',
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    {
      key: 'sourceMeeting',
      en: 'Source meeting',
      zh: '来源会议',
      aliases: ['Meeting', '会议'],
      type: { kind: 'meetingRef' },
    },
    {
      key: 'text',
      en: 'Action',
      zh: '事项',
      aliases: ['Text', '内容'],
      // As long as the minutes line it may come from (the tick saves that line's text here).
      type: { kind: 'text', maxLength: 5000 },
      required: true,
    },
    { key: 'owner', en: 'Owner', zh: '负责人', aliases: ['责任人'], type: { kind: 'personRef' }, required: true },
    {
      key: 'due',
      en: 'Due',
      zh: '截止日期',
      aliases: ['Due date', '完成期限'],
      type: { kind: 'date' },
      required: true,
    },
    // Named "Action status" because the plain "Status" header is the system's validation column on every tab.
    {
      key: 'state',
      en: 'Action status',
      zh: '执行状态',
      aliases: ['Progress status', '完成情况'],
      type: { kind: 'enum', options: ACTION_STATE_OPTIONS },
    },
    {
      key: 'progressNote',
      en: 'Progress note',
      zh: '进展说明',
      aliases: ['Progress', '进展'],
      type: { kind: 'text', maxLength: 2000 },
    },
    { key: 'overdueDays', en: 'Overdue days', zh: '逾期天数', type: { kind: 'integer', min: 0 }, system: true },
  ],
} as const satisfies TabSpec;

const CUSTOMERS_TAB = {
  key: 'customers',
  en: 'Customers',
  zh: '客户档案',
  // A rep's personal sheet (seed 001 confidentiality) holds the same columns under its own name.
  aliases: ['Customer archive', 'My customers', '我的客户', '顾客档案'],
  collection: 'customers',
  // Seed 001: one archive per customer; the same name with the same number (in any written form) is the same
  // customer collected twice, which would double the follow-up visits and split the history.
  naturalKey: ['name', 'phone'],
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    {
      key: 'name',
      en: 'Name',
      zh: '客户姓名',
      aliases: ['Customer', '姓名', '顾客姓名'],
      type: { kind: 'text', maxLength: 100 },
      required: true,
    },
    {
      key: 'phone',
      en: 'Phone',
      zh: '电话',
      aliases: ['Telephone', 'Mobile', '联系电话', '手机'],
      type: { kind: 'phone' },
    },
    { key: 'region', en: 'Region', zh: '区域', aliases: ['地区', '地址区域'], type: { kind: 'text', maxLength: 100 } },
    // "Who collected it owns it" is the first assignment rule of seed 001, so this is captured at intake.
    {
      key: 'collectedBy',
      en: 'Collected by',
      zh: '收集人',
      aliases: ['采集人'],
      type: { kind: 'personRef' },
      required: true,
    },
    { key: 'event', en: 'Event', zh: '活动', aliases: ['来源活动', '会议'], type: { kind: 'text', maxLength: 200 } },
    // The event where the customer was met has taken place: customers are collected there.
    { key: 'eventDate', en: 'Event date', zh: '活动日期', type: { kind: 'date' }, notInFuture: true },
    { key: 'purchased', en: 'Purchased', zh: '是否购买', aliases: ['Bought', '已购买'], type: { kind: 'boolean' } },
    // The follow-up cadence counts days from this date (seed 001: "after the archive is made").
    {
      key: 'archivedOn',
      en: 'Archive made on',
      zh: '建档日期',
      aliases: ['Archived on', '建档时间'],
      type: { kind: 'date' },
      // A future archive date would also push the whole follow-up cadence into the future.
      notInFuture: true,
    },
    // Seed 001: managers assign customers (销售经理分配); at intake the collector owns it, so an empty Owner is
    // "Collected by". Who may change it is edit-permissions.ts's (managers and admins).
    {
      key: 'owner',
      en: 'Owner',
      zh: '负责代表',
      aliases: ['Assigned to', '分配给'],
      type: { kind: 'personRef' },
      defaultFrom: 'collectedBy',
    },
  ],
} as const satisfies TabSpec;

const VISITS_TAB = {
  key: 'visits',
  en: 'Visits',
  zh: '回访',
  aliases: ['Follow-ups', '回访记录'],
  collection: 'visits',
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    { key: 'customer', en: 'Customer', zh: '客户', aliases: ['顾客'], type: { kind: 'customerRef' }, required: true },
    { key: 'visitor', en: 'Visitor', zh: '回访人', aliases: ['Visited by'], type: { kind: 'personRef' } },
    // Written by the cadence planner (e.g. "rep day 30"), so users can see why a visit exists.
    {
      key: 'plannedBy',
      en: 'Planned by rule',
      zh: '计划依据',
      aliases: ['Rule', '回访规则'],
      type: { kind: 'text' },
      system: true,
    },
    {
      key: 'due',
      en: 'Due',
      zh: '应回访日期',
      aliases: ['Due date', '计划日期'],
      type: { kind: 'date' },
      required: true,
    },
    // A visit is done when it has happened; a future date would mark a planned visit done before it took place.
    {
      key: 'doneOn',
      en: 'Done on',
      zh: '实际回访日期',
      aliases: ['Visited on', '回访日期'],
      type: { kind: 'date' },
      notInFuture: true,
    },
    {
      key: 'method',
      en: 'Method',
      zh: '回访方式',
      aliases: ['方式'],
      type: { kind: 'enum', options: VISIT_METHOD_OPTIONS },
    },
    { key: 'notes', en: 'Notes', zh: '回访记录', aliases: ['备注'], type: { kind: 'text', maxLength: 5000 } },
  ],
} as const satisfies TabSpec;

const FEEDBACK_TAB = {
  key: 'feedback',
  en: 'Feedback',
  zh: '反馈',
  aliases: ['会议反馈', '满意度'],
  collection: 'feedback',
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    { key: 'meeting', en: 'Meeting', zh: '会议', type: { kind: 'meetingRef' }, required: true },
    { key: 'person', en: 'Person', zh: '反馈人', aliases: ['人员'], type: { kind: 'personRef' } },
    {
      key: 'satisfaction',
      en: 'Satisfaction (1-5)',
      zh: '满意度（1-5）',
      aliases: ['Satisfaction', '满意度'],
      type: { kind: 'integer', min: 1, max: 5 },
      required: true,
    },
    {
      key: 'comment',
      en: 'Comment',
      zh: '意见建议',
      aliases: ['Comments', '意见', '建议'],
      type: { kind: 'text', maxLength: 5000 },
    },
  ],
} as const satisfies TabSpec;

const TARGETS_TAB = {
  key: 'targets',
  en: 'Targets',
  zh: '目标',
  aliases: ['销售目标'],
  collection: 'targets',
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    // A target belongs to a person or to a whole team (seeds 003/004 set both); one of the two is needed.
    { key: 'person', en: 'Person', zh: '人员', type: { kind: 'personRef' } },
    { key: 'team', en: 'Team', zh: '团队', type: { kind: 'text', maxLength: 100 } },
    { key: 'month', en: 'Month', zh: '月份', type: { kind: 'month' }, required: true },
    { key: 'target', en: 'Target', zh: '目标', aliases: ['目标额'], type: { kind: 'number', min: 0 }, required: true },
    { key: 'actual', en: 'Actual', zh: '实际', aliases: ['实际完成', '完成额'], type: { kind: 'number', min: 0 } },
  ],
  rules: [{ kind: 'oneOfRequired', columns: ['person', 'team'] }],
} as const satisfies TabSpec;

/** What the Settings tab can set; each row names one (holidays and make-up days may repeat). */
export const SETTING_OPTIONS = [
  { key: 'digestTime', en: 'digest time', zh: '每日摘要时间' },
  { key: 'quietHoursStart', en: 'quiet hours start', zh: '免打扰开始' },
  { key: 'quietHoursEnd', en: 'quiet hours end', zh: '免打扰结束' },
  { key: 'holiday', en: 'holiday', zh: '节假日', aliases: ['public holiday', '放假'] },
  { key: 'makeUpWorkday', en: 'make-up working day', zh: '调休上班日', aliases: ['extra working day', '补班'] },
  { key: 'defaultLanguage', en: 'default mail language', zh: '邮件默认语言' },
  { key: 'urgentSeparately', en: 'send urgent reminders separately', zh: '单独发送紧急提醒' },
  { key: 'digestLookaheadDays', en: 'digest lookahead days', zh: '摘要预告天数' },
  // Seed 000 (不迟到、不早退) leaves the tolerance to the company; 5 minutes each unless set.
  { key: 'lateGraceMinutes', en: 'late grace minutes', zh: '迟到宽限分钟', aliases: ['迟到宽限', 'late grace'] },
  {
    key: 'earlyLeaveGraceMinutes',
    en: 'early-leave grace minutes',
    zh: '早退宽限分钟',
    aliases: ['早退宽限', 'early leave grace'],
  },
  // One row per meeting type, e.g. "销售商会议 7" or "dealer conference: 10".
  { key: 'noticeDays', en: 'notice days before', zh: '会议通知提前天数', aliases: ['notice days', '通知提前天数'] },
  // Phone numbers typed without a country code are read in this region (two letters, ISO 3166: CN, HK, US …).
  {
    key: 'phoneRegion',
    en: 'default phone region',
    zh: '电话默认地区',
    aliases: ['phone region', '电话地区', '默认电话区号'],
  },
  // issue 14, minutes (seed 002: attendees confirm the minutes within a set time; the recorder sends them soon
  // after the meeting): hours attendees have to confirm or object, and hours after a meeting's end the system
  // finalizes minutes nobody finalized (0: never by itself).
  {
    key: 'minutesConfirmationHours',
    en: 'minutes confirmation hours',
    zh: '纪要确认时限（小时）',
    aliases: ['confirmation window hours', '纪要确认时限', '纪要确认小时'],
  },
  {
    key: 'minutesAutoFinalizeHours',
    en: 'minutes auto-finalize hours',
    zh: '纪要自动生成（会后小时）',
    aliases: ['auto-finalize hours', '纪要自动生成', '会后自动生成纪要小时'],
  },
  // issue 14 (actions): seed 002 has the organisers follow decisions up; an action overdue this many days is
  // escalated into the owner's manager's digest (3 unless set).
  {
    key: 'escalateAfterDays',
    en: 'escalate overdue actions after days',
    zh: '行动项逾期上报天数',
    aliases: ['escalation days', '逾期上报天数'],
  },
] as const;

// Reminder settings live in the workbook, where the people who own them already work.
const SETTINGS_TAB = {
  key: 'settings',
  en: 'Settings',
  zh: '设置',
  aliases: ['Reminder settings', '提醒设置'],
  collection: 'settings',
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    {
      key: 'setting',
      en: 'Setting',
      zh: '设置项',
      aliases: ['Name', '项目'],
      type: { kind: 'enum', options: SETTING_OPTIONS },
      required: true,
    },
    {
      key: 'value',
      en: 'Value',
      zh: '值',
      aliases: ['设置值', '内容'],
      type: { kind: 'text', maxLength: 200 },
      required: true,
    },
    { key: 'note', en: 'Note', zh: '说明', aliases: ['备注'], type: { kind: 'text', maxLength: 500 } },
  ],
} as const satisfies TabSpec;

const SUMMARY_TAB = {
  key: 'summary',
  en: 'Summary',
  zh: '评估汇总',
  aliases: ['汇总'],
  systemOnly: true,
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    { key: 'period', en: 'Period', zh: '期间', type: { kind: 'month' }, system: true },
    { key: 'subject', en: 'Person or team', zh: '人员或团队', type: { kind: 'text' }, system: true },
    { key: 'meetingsHeld', en: 'Meetings held', zh: '会议场数', type: { kind: 'integer' }, system: true },
    { key: 'attendanceRate', en: 'Attendance rate', zh: '出勤率', type: { kind: 'number' }, system: true },
    { key: 'lateCount', en: 'Late arrivals', zh: '迟到次数', type: { kind: 'integer' }, system: true },
    { key: 'actionsOpen', en: 'Open actions', zh: '未完成行动项', type: { kind: 'integer' }, system: true },
    { key: 'actionsOverdue', en: 'Overdue actions', zh: '逾期行动项', type: { kind: 'integer' }, system: true },
    { key: 'visitsDue', en: 'Visits due', zh: '应回访次数', type: { kind: 'integer' }, system: true },
    { key: 'visitsDone', en: 'Visits done', zh: '已回访次数', type: { kind: 'integer' }, system: true },
    { key: 'target', en: 'Target', zh: '目标', type: { kind: 'number' }, system: true },
    { key: 'actual', en: 'Actual', zh: '实际', type: { kind: 'number' }, system: true },
    { key: 'achievementRate', en: 'Achievement rate', zh: '达成率', type: { kind: 'number' }, system: true },
    { key: 'satisfaction', en: 'Average satisfaction', zh: '平均满意度', type: { kind: 'number' }, system: true },
  ],
} as const satisfies TabSpec;

const OUTBOX_TAB = {
  key: 'outbox',
  en: 'Outbox',
  zh: '发送记录',
  aliases: ['Sent mail', '邮件记录'],
  collection: 'outbox',
  systemOnly: true,
  columns: [
    ID_COLUMN,
    STATUS_COLUMN,
    { key: 'kind', en: 'Kind', zh: '类型', type: { kind: 'enum', options: OUTBOX_KIND_OPTIONS }, system: true },
    { key: 'recipient', en: 'Recipient', zh: '收件人', type: { kind: 'email' }, system: true },
    { key: 'subject', en: 'Subject', zh: '主题', type: { kind: 'text' }, system: true },
    { key: 'relatedRecord', en: 'Related record', zh: '关联记录', type: { kind: 'text' }, system: true },
    { key: 'dueAt', en: 'Due at', zh: '计划发送时间', type: { kind: 'datetime' }, system: true },
    {
      key: 'state',
      en: 'Delivery',
      zh: '发送状态',
      type: { kind: 'enum', options: OUTBOX_STATE_OPTIONS },
      system: true,
    },
    { key: 'sentAt', en: 'Sent at', zh: '发送时间', type: { kind: 'datetime' }, system: true },
    { key: 'attempts', en: 'Attempts', zh: '尝试次数', type: { kind: 'integer' }, system: true },
    { key: 'lastError', en: 'Last error', zh: '最近错误', type: { kind: 'text' }, system: true },
  ],
} as const satisfies TabSpec;

export const WORKBOOK_TABS = [
  PEOPLE_TAB,
  MEETINGS_TAB,
  AGENDA_TAB,
  ATTENDANCE_TAB,
  MINUTES_TAB,
  ACTIONS_TAB,
  CUSTOMERS_TAB,
  VISITS_TAB,
  FEEDBACK_TAB,
  TARGETS_TAB,
  SETTINGS_TAB,
  SUMMARY_TAB,
  OUTBOX_TAB,
] as const satisfies readonly TabSpec[];

export type WorkbookTab = (typeof WORKBOOK_TABS)[number];
export type TabKey = WorkbookTab['key'];
export type TabOf<K extends TabKey> = Extract<WorkbookTab, { key: K }>;
export type ColumnKeyOf<K extends TabKey> = TabOf<K>['columns'][number]['key'];

/** Where each reference kind points, for messages ("nothing in the People tab matches …"). */
export const REF_TARGET_TAB: Readonly<Record<RefKind, TabKey>> = {
  personRef: 'people',
  meetingRef: 'meetings',
  agendaRef: 'agenda',
  customerRef: 'customers',
};

const TABS_BY_KEY: ReadonlyMap<string, TabSpec> = new Map(WORKBOOK_TABS.map((tab) => [tab.key, tab]));

export function getTab(key: TabKey): TabSpec {
  const tab = TABS_BY_KEY.get(key);
  if (!tab) throw new Error(`unknown tab key ${key}`);
  return tab;
}

export function getColumn(tab: TabSpec, key: string): ColumnSpec | undefined {
  return tab.columns.find((column) => column.key === key);
}

export function listInputColumns(tab: TabSpec): readonly ColumnSpec[] {
  return tab.columns.filter((column) => !column.system);
}

export function labelOf(item: { readonly en: string; readonly zh: string }): Localized {
  return { en: item.en, zh: item.zh };
}

// ---- record types derived from the declaration ----

type ValueOfType<T extends ColumnType> = T extends { kind: 'enum'; options: readonly (infer O)[] }
  ? O extends { key: infer K }
    ? K
    : never
  : T['kind'] extends 'number' | 'integer'
    ? number
    : T['kind'] extends 'boolean'
      ? boolean
      : string;

type InputColumnOf<K extends TabKey> = Exclude<TabOf<K>['columns'][number], { system: true }>;
type RequiredKeys<K extends TabKey> = Extract<InputColumnOf<K>, { required: true }>['key'];

/** The canonical record a valid row of tab K turns into (system columns excluded; they are not user input). */
export type TabRecord<K extends TabKey> = {
  [C in InputColumnOf<K> as C['key'] extends RequiredKeys<K> ? C['key'] : never]: ValueOfType<C['type']>;
} & {
  [C in InputColumnOf<K> as C['key'] extends RequiredKeys<K> ? never : C['key']]?: ValueOfType<C['type']>;
};

/** The header row the system writes when it creates a tab, in the workbook's language. */
export function listHeaders(tab: TabSpec, lang: 'en' | 'zh'): string[] {
  return tab.columns.map((column) => column[lang]);
}
