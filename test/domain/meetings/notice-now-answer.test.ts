import { describe, expect, it } from 'vitest';
import { describeNoticeNow } from '../../../functions/src/domain/meetings/notice-now-answer.ts';

const base = { title: '月度总结会', zone: 'Asia/Shanghai', alreadySent: 0, later: 0, retrying: 0, failed: 0 };

describe('describeNoticeNow', () => {
  it.each([
    {
      name: 'all sent',
      facts: { recipients: 3, sent: 3 },
      en: 'was sent to 3 of 3 people now',
      zh: '已发给 3 人中的 3 人',
    },
    {
      name: 'some retried later',
      facts: { recipients: 3, sent: 1, retrying: 2 },
      en: '2 could not be sent yet and will be retried',
      zh: '2 封暂未发出,将自动重试',
    },
    {
      name: 'a newcomer only',
      facts: { recipients: 3, sent: 1, alreadySent: 2 },
      en: '2 already had it',
      zh: '另有 2 人此前已收到',
    },
    {
      name: 'nothing new',
      facts: { recipients: 3, sent: 0, alreadySent: 3 },
      en: 'already has the current notice',
      zh: '都已收到当前版本的通知',
    },
    {
      name: 'held by quiet hours',
      facts: { recipients: 2, sent: 0, later: 2, sendsAt: '2026-11-29T07:00:00+08:00' },
      en: 'for 2 people is queued and goes out at 2026-11-29 07:00',
      zh: '(2 人)已排队,将在免打扰时段结束后于 2026-11-29 07:00 发出',
    },
    {
      name: 'a big roster: some now, the rest with the next run',
      facts: { recipients: 300, sent: 25, later: 275 },
      en: 'sent to 25 of 300 people now, with a calendar invitation. 275 more go out with the next scheduled run',
      zh: '已发给 300 人中的 25 人,附日历邀请。其余 275 人的通知将在下一次定时发送时发出',
    },
    {
      name: 'the rest of a big roster on a second press',
      facts: { recipients: 300, sent: 25, later: 250, alreadySent: 25 },
      en:
        '250 more go out with the next scheduled run (normally within 15 minutes; see the Outbox tab). 25 already ' +
        'had it.',
      zh: '其余 250 人的通知将在下一次定时发送时发出(通常在 15 分钟内,见“发送记录”表)。另有 25 人此前已收到。',
    },
    {
      name: 'a failed address',
      facts: { recipients: 2, sent: 1, failed: 1 },
      en: '1 could not be delivered',
      zh: '1 封无法投递',
    },
  ])('$name', ({ facts, en, zh }) => {
    const message = describeNoticeNow({ ...base, ...facts });
    expect(message.en).toContain(en);
    expect(message.zh).toContain(zh);
    expect(message.en).toContain(base.title);
    expect(message.zh).toContain(base.title);
  });

  it('says nothing about a next run when everything went now', () => {
    const message = describeNoticeNow({ ...base, recipients: 3, sent: 3 });
    expect(message.en).not.toMatch(/next scheduled run|retried/u);
    expect(message.zh).not.toMatch(/下一次定时发送|重试/u);
  });
});
