// Who may press "Send notice now / 立即发送会议通知" for a meeting. Mail goes out at once in the sender
// mailbox's name to the whole roster (a dealer conference invites hundreds), so being able to edit the sheet is
// not enough: only the people answerable for the meeting may — its host and recorder (seed 000 names them as
// its organisers), the host's manager (People tab "Manager") and a workbook admin (People tab role "admin",
// still active). Everyone else, and an editor Apps Script could not name, is refused and nothing is sent.
// E-mails are compared as the People tab stores them: NFKC, trimmed, lower case.

/** What the rule reads; the adapter loads it from the meeting record and the People tab. */
export interface NoticePermissionFacts {
  /** The editor named in the signed request; '' when Apps Script could not tell who pressed it. */
  readonly editor: string;
  /** The meeting's Host and Recorder cells as saved (an e-mail, or whatever else was typed). */
  readonly host?: string;
  readonly recorder?: string;
  /** "Manager" of the host's People row. */
  readonly hostManager?: string;
  /** The editor's own live People rows (an address can appear on more than one row). */
  readonly editorRows: ReadonlyArray<{ readonly role?: string; readonly active: boolean }>;
}

export type NoticeSenderRole = 'host' | 'recorder' | 'hostManager' | 'admin';

export type NoticePermission =
  | { readonly ok: true; readonly as: NoticeSenderRole }
  | { readonly ok: false; readonly code: 'NOTICE_EDITOR_UNKNOWN' }
  | {
      readonly ok: false;
      readonly code: 'NOTICE_NOT_ALLOWED';
      readonly params: { editor: string; host?: string; recorder?: string; manager?: string };
    };

export function normalizeEmail(value: string | undefined): string {
  return (value ?? '').normalize('NFKC').trim().toLowerCase();
}

export function isEditorUnknown(editor: string): boolean {
  return normalizeEmail(editor) === '';
}

export function decideNoticePermission(facts: NoticePermissionFacts): NoticePermission {
  const editor = normalizeEmail(facts.editor);
  if (editor === '') return { ok: false, code: 'NOTICE_EDITOR_UNKNOWN' };
  const same = (other: string | undefined) => normalizeEmail(other) === editor;
  if (same(facts.host)) return { ok: true, as: 'host' };
  if (same(facts.recorder)) return { ok: true, as: 'recorder' };
  if (same(facts.hostManager)) return { ok: true, as: 'hostManager' };
  if (facts.editorRows.some((row) => row.role === 'admin' && row.active)) return { ok: true, as: 'admin' };
  const named = (value: string | undefined) => (normalizeEmail(value) === '' ? undefined : value!.trim());
  return {
    ok: false,
    code: 'NOTICE_NOT_ALLOWED',
    params: {
      editor: facts.editor.trim(),
      ...(named(facts.host) ? { host: named(facts.host)! } : {}),
      ...(named(facts.recorder) ? { recorder: named(facts.recorder)! } : {}),
      ...(named(facts.hostManager) ? { manager: named(facts.hostManager)! } : {}),
    },
  };
}
