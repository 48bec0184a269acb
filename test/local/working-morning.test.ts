// The clock control's "next working morning" follows the workbook's calendar, as the digest does.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseNotificationSettings } from '../../functions/src/domain/mail/notification-settings.ts';
import { nextWorkingMorning } from '../../local/working-morning.ts';

const ZONE = 'Asia/Shanghai';
/** The demo workbook's Settings: New Year and Spring Festival off, Sunday 2027-02-14 a make-up working day. */
const DEMO = parseNotificationSettings({
  timeZone: ZONE,
  holidays: ['2027-01-01', '2027-02-06'],
  extraWorkingDays: ['2027-02-14'],
});

const morningAfter = (iso: string, settings = DEMO) =>
  nextWorkingMorning(DateTime.fromISO(iso, { zone: settings.timeZone }), settings)?.toFormat('yyyy-MM-dd ccc HH:mm ZZ');

describe('nextWorkingMorning', () => {
  it("is today's when the digest time is still ahead, else the next working day's", () => {
    expect(morningAfter('2026-12-15T06:30')).toBe('2026-12-15 Tue 08:05 +08:00');
    expect(morningAfter('2026-12-15T10:00')).toBe('2026-12-16 Wed 08:05 +08:00');
    expect(morningAfter('2026-12-15T08:05')).toBe('2026-12-16 Wed 08:05 +08:00');
  });

  it("skips weekends and the Settings tab's holidays", () => {
    expect(morningAfter('2026-12-06T22:50')).toBe('2026-12-07 Mon 08:05 +08:00');
    expect(morningAfter('2026-12-31T09:00')).toBe('2027-01-04 Mon 08:05 +08:00');
    expect(morningAfter('2027-01-01T07:30')).toBe('2027-01-04 Mon 08:05 +08:00');
  });

  it('stops on a make-up working day, even a Sunday', () => {
    expect(morningAfter('2027-02-13T10:00')).toBe('2027-02-14 Sun 08:05 +08:00');
  });

  it('follows the digest time the Settings tab sets', () => {
    expect(morningAfter('2026-12-15T06:30', { ...DEMO, digestTime: '09:30' })).toBe('2026-12-15 Tue 09:35 +08:00');
  });

  it('lands on the right instant across a daylight-saving change', () => {
    const berlin = parseNotificationSettings({ timeZone: 'Europe/Berlin' });
    expect(morningAfter('2027-03-27T01:30', berlin)).toBe('2027-03-29 Mon 08:05 +02:00');
    // A digest time that does not exist on the spring-forward night moves on with the clocks.
    const everyDay = { ...berlin, workingDays: [1, 2, 3, 4, 5, 6, 7], digestTime: '02:30' };
    expect(morningAfter('2027-03-28T01:30', everyDay)).toBe('2027-03-28 Sun 03:35 +02:00');
  });
});
