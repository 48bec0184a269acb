// "Send notice now / 立即发送通知": which meeting the selected row is, as a signed request, and what the
// server's answer says. Pure, so the Apps Script adapter and the local stand-in share it.
import type { SendNoticeRequest } from '../../functions/src/contract/edit-request.ts';
import { findTab } from '../../functions/src/domain/workbook/header-matching.ts';
import { findSystemColumns } from '../../functions/src/contract/write-back-plan.ts';
import { FIRST_DATA_ROW } from './edit-mapping.ts';

export type SendNoticePlan =
  | { readonly ok: true; readonly request: SendNoticeRequest }
  | { readonly ok: false; readonly reason: 'NOTICE_NOT_MEETINGS_TAB' | 'NOTICE_NO_MEETING_ROW' };

export function planSendNotice(input: {
  readonly sheetName: string;
  readonly headerRow: readonly unknown[];
  /** The selected (active) row, 1-based. */
  readonly row: number;
  readonly rowValues: readonly unknown[];
  readonly spreadsheetId: string;
  readonly editor: string;
  readonly eventId: string;
  readonly now: Date;
}): SendNoticePlan {
  if (findTab(input.sheetName)?.key !== 'meetings') return { ok: false, reason: 'NOTICE_NOT_MEETINGS_TAB' };
  const { id } = findSystemColumns(input.sheetName, input.headerRow);
  const meetingId = id === undefined || input.row < FIRST_DATA_ROW ? '' : String(input.rowValues[id - 1] ?? '').trim();
  // A row without an ID was never saved (or has an error in Status): there is no meeting to announce yet.
  if (meetingId === '') return { ok: false, reason: 'NOTICE_NO_MEETING_ROW' };
  return {
    ok: true,
    request: {
      version: 1,
      kind: 'sendNotice',
      eventId: input.eventId,
      spreadsheetId: input.spreadsheetId,
      editor: input.editor,
      meetingId,
      sentAt: input.now.toISOString(),
    },
  };
}

/** The bilingual message of a successful answer, if the server sent one. */
export function readSendNoticeAnswer(text: string): { en: string; zh: string } | undefined {
  try {
    const body = JSON.parse(text) as { ok?: unknown; message?: { en?: unknown; zh?: unknown } };
    const { en, zh } = body.message ?? {};
    return body.ok === true && typeof en === 'string' && typeof zh === 'string' ? { en, zh } : undefined;
  } catch {
    return undefined;
  }
}
