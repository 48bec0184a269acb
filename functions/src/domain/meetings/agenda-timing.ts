// Checks an agenda against its meeting as a whole: things no single Agenda row can know about itself.
// Seed 002 asks for meetings that keep to time and materials attendees receive before the meeting.
//
// Decisions:
// - Items without minutes allotted count as 0: the agenda may be filled in gradually, and nagging about an
//   empty cell would hide the real problem (the filled-in items already overrun the meeting).
// - Over time is one problem for the whole agenda, reported on the last item's order column, with both
//   totals so the reader can see by how much.
// - A duplicate order number is reported on every item after the first that uses it, naming the first.
import { DateTime } from 'luxon';
import type { ErrorCode } from '../errors.ts';
import type { MessageParams } from '../messages.ts';

export interface AgendaProblem {
  code: Extract<ErrorCode, 'AGENDA_OVER_TIME' | 'AGENDA_ORDER_DUPLICATE' | 'MATERIAL_DUE_AFTER_START'>;
  /** Agenda column the problem is shown next to. */
  column: 'order' | 'minutesAllotted' | 'materialDue';
  /** The order number of the item it is about. */
  order: number;
  params: MessageParams;
}

export interface AgendaTimingItem {
  order: number;
  topic: string;
  minutesAllotted?: number;
  /** ISO instant. */
  materialDue?: string;
}

const COLUMN = {
  order: { en: 'Order', zh: '序号' },
  materialDue: { en: 'Material due', zh: '材料截止时间' },
} as const;

function display(at: DateTime): string {
  return at.toFormat('yyyy-MM-dd HH:mm');
}

export function checkAgendaTiming(
  meeting: { start: string; end: string },
  items: readonly AgendaTimingItem[],
): AgendaProblem[] {
  const problems: AgendaProblem[] = [];
  const start = DateTime.fromISO(meeting.start, { setZone: true });
  const end = DateTime.fromISO(meeting.end, { setZone: true });
  const sorted = [...items].sort((a, b) => a.order - b.order);

  const firstTopicByOrder = new Map<number, string>();
  for (const item of items) {
    const first = firstTopicByOrder.get(item.order);
    if (first === undefined) {
      firstTopicByOrder.set(item.order, item.topic);
      continue;
    }
    problems.push({
      code: 'AGENDA_ORDER_DUPLICATE',
      column: 'order',
      order: item.order,
      params: { column: COLUMN.order, value: item.order, otherValue: first },
    });
  }

  if (start.isValid && end.isValid) {
    const available = Math.round(end.diff(start, 'minutes').minutes);
    const allotted = items.reduce((sum, item) => sum + (item.minutesAllotted ?? 0), 0);
    if (available > 0 && allotted > available) {
      problems.push({
        code: 'AGENDA_OVER_TIME',
        column: 'minutesAllotted',
        order: sorted.at(-1)!.order,
        params: { allotted, available },
      });
    }
  }

  if (start.isValid) {
    for (const item of sorted) {
      if (item.materialDue === undefined) continue;
      // Shown in the meeting's own offset so both times read in one zone.
      const due = DateTime.fromISO(item.materialDue, { setZone: true });
      if (!due.isValid || due.toMillis() <= start.toMillis()) continue;
      problems.push({
        code: 'MATERIAL_DUE_AFTER_START',
        column: 'materialDue',
        order: item.order,
        params: { column: COLUMN.materialDue, value: display(due.setZone(start.zone)), otherValue: display(start) },
      });
    }
  }
  return problems;
}
