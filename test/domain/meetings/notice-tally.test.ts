import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type NoticeState, tallyNotices } from '../../../functions/src/domain/meetings/notice-tally.ts';

const PRESSED = DateTime.fromISO('2027-03-09T10:00', { zone: 'Asia/Shanghai' });
const sentAt = (minutes: number): NoticeState => ({ state: 'sent', sentAt: PRESSED.plus({ minutes }) });
const STATES = new Map<string, NoticeState>([
  ['sent-now', sentAt(1)],
  ['sent-at-press', sentAt(0)],
  ['sent-before', sentAt(-60)],
  ['failed', { state: 'failed', sentAt: null }],
  ['pending', { state: 'pending', sentAt: null }],
  ['sending', { state: 'sending', sentAt: null }],
]);

describe('tallyNotices: what one "Send notice now" press reports', () => {
  it.each([
    {
      case: 'sent since the press (or at it) counts as sent',
      ids: ['sent-now', 'sent-at-press'],
      retrying: 0,
      tally: { sent: 2, alreadySent: 0, failed: 0, retrying: 0, later: 0 },
    },
    {
      case: 'sent before the press counts as already sent',
      ids: ['sent-before'],
      retrying: 0,
      tally: { sent: 0, alreadySent: 1, failed: 0, retrying: 0, later: 0 },
    },
    {
      case: 'given up on counts as failed',
      ids: ['failed'],
      retrying: 0,
      tally: { sent: 0, alreadySent: 0, failed: 1, retrying: 0, later: 0 },
    },
    {
      case: 'pending, sending or missing go later',
      ids: ['pending', 'sending', 'missing'],
      retrying: 0,
      tally: { sent: 0, alreadySent: 0, failed: 0, retrying: 0, later: 3 },
    },
    {
      case: 'retrying is taken from the waiting ones',
      ids: ['pending', 'sending', 'sent-now'],
      retrying: 1,
      tally: { sent: 1, alreadySent: 0, failed: 0, retrying: 1, later: 1 },
    },
    {
      case: 'retrying never exceeds the waiting ones',
      ids: ['pending', 'sent-now'],
      retrying: 3,
      tally: { sent: 1, alreadySent: 0, failed: 0, retrying: 1, later: 0 },
    },
  ])('$case', ({ ids, retrying, tally }) => {
    expect(tallyNotices(ids, STATES, PRESSED, retrying)).toEqual(tally);
  });
});
