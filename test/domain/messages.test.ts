import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES } from '../../functions/src/domain/errors.ts';
import {
  formatBilingual,
  formatForWorkbook,
  formatMessage,
  joinLocalized,
  messageTable,
} from '../../functions/src/domain/messages.ts';

const HAN = /\p{Script=Han}/u;
const column = { en: 'Email', zh: '邮箱' };

describe('bilingual message table', () => {
  it.each(ERROR_CODES.map((code) => [code]))('%s has an English and a Chinese text', (code) => {
    // Every parameter any template uses, so a template reading a name nobody passes shows up as "undefined".
    const params = {
      column,
      value: 'abc',
      tab: { en: 'People', zh: '人员' },
      zone: 'Asia/Shanghai',
      sheet: 'Sheet1',
      expected: { en: '"People"', zh: '“人员”' },
      header: 'Emial',
      letter: 'C',
      firstLetter: 'B',
      otherColumn: { en: 'Start', zh: '开始时间' },
      otherValue: '2026-11-28 14:00',
      columns: { en: '"Person" or "Team"', zh: '“人员”或“团队”' },
      length: 120,
      min: 0,
      max: 100,
      allowed: { en: '"admin"', zh: '“管理员”' },
      targetTab: { en: 'People', zh: '人员' },
      seconds: 420,
      window: 300,
      scriptVersion: 1,
      serverVersion: 2,
      eventId: '6f1c2a9e-0000-4000-8000-000000000001',
      detail: 'rows: expected array',
      limit: '10 MB',
      reference: 'a1b2c3d4',
      setting: { en: 'digest time', zh: '每日摘要时间' },
      approver: 'zhang.san@example.com',
      host: 'li.si@example.com',
      editor: 'zhao.liu@example.com',
      recorder: 'qian.qi@example.com',
      manager: 'wang.wu@example.com',
      requestedAt: '2026-11-28 14:10',
      meetingStart: '2026-11-28 14:00',
      allotted: 150,
      available: 120,
      actual: 12500,
      budget: 10000,
      meetingId: 'M-7K2Q9P4D',
      start: '2026-12-07 09:00',
      // record IDs (issue 13)
      id: 'M-7K2Q9P4D',
      row: 7,
      rows: '3, 7',
      owner: 3,
      date: '2026-11-28',
      examples: '138 0013 8000, +86 138 0013 8000',
      today: '2027-03-09',
      first: { en: 'P-7K2Q9P4D, row 3', zh: 'P-7K2Q9P4D,第 3 行' },
      // authorization (issue 13)
      who: { en: "an admin or the meeting's host", zh: '管理员或会议主持人' },
      // minutes (issue 14)
      version: 2,
      next: 3,
      current: 3,
      title: '销售与运营周例会',
      until: '2027-03-10 12:00',
      recipients: 6,
      queued: 6,
      count: 1,
      previous: '[决议] 启动促销',
      url: 'https://docs.google.com/document/d/D-1/edit',
      recipient: 'zhao.lei@example.com',
      reason: '销售数字有误',
      // edits planned under concurrency (issue 13, integrity)
      attempts: 5,
    };
    const en = formatMessage(code, params, 'en');
    const zh = formatMessage(code, params, 'zh');
    expect(en.length).toBeGreaterThan(10);
    expect(HAN.test(zh)).toBe(true);
    expect(en).not.toMatch(/undefined/);
  });

  it('has no entry that is not a known code', () => {
    expect(Object.keys(messageTable).sort()).toEqual([...ERROR_CODES, 'STATUS_OK'].sort());
  });

  it('names the column in the reader’s language and quotes the value typed', () => {
    const params = { column, value: 'li.wei@' };
    expect(formatMessage('EMAIL_INVALID', params, 'en')).toBe(
      '"Email": "li.wei@" is not an email address; type it like name@example.com.',
    );
    expect(formatMessage('EMAIL_INVALID', params, 'zh')).toBe(
      '“邮箱”:“li.wei@”不是有效的邮箱地址,请按 name@example.com 的格式填写。',
    );
  });

  it('shortens a very long typed value so the Status cell stays readable', () => {
    const text = formatMessage('EMAIL_INVALID', { column, value: 'x'.repeat(500) }, 'en');
    expect(text).toContain(`${'x'.repeat(59)}…`);
    expect(text.length).toBeLessThan(200);
  });

  it('puts Chinese first and English second in the bilingual form', () => {
    expect(formatBilingual('VALUE_REQUIRED', { column })).toBe(
      '“邮箱”为必填项,请填写。 / "Email" is required: fill it in.',
    );
  });

  it('does not repeat a text that reads the same in both languages', () => {
    expect(formatBilingual('STATUS_OK', {})).toBe('OK');
  });

  it.each([
    ['en', '"Email" is required: fill it in.'],
    ['zh', '“邮箱”为必填项,请填写。'],
    ['mixed', '“邮箱”为必填项,请填写。 / "Email" is required: fill it in.'],
  ] as const)('formats for a workbook in language %s', (language, expected) => {
    expect(formatForWorkbook('VALUE_REQUIRED', { column }, language)).toBe(expected);
  });

  it('joins lists with the conjunction of each language', () => {
    expect(
      joinLocalized(
        [
          { en: 'Person', zh: '人员' },
          { en: 'Team', zh: '团队' },
        ],
        'or',
      ),
    ).toEqual({
      en: '"Person" or "Team"',
      zh: '“人员”或“团队”',
    });
  });
});

describe('AppError', () => {
  it('carries its code and params and logs the English text', () => {
    const error = new AppError('TIME_ZONE_INVALID', { zone: 'Mars/Base' });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('TIME_ZONE_INVALID');
    expect(error.params).toEqual({ zone: 'Mars/Base' });
    expect(error.message).toContain('"Mars/Base"');
  });
});
