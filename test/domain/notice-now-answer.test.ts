import { describe, expect, it } from 'vitest';
import { describeNoticeNow } from '../../functions/src/domain/notice-now-answer.ts';

const base = { title: '月度总结会', zone: 'Asia/Shanghai' };

describe('describeNoticeNow', () => {
  it.each([
    { name: 'all sent', facts: { recipients: 3, queued: 3, sent: 3 }, en: 'was sent to 3 of 3 people', zh: '已发给 3 人中的 3 人' },
    { name: 'some retried later', facts: { recipients: 3, queued: 3, sent: 1 }, en: '2 will be retried shortly', zh: '2 封稍后自动重试' },
    { name: 'a newcomer only', facts: { recipients: 3, queued: 1, sent: 1 }, en: '2 already had it', zh: '另有 2 人此前已收到' },
    { name: 'nothing new', facts: { recipients: 3, queued: 0, sent: 0 }, en: 'already has the current notice', zh: '都已收到当前版本的通知' },
    { name: 'held by quiet hours', facts: { recipients: 2, queued: 2, sent: 0, sendsAt: '2026-11-29T07:00:00+08:00' }, en: 'goes out at 2026-11-29 07:00', zh: '于 2026-11-29 07:00 发出' },
  ])('$name', ({ facts, en, zh }) => {
    const message = describeNoticeNow({ ...base, ...facts });
    expect(message.en).toContain(en);
    expect(message.zh).toContain(zh);
    expect(message.en).toContain(base.title);
    expect(message.zh).toContain(base.title);
  });
});
