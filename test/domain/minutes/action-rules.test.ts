import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { actionOverdueDays, overdueDaysCell } from '../../../functions/src/domain/minutes/action-rules.ts';

const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';

describe('actionOverdueDays: whole calendar days after the due date in the workbook zone', () => {
  it.each([
    { name: 'due today is not overdue', due: '2027-03-09', now: '2027-03-09T23:59', zone: SHANGHAI, days: 0 },
    {
      name: 'due yesterday is 1 day overdue from midnight',
      due: '2027-03-08',
      now: '2027-03-09T00:00',
      zone: SHANGHAI,
      days: 1,
    },
    { name: 'a week late', due: '2027-03-02', now: '2027-03-09T09:00', zone: SHANGHAI, days: 7 },
    { name: 'due in the future', due: '2027-03-20', now: '2027-03-09T09:00', zone: SHANGHAI, days: 0 },
    // 2027-03-28 is 23 hours long in Berlin; it still counts as one day.
    { name: 'across the spring-forward night', due: '2027-03-27', now: '2027-03-29T00:30', zone: BERLIN, days: 2 },
    { name: 'across the fall-back night', due: '2027-10-30', now: '2027-11-01T00:10', zone: BERLIN, days: 2 },
    // Holidays count like any day: the due date was a promise about a date.
    { name: 'over New Year (a holiday)', due: '2026-12-31', now: '2027-01-04T09:00', zone: SHANGHAI, days: 4 },
  ])('$name', ({ due, now, zone, days }) => {
    const at = DateTime.fromISO(now, { zone });
    expect(actionOverdueDays({ due, state: 'open' }, at, zone)).toBe(days);
  });

  it('is counted in the workbook zone, not the instant’s own zone', () => {
    // 2027-03-09 01:00 in Shanghai is still 2027-03-08 in UTC.
    const now = DateTime.fromISO('2027-03-08T17:00:00Z', { zone: 'UTC' });
    expect(actionOverdueDays({ due: '2027-03-08' }, now, SHANGHAI)).toBe(1);
    expect(actionOverdueDays({ due: '2027-03-08' }, now, 'UTC')).toBe(0);
  });

  it.each(['done', 'cancelled'])('a %s action is never overdue', (state) => {
    const now = DateTime.fromISO('2027-03-09T09:00', { zone: SHANGHAI });
    expect(actionOverdueDays({ due: '2027-03-01', state }, now, SHANGHAI)).toBe(0);
  });

  it.each(['inProgress', 'blocked', undefined])('an open action (state %s) counts', (state) => {
    const now = DateTime.fromISO('2027-03-09T09:00', { zone: SHANGHAI });
    expect(actionOverdueDays({ due: '2027-03-01', ...(state ? { state } : {}) }, now, SHANGHAI)).toBe(8);
  });

  it('the cell is blank unless overdue', () => {
    const now = DateTime.fromISO('2027-03-09T09:00', { zone: SHANGHAI });
    expect(overdueDaysCell({ due: '2027-03-06' }, now, SHANGHAI)).toBe('3');
    expect(overdueDaysCell({ due: '2027-03-09' }, now, SHANGHAI)).toBe('');
    expect(overdueDaysCell({ due: '2027-03-06', state: 'done' }, now, SHANGHAI)).toBe('');
    expect(overdueDaysCell({ due: 'soon' }, now, SHANGHAI)).toBe('');
  });
});
