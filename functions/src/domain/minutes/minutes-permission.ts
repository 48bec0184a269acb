// Who may finalize a meeting's minutes ("生成会议纪要 / Finalize minutes"): the minutes go out in the system's
// name to every attendee and become what decisions are carried out by (seed 002), so only the people who answer
// for them may — the meeting's recorder (who writes them), its host, or a workbook admin. Unlike "Send notice
// now", the host's manager may not: the minutes record what was said, which the manager may not have heard.
import { type NoticePermissionFacts, decideNoticePermission, normalizeEmail } from '../meetings/notice-permission.ts';

export type MinutesPermission =
  | { ok: true; as: 'host' | 'recorder' | 'admin' }
  | { ok: false; code: 'MINUTES_EDITOR_UNKNOWN' }
  | { ok: false; code: 'MINUTES_NOT_ALLOWED'; params: { editor: string; host?: string; recorder?: string } };

export function decideMinutesPermission(facts: NoticePermissionFacts): MinutesPermission {
  if (normalizeEmail(facts.editor) === '') return { ok: false, code: 'MINUTES_EDITOR_UNKNOWN' };
  // The notice rule without the host's manager: judged on the same facts, so both read People the same way.
  const decided = decideNoticePermission({ ...facts, hostManager: undefined });
  if (decided.ok && decided.as !== 'hostManager') return { ok: true, as: decided.as };
  const named = (value: string | undefined) => (normalizeEmail(value) === '' ? undefined : value!.trim());
  return {
    ok: false,
    code: 'MINUTES_NOT_ALLOWED',
    params: {
      editor: facts.editor.trim(),
      ...(named(facts.host) ? { host: named(facts.host)! } : {}),
      ...(named(facts.recorder) ? { recorder: named(facts.recorder)! } : {}),
    },
  };
}
