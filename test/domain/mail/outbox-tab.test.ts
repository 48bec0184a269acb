import { describe, expect, it } from 'vitest';
import { buildOutboxTabValues, type OutboxTabEntry } from '../../../functions/src/domain/mail/outbox-tab.ts';

const entry = (over: Partial<OutboxTabEntry>): OutboxTabEntry => ({
  id: 'digest-1',
  kind: 'digest',
  recipient: 'li@example.com',
  subject: '[会议跟进] 今日待办 2 项',
  subjectRecord: 'digest',
  notBefore: '2026-11-30T00:05:00.000Z',
  state: 'sent',
  sentAt: '2026-11-30T00:05:07.000Z',
  attempts: 1,
  lastError: null,
  ...over,
});

describe('buildOutboxTabValues: the Outbox tab an admin reads', () => {
  it('follows the header the tab has, in its order and language, with times in the workbook zone', () => {
    const header = [
      '发送状态',
      '编号',
      '状态',
      '收件人',
      '主题',
      '尝试次数',
      '最近错误',
      '计划发送时间',
      '发送时间',
      '类型',
      '关联记录',
    ];
    const [head, row] = buildOutboxTabValues(header, [entry({})], 'Asia/Shanghai', 'zh');
    expect(head).toEqual(header);
    expect(row).toEqual([
      '已发送',
      'digest-1',
      'OK',
      'li@example.com',
      '[会议跟进] 今日待办 2 项',
      '1',
      '',
      '2026-11-30 08:05',
      '2026-11-30 08:05',
      '每日摘要',
      'digest',
    ]);
  });

  it('shows a failed message with its reason and a failure status, in English', () => {
    const header = ['ID', 'Status', 'Delivery', 'Attempts', 'Last error'];
    const [, row] = buildOutboxTabValues(
      header,
      [entry({ state: 'failed', attempts: 1, lastError: 'Invalid To header', sentAt: null })],
      'Asia/Shanghai',
      'en',
    );
    expect(row).toEqual(['digest-1', 'FAILED', 'failed', '1', 'Invalid To header']);
  });

  it('labels kinds and states in both languages for a mixed workbook, leaving unknown columns empty', () => {
    const header = ['ID', 'Kind', 'Delivery', 'My notes'];
    const [, row] = buildOutboxTabValues(
      header,
      [entry({ kind: 'urgent', state: 'pending' })],
      'Asia/Shanghai',
      'mixed',
    );
    expect(row).toEqual(['digest-1', '紧急提醒 urgent reminder', '待发送 pending', '']);
  });
});
