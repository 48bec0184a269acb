import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  REVIEW_PREVIOUS_DECISIONS_TOPIC,
  planSeriesOccurrences,
} from '../../../functions/src/domain/meetings/meeting-series.ts';
import { looksLikeRecordId } from '../../../functions/src/domain/workbook/record-ids.ts';
import {
  type MeetingRecordView,
  meetingOccurrenceRow,
  occurrenceClaimId,
  occurrenceIds,
  reviewItemRow,
  rosterAdditions,
  rosterRows,
  seriesTemplates,
  waitingOccurrenceStep,
  wallClockText,
} from '../../../functions/src/domain/meetings/series-rows.ts';

const ZONE = 'Asia/Shanghai';

function meeting(id: string, data: Record<string, unknown>): MeetingRecordView {
  return {
    id,
    data: {
      type: 'weeklySop',
      title: 'Weekly S&OP',
      start: '2026-11-30T09:00:00+08:00',
      end: '2026-11-30T10:30:00+08:00',
      ...data,
    },
  };
}

describe('seriesTemplates', () => {
  it('reads the rule, the duration from start and end, and the template fields', () => {
    const [template] = seriesTemplates(
      [
        meeting('M-1', {
          series: 'SOP',
          recurrence: 'weekly Mon 09:00',
          venue: 'Room 301',
          host: 'wang@x.cn',
          recorder: 'zhao@x.cn',
        }),
      ],
      ZONE,
    );
    expect(template).toMatchObject({
      templateId: 'M-1',
      series: {
        key: 'SOP',
        durationMinutes: 90,
        type: 'weeklySop',
        title: 'Weekly S&OP',
        venue: 'Room 301',
        host: 'wang@x.cn',
        recorder: 'zhao@x.cn',
      },
    });
    expect(template!.series.rule).toEqual({ kind: 'weekly', intervalWeeks: 1, weekday: 1, time: '09:00' });
  });

  it.each([
    { name: 'a rule with an end time sets the length', data: { recurrence: '每周一 09:00-11:00' }, minutes: 120 },
    { name: 'otherwise the template row does', data: { recurrence: '每周一 09:00' }, minutes: 90 },
  ])('$name', ({ data, minutes }) => {
    expect(seriesTemplates([meeting('M-1', data)], ZONE)[0]!.series.durationMinutes).toBe(minutes);
  });

  it.each([
    { name: 'no recurrence', data: { recurrence: '' } },
    { name: 'an unreadable recurrence', data: { recurrence: 'sometimes' } },
    {
      name: 'a template that ends before it starts',
      data: { recurrence: 'weekly Mon 09:00', end: '2026-11-30T08:00:00+08:00' },
    },
  ])('skips $name', ({ data }) => {
    expect(seriesTemplates([meeting('M-1', data)], ZONE)).toEqual([]);
  });

  it('keys a template without a Series cell by its own ID', () => {
    expect(seriesTemplates([meeting('M-7', { recurrence: 'weekly Mon 09:00' })], ZONE)[0]!.series.key).toBe('M-7');
  });

  it('takes the rule of the series row starting last (a changed rule is typed on the newest row)', () => {
    const templates = seriesTemplates(
      [
        meeting('M-1', { series: 'SOP', recurrence: 'weekly Mon 09:00' }),
        meeting('M-2', {
          series: 'SOP',
          recurrence: 'weekly Tue 10:00',
          start: '2026-12-08T10:00:00+08:00',
          end: '2026-12-08T11:00:00+08:00',
        }),
        meeting('M-3', { series: 'SOP', start: '2026-12-15T10:00:00+08:00', end: '2026-12-15T11:00:00+08:00' }),
      ],
      ZONE,
    );
    expect(templates).toHaveLength(1);
    expect(templates[0]!.templateId).toBe('M-2');
    expect(templates[0]!.series.rule).toMatchObject({ weekday: 2, time: '10:00' });
    expect(templates[0]!.series.durationMinutes).toBe(60);
  });
});

describe('occurrenceIds', () => {
  it('derives the same record IDs for the same workbook and occurrence, and different ones otherwise', () => {
    const a = occurrenceIds('book-1', 'SOP@2026-12-07');
    const again = occurrenceIds('book-1', 'SOP@2026-12-07');
    const otherDay = occurrenceIds('book-1', 'SOP@2026-12-14');
    const otherBook = occurrenceIds('book-2', 'SOP@2026-12-07');
    expect(again.meeting).toBe(a.meeting);
    expect(again.attendance('Li.Na@X.cn ')).toBe(a.attendance('li.na@x.cn'));
    expect(new Set([a.meeting, otherDay.meeting, otherBook.meeting]).size).toBe(3);
    expect(a.meeting).toMatch(/^M-/u);
    expect(a.reviewItem).toMatch(/^AG-/u);
    expect(a.attendance('li.na@x.cn')).toMatch(/^AT-/u);
    for (const id of [a.meeting, a.reviewItem, a.attendance('li.na@x.cn')]) expect(looksLikeRecordId(id)).toBe(true);
    expect(a.attendance('li.na@x.cn')).not.toBe(a.attendance('wang@x.cn'));
  });

  it('gives claims a document ID even when the series key holds a slash', () => {
    expect(occurrenceClaimId('S&OP/East@2026-12-07')).toMatch(/^[0-9a-f]{32}$/u);
  });
});

describe('occurrence rows', () => {
  const header = [
    '编号',
    '状态',
    '会议类型',
    '会议主题',
    '系列',
    '重复规则',
    '开始时间',
    '结束时间',
    '地点',
    '主持人',
    '记录人',
    '预算',
    '实际费用',
    '我的备注',
  ];
  const templateRow = [
    'M-1',
    'OK',
    '周例会',
    '周例会 Weekly',
    'SOP',
    'weekly Mon 09:00',
    '2026/11/30 09:00',
    '2026/11/30 10:30',
    '301',
    'wang@x.cn',
    'zhao@x.cn',
    500,
    480,
    'bring laptop',
  ];

  it('copies the template columns, leaves per-meeting columns empty, and writes wall-clock times', () => {
    const [template] = seriesTemplates(
      [meeting('M-1', { series: 'SOP', recurrence: 'weekly Mon 09:00', host: 'wang@x.cn' })],
      ZONE,
    );
    const [occurrence] = planSeriesOccurrences(
      template!.series,
      [template!.series.anchor],
      DateTime.fromISO('2026-12-01T12:00:00+08:00'),
      1,
      ZONE,
    );
    const ids = occurrenceIds('book', occurrence!.occurrenceKey);
    const { id, values } = meetingOccurrenceRow(header, templateRow, occurrence!, ids, ZONE);
    expect(id).toBe(ids.meeting);
    expect(values).toEqual([
      ids.meeting,
      '',
      '周例会',
      '周例会 Weekly',
      'SOP',
      '',
      '2026-12-07 09:00',
      '2026-12-07 10:30',
      '301',
      'wang@x.cn',
      'zhao@x.cn',
      500,
      '',
      '',
    ]);

    const review = reviewItemRow(['编号', '状态', '会议', '序号', '议题', '汇报人'], occurrence!, ids);
    expect(review.values).toEqual([ids.reviewItem, '', ids.meeting, 1, REVIEW_PREVIOUS_DECISIONS_TOPIC, 'wang@x.cn']);
    // A meeting saved with another host (or none) after its row was refused: that host presents.
    expect(reviewItemRow(['编号', '会议', '汇报人'], occurrence!, ids, 'li@x.cn').values).toEqual([
      ids.reviewItem,
      ids.meeting,
      'li@x.cn',
    ]);
    expect(reviewItemRow(['编号', '会议', '汇报人'], occurrence!, ids, null).values).toEqual([
      ids.reviewItem,
      ids.meeting,
      '',
    ]);
  });

  it.each([
    { zone: 'Asia/Shanghai', iso: '2026-12-07T01:00:00Z', text: '2026-12-07 09:00' },
    { zone: 'America/New_York', iso: '2027-03-14T13:00:00Z', text: '2027-03-14 09:00' },
    { zone: 'America/New_York', iso: '2027-03-13T14:00:00Z', text: '2027-03-13 09:00' },
    { zone: 'Asia/Shanghai', iso: '2026-12-31T16:30:00Z', text: '2027-01-01 00:30' },
  ])('wall clock of $iso in $zone is $text', ({ zone, iso, text }) => {
    expect(wallClockText(iso, zone)).toBe(text);
  });

  it('copies the roster once per person, with roles, under any header order', () => {
    const attendanceHeader = ['参会人', '会议角色', '会议', '编号', '状态', '签到时间'];
    const ids = occurrenceIds('book', 'SOP@2026-12-07');
    const rows = rosterRows(
      attendanceHeader,
      [
        ['wang@x.cn', '主持人', 'M-1', 'AT-1', 'OK', '2026-11-30 09:01'],
        ['', '参会人', 'M-1', 'AT-2', 'OK', ''],
        ['WANG@x.cn', '参会人', 'M-1', 'AT-3', 'OK', ''],
        ['li@x.cn', '', 'M-1', 'AT-4', 'OK', ''],
      ],
      ids,
    );
    expect(rows).toEqual([
      {
        id: ids.attendance('wang@x.cn'),
        person: 'wang@x.cn',
        values: ['wang@x.cn', '主持人', ids.meeting, ids.attendance('wang@x.cn'), '', ''],
      },
      {
        id: ids.attendance('li@x.cn'),
        person: 'li@x.cn',
        values: ['li@x.cn', '', ids.meeting, ids.attendance('li@x.cn'), '', ''],
      },
    ]);
  });
});

describe("rosterAdditions: the template's roster grew after its weeks were generated", () => {
  const ids = occurrenceIds('book', 'SOP@2026-12-07');
  const template = [
    { email: 'wang@x.cn', active: true },
    { email: 'Li@x.cn', active: true },
    { email: 'chen@x.cn', active: true },
    { email: 'gone@x.cn', active: false },
  ];
  const none = new Set<string>();
  it.each([
    {
      case: 'a week with no roster gets every active member (an inactive one would only be refused)',
      week: { ids: none, people: none, offered: none },
      added: ['wang@x.cn', 'li@x.cn', 'chen@x.cn'],
    },
    {
      case: 'members the week has, by the generated row ID or typed by hand, are not added again',
      week: { ids: new Set([ids.attendance('wang@x.cn')]), people: new Set(['li@x.cn']), offered: none },
      added: ['chen@x.cn'],
    },
    {
      case: 'a member taken off the week by hand (deleted record) stays off',
      week: { ids: new Set(['AT-HANDTYPED']), people: new Set(['chen@x.cn']), offered: none },
      added: ['wang@x.cn', 'li@x.cn'],
    },
    {
      case: 'a member offered before (their row refused, or cleared without a trace) is not offered again',
      week: { ids: none, people: none, offered: new Set(['wang@x.cn', 'li@x.cn', 'chen@x.cn']) },
      added: [],
    },
  ])('$case', ({ week, added }) => {
    expect(rosterAdditions(template, ids, week)).toEqual(added);
  });
});

describe('waitingOccurrenceStep: a claim whose meeting row was refused', () => {
  const [template] = seriesTemplates(
    [meeting('M-1', { series: 'SOP', recurrence: 'weekly Mon 09:00', host: 'gone@x.cn' })],
    ZONE,
  );
  const [occurrence] = planSeriesOccurrences(
    template!.series,
    [template!.series.anchor],
    DateTime.fromISO('2026-12-01T12:00:00+08:00'),
    1,
    ZONE,
  );
  const before = DateTime.fromISO('2026-12-05T12:00:00+08:00');
  const live = (data: Record<string, unknown>) => ({
    deleted: false,
    data: { start: '2026-12-07T09:00:00.000+08:00', ...data },
  });

  it.each([
    { name: 'waits while the meeting is not saved', meeting: undefined, now: before, step: { step: 'wait' } },
    {
      name: 'writes once the user saved it, presented by the host they chose',
      meeting: live({ host: 'li@x.cn' }),
      now: before,
      step: { step: 'write', presenter: 'li@x.cn' },
    },
    {
      name: 'writes without a presenter when the saved meeting has no host',
      meeting: live({}),
      now: before,
      step: { step: 'write', presenter: null },
    },
    {
      name: 'ends when the meeting was deleted',
      meeting: { deleted: true, data: {} },
      now: before,
      step: { step: 'skip', reason: 'MEETING_DELETED' },
    },
    {
      name: 'ends, unsaved, once the occurrence has started',
      meeting: undefined,
      now: DateTime.fromISO('2026-12-07T09:00:00+08:00'),
      step: { step: 'skip', reason: 'OCCURRENCE_PASSED' },
    },
    // No roster for a meeting under way: the tick would settle every member as absent.
    {
      name: 'ends when the saved meeting (moved earlier) has started',
      meeting: live({ start: '2026-12-04T09:00:00.000+08:00' }),
      now: before,
      step: { step: 'skip', reason: 'OCCURRENCE_PASSED' },
    },
    {
      name: 'writes when the saved meeting was moved later',
      meeting: live({ start: '2026-12-08T09:00:00.000+08:00', host: 'li@x.cn' }),
      now: DateTime.fromISO('2026-12-07T10:00:00+08:00'),
      step: { step: 'write', presenter: 'li@x.cn' },
    },
  ])('$name', ({ meeting: record, now, step }) => {
    expect(waitingOccurrenceStep(occurrence!, record, now)).toEqual(step);
  });
});
