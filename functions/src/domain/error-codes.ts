// Every error code the product answers with. The code is the contract: tests, logs and the bilingual message
// table (messages.ts) key on it. Kept apart from errors.ts so the message table can name the codes without a cycle.
export const ERROR_CODES = [
  // workbook structure
  'TAB_UNKNOWN',
  'HEADER_UNKNOWN',
  'HEADER_DUPLICATE',
  'HEADER_MISSING_REQUIRED',
  // cell values
  'VALUE_REQUIRED',
  'VALUE_REQUIRED_WHEN',
  'ONE_OF_REQUIRED',
  'VALUE_UNSUPPORTED',
  'TEXT_TOO_LONG',
  'EMAIL_INVALID',
  'NUMBER_INVALID',
  'INTEGER_INVALID',
  'NUMBER_TOO_SMALL',
  'NUMBER_TOO_LARGE',
  'BOOLEAN_INVALID',
  'ENUM_INVALID',
  'URL_INVALID',
  'PHONE_INVALID',
  'REF_UNKNOWN',
  // dates and times
  'DATE_INVALID',
  'DATETIME_INVALID',
  'DATE_AMBIGUOUS',
  'DATE_NONEXISTENT',
  'TIME_INVALID',
  'TIME_SKIPPED_BY_DST',
  'DATE_OUT_OF_RANGE',
  'MONTH_INVALID',
  'TIME_ZONE_INVALID',
  // cross-field rules
  'END_NOT_AFTER_START',
  'SETTING_VALUE_INVALID',
  // attendance and leave (seed 000 discipline, seed 002 leave with a substitute)
  'CHECK_IN_MISSING',
  'LEAVE_TOO_LATE',
  'LEAVE_NO_SUBSTITUTE',
  'LEAVE_SUBSTITUTE_IS_SELF',
  'LEAVE_SELF_APPROVED',
  'LEAVE_WRONG_APPROVER',
  // meetings, series and agendas
  'RECURRENCE_INVALID',
  'AGENDA_OVER_TIME',
  'AGENDA_ORDER_DUPLICATE',
  'MATERIAL_DUE_AFTER_START',
  'PERSON_INACTIVE',
  'RECORDER_NOT_ON_ROSTER',
  /** A warning: shown in Status, the row is still saved. */
  'MEETING_OVER_BUDGET',
  // requests from the sheet (answered to the script, shown as a toast)
  'SIGNATURE_MISSING',
  'SIGNATURE_INVALID',
  'SIGNATURE_EXPIRED',
  'EVENT_REPLAYED',
  'REQUEST_INVALID',
  'SCRIPT_OUTDATED',
  'TAB_READ_ONLY',
  // "Send notice now" from the sheet menu
  'NOTICE_NOT_MEETINGS_TAB',
  'NOTICE_NO_MEETING_ROW',
  'NOTICE_MEETING_UNKNOWN',
  'NOTICE_MEETING_STARTED',
  'NOTICE_NO_RECIPIENTS',
  'NOTICE_TOO_LATE',
  'NOTICE_EDITOR_UNKNOWN',
  'NOTICE_NOT_ALLOWED',
  'NOTICE_ALREADY_RECEIVED',
  'MAIL_NOT_CONFIGURED',
  'INTERNAL_ERROR',
  // issue 13, record IDs and missing columns: the server owns IDs; a column missing from the sheet keeps values
  'ID_OWNED_ELSEWHERE',
  'ID_REPEATED',
  'ID_UNKNOWN',
  'ID_DELETED',
  /** A note: shown after "OK", the row is still saved. */
  'COLUMN_MISSING_KEPT',
  'COLUMN_MISSING',
  // issue 13, request hardening: body size, secret rotation, Google ID token from the script
  'REQUEST_TOO_LARGE',
  'SECRET_OUTDATED',
  'ID_TOKEN_MISSING',
  'ID_TOKEN_INVALID',
  'EDITOR_MISMATCH',
  // issue 13 (references, natural keys, past dates, text hygiene): a row refused or noted for what it says
  'DATE_IN_FUTURE',
  'DUPLICATE_RECORD',
  /** A note: the row is saved without invisible characters the cell held. */
  'TEXT_CLEANED',
  // issue 13, authorization: who may change which columns of which tab (edit-permissions.ts)
  'EDITOR_UNKNOWN',
  'EDITOR_NOT_ON_PEOPLE',
  'EDIT_NOT_ALLOWED',
  'EDIT_NEW_COLUMNS_NOT_ALLOWED',
  'EDIT_ROW_NOT_ALLOWED',
  // issue 13, integrity (deletion rights, edits planned under concurrency): a refused deletion puts the row back
  'DELETE_NOT_ALLOWED',
  'DELETE_EDITOR_UNKNOWN',
  'DELETE_EDITOR_NOT_ON_PEOPLE',
  'EDIT_CONFLICT',
  // issue 14 defects (issue 13's smaller items): an ID typed alone into an empty row is answered, not dropped
  'ID_ALONE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
