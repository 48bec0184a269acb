// Escalation of overdue actions (seed 002: the organisers follow decisions up "直至问题得到彻底解决"; issue 14):
// an open action overdue `escalateAfterDays` days (Settings tab, 3 by default) is listed in the owner's manager's
// daily digest under its own heading, and every overdue action of a meeting is listed for that meeting's host.
// The owner keeps getting it in their own digest as before; these are extra readers, not a hand-over.
//
// Decisions:
// - Counted in whole calendar days in the workbook zone (action-rules.ts), so "3 days" means the same in every
//   digest of the day whatever the hour of the tick.
// - The host sees an action as soon as it is overdue (the host runs the review at the next meeting and needs the
//   whole list); the manager only after the threshold (a day late is the owner's business, a week is the team's).
// - Nobody gets an action twice: not the owner as their own manager or host (it is in their own section), and a
//   host who is also the owner's manager sees it once, under the team heading.
import type { DateTime } from 'luxon';
import type { Localized } from '../messages.ts';
import { actionOverdueDays } from '../minutes/action-rules.ts';
import type { DueItem } from './due-items.ts';

export interface OverdueActionFacts {
  /** Action record ID (without the collection). */
  id: string;
  text: string;
  owner: string;
  /** ISO date. */
  due: string;
  state?: string;
  sourceMeeting?: string;
}

export interface EscalationContext {
  /** Lower-case owner e-mail → their People "Manager" (lower case), when they have one. */
  managers: ReadonlyMap<string, string>;
  /** Meeting ID → its host's e-mail (lower case). */
  hosts: ReadonlyMap<string, string>;
  /** Lower-case e-mail → display name, for the owner named in each row. */
  names: ReadonlyMap<string, string>;
}

export interface ActionEscalations {
  /** Items for managers: their reports' actions overdue at least the threshold. */
  team: DueItem[];
  /** Items for hosts: overdue actions decided at meetings they host. */
  hosted: DueItem[];
}

const lower = (email: string) => email.trim().toLowerCase();

function ownerDetail(owner: string, days: number, names: ReadonlyMap<string, string>): Localized {
  const name = names.get(owner) ?? owner;
  return { zh: `负责人:${name},逾期 ${days} 天`, en: `Owner: ${name}, ${days} day${days === 1 ? '' : 's'} overdue` };
}

/** The escalation items of `actions` at `now`; actions not overdue, closed or unreadable give none. */
export function planActionEscalations(
  actions: readonly OverdueActionFacts[],
  context: EscalationContext,
  settings: { timeZone: string; escalateAfterDays: number },
  now: DateTime,
): ActionEscalations {
  const team: DueItem[] = [];
  const hosted: DueItem[] = [];
  for (const action of actions) {
    const days = actionOverdueDays(action, now, settings.timeZone);
    if (days <= 0) continue;
    const owner = lower(action.owner);
    const item = (recipient: string): DueItem => ({
      kind: 'action',
      recordId: `actions/${action.id}`,
      recipient,
      title: action.text,
      dueAt: action.due,
      allDay: true,
      detail: ownerDetail(owner, days, context.names),
    });
    const manager = context.managers.get(owner);
    const escalated = manager !== undefined && manager !== owner && days >= settings.escalateAfterDays;
    if (escalated) team.push(item(manager));
    const host = action.sourceMeeting ? context.hosts.get(action.sourceMeeting) : undefined;
    if (host !== undefined && host !== owner && !(escalated && host === manager)) hosted.push(item(host));
  }
  return { team, hosted };
}
