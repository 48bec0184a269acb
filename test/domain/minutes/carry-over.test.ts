import { describe, expect, it } from 'vitest';
import {
  carriedOverActions,
  carriedOverCell,
  carriedOverCells,
} from '../../../functions/src/domain/minutes/carry-over.ts';

const weekly = (id: string, start: string) => ({ id, series: 'SOP', start });
const meetings = [
  weekly('M-1', '2027-03-01T09:00:00+08:00'),
  weekly('M-2', '2027-03-08T09:00:00+08:00'),
  weekly('M-3', '2027-03-15T09:00:00+08:00'),
  { id: 'M-X', series: 'OTHER', start: '2027-03-02T09:00:00+08:00' },
  { id: 'M-Y', start: '2027-03-02T09:00:00+08:00' },
];

describe('carriedOverActions', () => {
  const actions = [
    { id: 'A-1', sourceMeeting: 'M-1', state: 'open', due: '2027-03-10' },
    { id: 'A-2', sourceMeeting: 'M-1', state: 'done', due: '2027-03-05' },
    { id: 'A-3', sourceMeeting: 'M-2', state: 'inProgress', due: '2027-03-09' },
    { id: 'A-4', sourceMeeting: 'M-3', state: 'open', due: '2027-03-20' },
    { id: 'A-5', sourceMeeting: 'M-X', state: 'open', due: '2027-03-01' },
    { id: 'A-6', sourceMeeting: 'M-2', state: 'cancelled' },
    { id: 'A-7', sourceMeeting: 'M-1' },
  ];

  it('lists open actions of earlier meetings of the same series until done, oldest due first', () => {
    expect(carriedOverActions(meetings[2]!, meetings, actions).map((a) => a.id)).toEqual(['A-3', 'A-1', 'A-7']);
    expect(carriedOverActions(meetings[1]!, meetings, actions).map((a) => a.id)).toEqual(['A-1', 'A-7']);
  });

  it('carries nothing into the first meeting or a meeting outside a series', () => {
    expect(carriedOverActions(meetings[0]!, meetings, actions)).toEqual([]);
    expect(carriedOverActions(meetings[4]!, meetings, actions)).toEqual([]);
  });
});

describe('carriedOverCell', () => {
  it('lists each action on its own line with owner and due date, in the workbook language', () => {
    const actions = [
      { id: 'AC-1', text: 'Send\nprice list', owner: 'li@x.cn', due: '2027-03-12' },
      { id: 'AC-2', text: '联系客户', owner: 'wang@x.cn' },
    ];
    expect(carriedOverCell(actions, 'zh')).toBe(
      'AC-1 Send price list (li@x.cn,截止 2027-03-12)\nAC-2 联系客户 (wang@x.cn)',
    );
    expect(carriedOverCell(actions, 'en')).toBe(
      'AC-1 Send price list (li@x.cn, due 2027-03-12)\nAC-2 联系客户 (wang@x.cn)',
    );
    expect(carriedOverCell([], 'mixed')).toBe('');
  });
});

describe('carriedOverCells: the review item of each upcoming meeting of a series', () => {
  const actions = [
    { id: 'AC-1', sourceMeeting: 'M-1', text: 'Send price list', owner: 'li@x.cn', due: '2027-03-10' },
    { id: 'AC-2', sourceMeeting: 'M-1', text: 'Done already', owner: 'li@x.cn', due: '2027-03-05', state: 'done' },
  ];
  const agenda = [
    { id: 'AG-R2', meeting: 'M-2', topic: 'Review of previous decisions / 上次决议跟踪' },
    { id: 'AG-O2', meeting: 'M-2', topic: 'Pricing' },
    { id: 'AG-R3', meeting: 'M-3', topic: '上次决议跟踪' },
  ];

  it('fills only review items, with the open actions of earlier meetings of the series', () => {
    const cells = carriedOverCells([meetings[1]!, meetings[2]!], [meetings[0]!], actions, agenda, 'en');
    expect([...cells]).toEqual([
      ['AG-R2', 'AC-1 Send price list (li@x.cn, due 2027-03-10)'],
      ['AG-R3', 'AC-1 Send price list (li@x.cn, due 2027-03-10)'],
    ]);
  });

  it('clears the cell once the action is done', () => {
    const done = actions.map((a) => ({ ...a, state: 'done' }));
    expect(carriedOverCells([meetings[1]!], [meetings[0]!], done, agenda, 'zh').get('AG-R2')).toBe('');
  });
});
