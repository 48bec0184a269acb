import { describe, expect, it } from 'vitest';
import type { DocumentBlock } from '../../../functions/src/domain/minutes/document-model.ts';
import {
  type MinutesFacts,
  actionRows,
  assembleMinutesDocument,
  minutesTitle,
} from '../../../functions/src/domain/minutes/minutes-document.ts';

const ZONE = 'Asia/Shanghai';
const li = { email: 'li.wei@example.com', name: '李伟' };
const wang = { email: 'wang.fang@example.com', name: '王芳' };
const zhao = { email: 'zhao.lei@example.com', name: '赵磊' };
const chen = { email: 'chen.jing@example.com', name: '陈静' };

const facts: MinutesFacts = {
  meeting: {
    id: 'M-1',
    title: '销售与运营周例会',
    type: 'weeklySop',
    start: '2027-03-09T09:00:00+08:00',
    end: '2027-03-09T10:30:00+08:00',
    venue: '三楼会议室',
    host: li,
    recorder: wang,
  },
  attendees: [
    { person: li, role: 'host', result: 'onTime' },
    { person: zhao, role: 'participant', result: 'late' },
    { person: chen, role: 'participant', result: 'onLeaveCovered', substitute: zhao },
    { person: wang, role: 'recorder', result: 'absent' },
  ],
  agenda: [
    { id: 'G-2', order: 2, topic: '库存与交付', presenter: zhao },
    { id: 'G-1', order: 1, topic: '上周销售业绩', presenter: li },
  ],
  lines: [
    { id: 'N-1', agendaItem: 'G-1', kind: 'discussion', text: '华东区业绩达成 95%' },
    { id: 'N-2', agendaItem: 'G-2', kind: 'discussion', text: '两款产品库存偏高' },
    { id: 'N-3', kind: 'discussion', text: '下周起会议改到周二' },
    { id: 'N-4', agendaItem: 'G-2', kind: 'decision', text: '启动清库存促销' },
    { id: 'N-5', agendaItem: 'G-2', kind: 'action', text: '制定促销方案', owner: zhao, due: '2027-03-12' },
  ],
  actions: [],
  review: [
    { id: 'A-9', text: '更新客户名单', owner: chen, due: '2027-03-05', state: 'inProgress', sourceTitle: '上周例会' },
  ],
};

const texts = (blocks: readonly DocumentBlock[]) =>
  blocks.flatMap((b) =>
    b.kind === 'table' ? [...b.header, ...b.rows.flat()] : b.kind === 'bullets' ? [...b.items] : [b.text],
  );
const headings = (blocks: readonly DocumentBlock[]) =>
  blocks.filter((b) => b.kind === 'heading').map((b) => (b.kind === 'heading' ? b.text : ''));

describe('assembleMinutesDocument', () => {
  it('builds the Chinese minutes: facts, attendance with results and substitutes, agenda, discussion per item', () => {
    const doc = assembleMinutesDocument(facts, { language: 'zh', zone: ZONE, version: 1, changes: [] });
    expect(doc.title).toBe('会议纪要:销售与运营周例会(第 1 版)');
    expect(headings(doc.blocks)).toEqual([
      '会议纪要:销售与运营周例会(第 1 版)',
      '会议信息',
      '出席情况',
      '议程',
      '上次决议跟踪',
      '讨论',
      '1. 上周销售业绩',
      '2. 库存与交付',
      '其他',
      '决议',
      '行动项',
    ]);
    const all = texts(doc.blocks);
    expect(all).toContain('时间:2027-03-09 09:00–10:30 (Asia/Shanghai)');
    expect(all).toContain('地点:三楼会议室');
    const attendance = doc.blocks.find((b) => b.kind === 'table' && b.header.includes('出勤'));
    expect(attendance?.kind === 'table' && attendance.rows).toContainEqual([
      '陈静',
      '参会人',
      '请假（代理人已出席）',
      '赵磊',
    ]);
    expect(attendance?.kind === 'table' && attendance.rows).toContainEqual(['赵磊', '参会人', '迟到', '']);
    expect(attendance?.kind === 'table' && attendance.rows).toContainEqual(['王芳', '记录人', '缺席', '']);
    expect(all).toContain('1. 上周销售业绩 (李伟)');
    expect(all).toContain('下周起会议改到周二');
    expect(all).toContain('启动清库存促销');
    // No Actions records yet: the action lines make the table.
    expect(all).toEqual(expect.arrayContaining(['制定促销方案', '赵磊', '2027-03-12', '未开始']));
    // The review lists the series' open actions with their source meeting.
    expect(all).toEqual(expect.arrayContaining(['更新客户名单', '陈静', '进行中', '上周例会']));
  });

  it('writes an English workbook in English and a mixed one in both languages', () => {
    const en = assembleMinutesDocument(facts, { language: 'en', zone: ZONE, version: 2, changes: ['Added: x'] });
    expect(en.title).toBe('Minutes: 销售与运营周例会 (version 2)');
    expect(headings(en.blocks)).toContain('Review of previous decisions');
    expect(headings(en.blocks).at(-1)).toBe('Changes in this version');
    expect(texts(en.blocks)).toContain('Added: x');
    const mixed = assembleMinutesDocument(facts, { language: 'mixed', zone: ZONE, version: 1, changes: [] });
    expect(headings(mixed.blocks)).toContain('上次决议跟踪 / Review of previous decisions');
  });

  it('uses the Actions records of the meeting once they exist, and says "none" for empty sections', () => {
    const withRecords = {
      ...facts,
      actions: [{ id: 'A-1', text: '促销方案', owner: zhao, due: '2027-03-12', state: 'done' }],
    };
    expect(actionRows(withRecords).map((a) => a.id)).toEqual(['A-1']);
    const empty = assembleMinutesDocument(
      { ...facts, attendees: [], agenda: [], lines: [], review: [] },
      { language: 'zh', zone: ZONE, version: 1, changes: [] },
    );
    expect(texts(empty.blocks).filter((t) => t === '无。')).toHaveLength(6);
  });
});

describe('minutesTitle', () => {
  it('is one line even when the meeting title was typed over several (it names the Drive file and the PDF)', () => {
    expect(minutesTitle({ title: '渠道\n库存  复盘\r\n会' }, 2, 'en')).not.toMatch(/[\r\n]/u);
    expect(minutesTitle({ title: '渠道\n库存  复盘\r\n会' }, 2, 'en')).toContain('渠道 库存 复盘 会');
  });
});
