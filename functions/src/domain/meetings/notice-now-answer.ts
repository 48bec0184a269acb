// What "Send notice now" tells the person who pressed it, in both languages. The counts come from the outbox
// after the request, so the answer is true however the notices got there: sent now, sent earlier, still
// waiting for the next scheduled run (the request sends only a bounded number itself), or held by quiet hours.
import { DateTime } from 'luxon';

export interface NoticeNowFacts {
  title: string;
  /** Notices for the current version (one per active roster member). */
  recipients: number;
  /** Sent before this request: those people already had the notice. */
  alreadySent: number;
  /** Delivered by this request. */
  sent: number;
  /** Waiting for the next scheduled run: beyond what one request sends, or held by quiet hours (sendsAt). */
  later: number;
  /** Tried now without success; the outbox tries them again. */
  retrying: number;
  /** Given up on (e.g. an address that does not exist); the Outbox tab says why. */
  failed: number;
  /** ISO instant when quiet hours hold the notices back. */
  sendsAt?: string;
  zone: string;
}

export function describeNoticeNow(facts: NoticeNowFacts): { en: string; zh: string } {
  const already = facts.alreadySent;
  if (already >= facts.recipients) {
    return {
      en:
        `Everyone on the roster of "${facts.title}" (${facts.recipients}) already has the current notice; nothing ` +
        'was sent again.',
      zh: `“${facts.title}”参会名单上的 ${facts.recipients} 人都已收到当前版本的通知,未重复发送。`,
    };
  }
  const alreadyEn = already > 0 ? ` ${already} already had it.` : '';
  const alreadyZh = already > 0 ? `另有 ${already} 人此前已收到。` : '';
  if (facts.sendsAt && facts.sent === 0) {
    const at = DateTime.fromISO(facts.sendsAt, { zone: facts.zone }).toFormat('yyyy-MM-dd HH:mm');
    return {
      en:
        `The notice of "${facts.title}" for ${facts.later} people is queued and goes out at ${at}, when quiet ` +
        `hours end.${alreadyEn}`,
      zh: `“${facts.title}”的会议通知(${facts.later} 人)已排队,将在免打扰时段结束后于 ${at} 发出。${alreadyZh}`,
    };
  }
  const laterEn =
    facts.later > 0
      ? ` ${facts.later} more go out with the next scheduled run (normally within 15 minutes; see the Outbox tab).`
      : '';
  const laterZh =
    facts.later > 0 ? `其余 ${facts.later} 人的通知将在下一次定时发送时发出(通常在 15 分钟内,见“发送记录”表)。` : '';
  const retryingEn =
    facts.retrying > 0
      ? ` ${facts.retrying} could not be sent yet and will be retried automatically (see the Outbox tab).`
      : '';
  const retryingZh = facts.retrying > 0 ? `${facts.retrying} 封暂未发出,将自动重试(见“发送记录”表)。` : '';
  const failedEn = facts.failed > 0 ? ` ${facts.failed} could not be delivered (the Outbox tab says why).` : '';
  const failedZh = facts.failed > 0 ? `${facts.failed} 封无法投递(原因见“发送记录”表)。` : '';
  return {
    en:
      `The notice of "${facts.title}" was sent to ${facts.sent} of ${facts.recipients} people now, with a ` +
      `calendar invitation.${laterEn}${retryingEn}${failedEn}${alreadyEn}`,
    zh:
      `“${facts.title}”的会议通知已发给 ${facts.recipients} 人中的 ${facts.sent} 人,附日历邀请。` +
      `${laterZh}${retryingZh}${failedZh}${alreadyZh}`,
  };
}
