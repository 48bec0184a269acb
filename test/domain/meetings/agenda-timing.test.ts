import { describe, expect, it } from 'vitest';
import { type AgendaTimingItem, checkAgendaTiming } from '../../../functions/src/domain/meetings/agenda-timing.ts';
import { formatMessage } from '../../../functions/src/domain/messages.ts';

const MEETING = { start: '2026-12-04T14:00:00+08:00', end: '2026-12-04T16:00:00+08:00' }; // 120 minutes

const item = (order: number, minutesAllotted?: number, materialDue?: string): AgendaTimingItem => ({
  order,
  topic: `Topic ${order}`,
  ...(minutesAllotted !== undefined ? { minutesAllotted } : {}),
  ...(materialDue !== undefined ? { materialDue } : {}),
});

describe('checkAgendaTiming', () => {
  const cases = [
    { name: 'an agenda that fits exactly has no problem', items: [item(1, 60), item(2, 60)], codes: [] },
    { name: 'items without minutes count as zero', items: [item(1, 90), item(2)], codes: [] },
    {
      name: 'one minute over the meeting is over time',
      items: [item(1, 60), item(2, 61)],
      codes: ['AGENDA_OVER_TIME'],
    },
    {
      name: 'duplicate order numbers',
      items: [item(1, 10), item(2, 10), item(2, 10)],
      codes: ['AGENDA_ORDER_DUPLICATE'],
    },
    { name: 'material due before the start is fine', items: [item(1, 10, '2026-12-03T18:00:00+08:00')], codes: [] },
    {
      name: 'material due exactly at the start is accepted',
      items: [item(1, 10, '2026-12-04T14:00:00+08:00')],
      codes: [],
    },
    {
      name: 'material due after the start',
      items: [item(1, 10, '2026-12-04T14:30:00+08:00')],
      codes: ['MATERIAL_DUE_AFTER_START'],
    },
    { name: 'an empty agenda has no problem', items: [], codes: [] },
  ];
  it.each(cases)('$name', ({ items, codes }) => {
    expect(checkAgendaTiming(MEETING, items).map((p) => p.code)).toEqual(codes);
  });

  it('reports both totals when the agenda runs over, on the last item', () => {
    const [problem] = checkAgendaTiming(MEETING, [item(2, 90), item(1, 60)]);
    expect(problem).toMatchObject({ code: 'AGENDA_OVER_TIME', order: 2, params: { allotted: 150, available: 120 } });
    expect(formatMessage('AGENDA_OVER_TIME', problem!.params, 'en')).toContain(
      '150 minutes but the meeting lasts 120 minutes',
    );
    expect(formatMessage('AGENDA_OVER_TIME', problem!.params, 'zh')).toContain('合计 150 分钟,超过会议时长 120 分钟');
  });

  it('names the item that first used a duplicate order number', () => {
    const [problem] = checkAgendaTiming(MEETING, [
      { order: 3, topic: '库存' },
      { order: 3, topic: 'Promotions' },
    ]);
    expect(problem).toMatchObject({
      code: 'AGENDA_ORDER_DUPLICATE',
      column: 'order',
      order: 3,
      params: { value: 3, otherValue: '库存' },
    });
  });

  it('shows a late material deadline in the meeting’s zone beside the start', () => {
    const [problem] = checkAgendaTiming(MEETING, [item(1, 10, '2026-12-04T07:00:00Z')]);
    expect(problem?.params).toMatchObject({ value: '2026-12-04 15:00', otherValue: '2026-12-04 14:00' });
  });
});
