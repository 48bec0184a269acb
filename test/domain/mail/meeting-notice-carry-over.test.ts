import { describe, expect, it } from 'vitest';
import { renderMeetingNoticeMail } from '../../../functions/src/domain/mail/meeting-notice-mail.ts';
import { REVIEW_PREVIOUS_DECISIONS_TOPIC } from '../../../functions/src/domain/meetings/meeting-series.ts';

const meeting = {
  id: 'M-2',
  type: 'weeklySop',
  title: 'Weekly S&OP',
  start: '2027-03-22T09:00:00+08:00',
  end: '2027-03-22T10:30:00+08:00',
  host: { email: 'wang@x.cn', name: 'Wang' },
};
const carried = [{ id: 'AC-1', text: '发送价格表', owner: 'li@x.cn', due: '2027-03-20' }];

describe('meeting notice: open actions carried over under the review item (seed 002)', () => {
  it('lists each open action right under "Review of previous decisions", in both text and HTML', () => {
    const mail = renderMeetingNoticeMail({
      variant: 'notice',
      meeting,
      agenda: [
        { id: 'AG-2', order: 2, topic: 'Pricing' },
        { id: 'AG-1', order: 1, topic: REVIEW_PREVIOUS_DECISIONS_TOPIC, carriedOver: carried },
      ],
      recipientName: 'Li',
      zone: 'Asia/Shanghai',
      languages: { primary: 'zh' },
    });
    const lines = mail.text.split('\n');
    const review = lines.findIndex((l) => l.startsWith('1. Review of previous decisions'));
    expect(lines[review + 1]).toBe('　- AC-1 发送价格表 (li@x.cn,截止 2027-03-20)');
    expect(lines[review + 2]).toMatch(/^2\. Pricing/u);
    expect(mail.html).toContain('AC-1 发送价格表');
  });

  it('shows nothing extra when no action is open', () => {
    const mail = renderMeetingNoticeMail({
      variant: 'notice',
      meeting,
      agenda: [{ id: 'AG-1', order: 1, topic: REVIEW_PREVIOUS_DECISIONS_TOPIC }],
      recipientName: 'Li',
      zone: 'Asia/Shanghai',
      languages: { primary: 'en' },
    });
    expect(mail.text).not.toContain('　- ');
  });
});
