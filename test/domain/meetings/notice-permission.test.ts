import { describe, expect, it } from 'vitest';
import {
  type NoticePermissionFacts,
  decideNoticePermission,
} from '../../../functions/src/domain/meetings/notice-permission.ts';
import { formatMessage } from '../../../functions/src/domain/messages.ts';

const meeting = {
  host: 'li.na@demo.example',
  recorder: 'chen.jing@demo.example',
  hostManager: 'wang.wei@demo.example',
};
const facts = (editor: string, extra: Partial<NoticePermissionFacts> = {}): NoticePermissionFacts => ({
  editor,
  ...meeting,
  editorRows: [],
  ...extra,
});

describe('who may press "Send notice now"', () => {
  it.each([
    { editor: 'li.na@demo.example', as: 'host' },
    { editor: 'Li.Na@Demo.Example', as: 'host' },
    { editor: ' CHEN.JING@demo.example ', as: 'recorder' },
    { editor: 'Wang.Wei@demo.example', as: 'hostManager' },
  ])('$editor may, as $as', ({ editor, as }) => {
    expect(decideNoticePermission(facts(editor))).toEqual({ ok: true, as });
  });

  it('an active admin may, whoever organises the meeting', () => {
    expect(
      decideNoticePermission(facts('admin@demo.example', { editorRows: [{ role: 'admin', active: true }] })),
    ).toEqual({ ok: true, as: 'admin' });
  });

  it('an admin marked inactive on the People tab may not, nor a rep, nor a manager of someone else', () => {
    for (const refused of [
      facts('former.admin@demo.example', { editorRows: [{ role: 'admin', active: false }] }),
      facts('zhang.min@demo.example', { editorRows: [{ role: 'rep', active: true }] }),
      facts('other.manager@demo.example', { editorRows: [{ role: 'manager', active: true }] }),
    ]) {
      const decision = decideNoticePermission(refused);
      expect(decision.ok, refused.editor).toBe(false);
      expect(decision).toMatchObject({ code: 'NOTICE_NOT_ALLOWED' });
    }
  });

  it('refuses an editor Apps Script could not name, whatever the meeting', () => {
    expect(decideNoticePermission(facts(''))).toEqual({ ok: false, code: 'NOTICE_EDITOR_UNKNOWN' });
    expect(decideNoticePermission(facts('', { host: '', recorder: '' }))).toEqual({
      ok: false,
      code: 'NOTICE_EDITOR_UNKNOWN',
    });
  });

  it('a meeting with no host or recorder typed does not let an empty cell match anyone', () => {
    const decision = decideNoticePermission({ editor: 'zhang.min@demo.example', editorRows: [] });
    expect(decision).toMatchObject({ ok: false, code: 'NOTICE_NOT_ALLOWED' });
  });

  it('the refusal names the editor and whom to ask, in both languages', () => {
    const decision = decideNoticePermission(facts('zhang.min@demo.example'));
    if (decision.ok || decision.code !== 'NOTICE_NOT_ALLOWED') throw new Error('expected a refusal');
    const en = formatMessage('NOTICE_NOT_ALLOWED', decision.params, 'en');
    const zh = formatMessage('NOTICE_NOT_ALLOWED', decision.params, 'zh');
    for (const text of [en, zh])
      for (const who of ['zhang.min@demo.example', meeting.host, meeting.recorder, meeting.hostManager])
        expect(text).toContain(who);
    expect(en).toContain('nothing was sent');
    expect(zh).toContain('未发送任何邮件');
  });
});
