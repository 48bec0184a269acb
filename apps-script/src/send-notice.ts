// "Send notice now / 立即发送通知": the selected row as a signed request, and what the server's answer says.
// The script does not know which column is the ID: it sends the row as read and the server names the meeting.
// Pure, so the Apps Script adapter and the local stand-in share it.
import { EDIT_REQUEST_VERSION, FIRST_DATA_ROW_NUMBER } from '../../functions/src/contract/edit-request.ts';
import type { SendNoticeRowRequest } from '../../functions/src/contract/edit-request.ts';
import { isSyncedTab } from '../../functions/src/contract/synced-tabs.ts';
import { toRequestCell } from './cell-values.ts';
import { trimHeaderRow } from './edit-mapping.ts';

export type SendNoticePlan =
  | { readonly ok: true; readonly request: SendNoticeRowRequest }
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
  /** 'finalizeMinutes': the menu's "Finalize minutes", sent the same way (the server does the rest). */
  readonly action?: 'finalizeMinutes';
}): SendNoticePlan {
  // Answered here without a round trip when it is plain; which synced tab is Meetings is the server's to say.
  if (!isSyncedTab(input.sheetName)) return { ok: false, reason: 'NOTICE_NOT_MEETINGS_TAB' };
  if (input.row < FIRST_DATA_ROW_NUMBER) return { ok: false, reason: 'NOTICE_NO_MEETING_ROW' };
  const headerRow = trimHeaderRow(input.headerRow);
  return {
    ok: true,
    request: {
      version: EDIT_REQUEST_VERSION,
      kind: 'sendNotice',
      eventId: input.eventId,
      spreadsheetId: input.spreadsheetId,
      editor: input.editor,
      selection: {
        sheetName: input.sheetName,
        headerRow,
        row: input.row,
        // Only the ID matters, which is text; Date cells need no zone for that and are sent as ISO text.
        values: headerRow.map((_, index) => toRequestCell(input.rowValues[index], (date) => date.toISOString())),
      },
      sentAt: input.now.toISOString(),
      ...(input.action ? { action: input.action } : {}),
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
