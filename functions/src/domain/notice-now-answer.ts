// What "Send notice now" tells the person who pressed it, in both languages.
import { DateTime } from 'luxon';

export interface NoticeNowFacts {
  title: string;
  /** Notices for the current version (one per active roster member). */
  recipients: number;
  /** Queued by this request; the others already had the notice. */
  queued: number;
  sent: number;
  /** ISO instant when quiet hours hold the notices back. */
  sendsAt?: string;
  zone: string;
}

export function describeNoticeNow(facts: NoticeNowFacts): { en: string; zh: string } {
  const already = facts.recipients - facts.queued;
  if (facts.queued === 0) {
    return {
      en: `Everyone on the roster of "${facts.title}" (${facts.recipients}) already has the current notice; nothing was sent again.`,
      zh: `“${facts.title}”参会名单上的 ${facts.recipients} 人都已收到当前版本的通知,未重复发送。`,
    };
  }
  const alreadyEn = already > 0 ? ` ${already} already had it.` : '';
  const alreadyZh = already > 0 ? `另有 ${already} 人此前已收到。` : '';
  if (facts.sendsAt) {
    const at = DateTime.fromISO(facts.sendsAt, { zone: facts.zone }).toFormat('yyyy-MM-dd HH:mm');
    return {
      en: `The notice of "${facts.title}" for ${facts.queued} people is queued and goes out at ${at}, when quiet hours end.${alreadyEn}`,
      zh: `“${facts.title}”的会议通知(${facts.queued} 人)已排队,将在免打扰时段结束后于 ${at} 发出。${alreadyZh}`,
    };
  }
  const pending = facts.queued - facts.sent;
  const pendingEn = pending > 0 ? ` ${pending} will be retried shortly (see the Outbox tab).` : '';
  const pendingZh = pending > 0 ? `${pending} 封稍后自动重试(见“发送记录”表)。` : '';
  return {
    en: `The notice of "${facts.title}" was sent to ${facts.sent} of ${facts.queued} people, with a calendar invitation.${pendingEn}${alreadyEn}`,
    zh: `“${facts.title}”的会议通知已发给 ${facts.queued} 人中的 ${facts.sent} 人,附日历邀请。${pendingZh}${alreadyZh}`,
  };
}
