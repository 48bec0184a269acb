import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { planActionEscalations } from '../../../functions/src/domain/mail/action-escalation.ts';

const ZONE = 'Asia/Shanghai';
const NOW = DateTime.fromISO('2027-03-09T08:05', { zone: ZONE });
const context = {
  managers: new Map([
    ['rep@x.cn', 'boss@x.cn'],
    ['boss@x.cn', 'boss@x.cn'],
  ]),
  hosts: new Map([
    ['M-1', 'host@x.cn'],
    ['M-2', 'boss@x.cn'],
    ['M-3', 'rep@x.cn'],
  ]),
  names: new Map([['rep@x.cn', 'Rep']]),
};
const settings = { timeZone: ZONE, escalateAfterDays: 3 };
const action = (id: string, due: string, extra: object = {}) => ({
  id,
  text: `task ${id}`,
  owner: 'rep@x.cn',
  due,
  sourceMeeting: 'M-1',
  ...extra,
});
const to = (items: Array<{ recipient: string; recordId: string }>) => items.map((i) => `${i.recipient} ${i.recordId}`);

describe('planActionEscalations', () => {
  it.each([
    { overdue: 1, manager: false },
    { overdue: 2, manager: false },
    { overdue: 3, manager: true },
    { overdue: 10, manager: true },
  ])(
    '$overdue days overdue reaches the manager: $manager (threshold 3); the host sees it at once',
    ({ overdue, manager }) => {
      const due = NOW.minus({ days: overdue }).toISODate()!;
      const plan = planActionEscalations([action('A', due)], context, settings, NOW);
      expect(to(plan.team)).toEqual(manager ? ['boss@x.cn actions/A'] : []);
      expect(to(plan.hosted)).toEqual(['host@x.cn actions/A']);
    },
  );

  it('follows the Settings threshold', () => {
    const due = NOW.minus({ days: 1 }).toISODate()!;
    expect(
      planActionEscalations([action('A', due)], context, { ...settings, escalateAfterDays: 1 }, NOW).team,
    ).toHaveLength(1);
  });

  it('leaves out actions not yet overdue, done or cancelled', () => {
    const plan = planActionEscalations(
      [
        action('A', '2027-03-09'),
        action('B', '2027-03-01', { state: 'done' }),
        action('C', '2027-03-01', { state: 'cancelled' }),
      ],
      context,
      settings,
      NOW,
    );
    expect(plan).toEqual({ team: [], hosted: [] });
  });

  it('never sends anyone an action twice: not the owner, and a host who is the manager once', () => {
    const plan = planActionEscalations(
      [
        action('A', '2027-03-01', { sourceMeeting: 'M-2' }), // host is the owner's manager
        action('B', '2027-03-01', { sourceMeeting: 'M-3' }), // host is the owner
        action('C', '2027-03-01', { owner: 'boss@x.cn', sourceMeeting: 'M-2' }), // own manager, own host
      ],
      context,
      settings,
      NOW,
    );
    expect(to(plan.team)).toEqual(['boss@x.cn actions/A', 'boss@x.cn actions/B']);
    expect(to(plan.hosted)).toEqual([]);
  });

  it('names the owner and the days overdue in both languages', () => {
    const [item] = planActionEscalations([action('A', '2027-03-04')], context, settings, NOW).team;
    expect(item!.detail).toEqual({ zh: '负责人:Rep,逾期 5 天', en: 'Owner: Rep, 5 days overdue' });
    expect(item).toMatchObject({ title: 'task A', dueAt: '2027-03-04', allDay: true, kind: 'action' });
  });
});
