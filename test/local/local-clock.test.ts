import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { LocalClock, toInstant } from '../../local/local-clock.ts';

const ZONE = 'Asia/Shanghai';

/** A machine clock the test moves by hand: the LocalClock under test never sees real time. */
function machine(startMs: number) {
  let ms = startMs;
  return { now: () => ms, pass: (minutes: number) => (ms += minutes * 60_000) };
}

describe('LocalClock', () => {
  it("starts at the pinned instant whatever the machine says, and runs on at the machine's pace", () => {
    const m = machine(Date.UTC(2026, 11, 6, 14, 50)); // Sunday 22:50 in Shanghai
    const clock = new LocalClock(ZONE, { start: '2027-03-09T09:00', realNow: m.now });
    expect(clock.now().toISO()).toBe('2027-03-09T09:00:00.000+08:00');
    m.pass(90);
    expect(clock.now().toFormat('yyyy-MM-dd HH:mm')).toBe('2027-03-09 10:30');
  });

  it('is set to any instant, forward and back, and moved by minutes either way', () => {
    const m = machine(Date.UTC(2027, 2, 9, 1, 0));
    const clock = new LocalClock(ZONE, { realNow: m.now });
    expect(clock.describe().offsetMinutes).toBe(0);
    clock.set('2027-01-01T07:30');
    expect(clock.now().toFormat('yyyy-MM-dd HH:mm ccc')).toBe('2027-01-01 07:30 Fri');
    clock.set(DateTime.fromISO('2026-12-06T22:50', { zone: ZONE }));
    expect(clock.now().toFormat('yyyy-MM-dd HH:mm')).toBe('2026-12-06 22:50');
    clock.advance(-50);
    expect(clock.now().toFormat('HH:mm')).toBe('22:00');
    clock.advance(24 * 60);
    expect(clock.now().toFormat('yyyy-MM-dd HH:mm')).toBe('2026-12-07 22:00');
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance(367 * 24 * 60)).toThrow(RangeError);
    expect(() => clock.set('not a date')).toThrow(RangeError);
    expect(clock.now().toFormat('yyyy-MM-dd HH:mm')).toBe('2026-12-07 22:00');
  });

  it("reset goes back to the machine's time; the offset is what a restart restores", () => {
    const m = machine(Date.UTC(2027, 2, 9, 1, 0));
    const clock = new LocalClock(ZONE, { realNow: m.now });
    clock.advance(24 * 60);
    expect(clock.describe().offsetMinutes).toBe(24 * 60);
    const restarted = new LocalClock(ZONE, { offsetMs: clock.offsetMs(), realNow: m.now });
    expect(restarted.now().toMillis()).toBe(clock.now().toMillis());
    clock.reset();
    expect(clock.now().toMillis()).toBe(m.now());
    expect(clock.describe()).toEqual({ now: '2027-03-09T09:00:00.000+08:00', offsetMinutes: 0, zone: ZONE });
  });

  it('reads wall time without an offset in the workbook zone, and keeps the instant of text with one', () => {
    expect(toInstant('2027-03-28T01:30', 'Europe/Berlin').toISO()).toBe('2027-03-28T01:30:00.000+01:00');
    expect(toInstant('2027-03-28T01:30:00Z', ZONE).toISO()).toBe('2027-03-28T09:30:00.000+08:00');
    expect(toInstant(0, ZONE).toISO()).toBe('1970-01-01T08:00:00.000+08:00');
  });
});
