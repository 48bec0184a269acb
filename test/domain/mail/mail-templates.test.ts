import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { DueItem } from '../../../functions/src/domain/mail/due-items.ts';
import {
  chooseMailLanguages,
  escapeHtml,
  renderDigestMail,
  renderSetupCheckMail,
  renderUrgentMail,
  type MailLanguages,
} from '../../../functions/src/domain/mail/mail-templates.ts';
import { parseNotificationSettings } from '../../../functions/src/domain/mail/notification-settings.ts';

const ZONE = 'Asia/Shanghai';
const ZH: MailLanguages = { primary: 'zh' };
const EN: MailLanguages = { primary: 'en' };

function item(extra: Partial<DueItem> = {}): DueItem {
  return {
    kind: 'action',
    recordId: 'actions/A-1',
    recipient: 'li@example.com',
    title: 'Send quote',
    dueAt: '2026-11-28T14:00:00+08:00',
    ...extra,
  };
}

function digest(
  groups: Partial<Record<'overdue' | 'today' | 'upcoming', DueItem[]>>,
  languages: MailLanguages,
  recipientName = '李明',
) {
  return renderDigestMail({
    recipientName,
    date: '2026-11-28',
    zone: ZONE,
    groups: { overdue: groups.overdue ?? [], today: groups.today ?? [], upcoming: groups.upcoming ?? [] },
    languages,
  });
}

describe('digest subject lines: short and specific', () => {
  const three = [item(), item({ recordId: 'actions/A-2' }), item({ recordId: 'actions/A-3' })];
  const cases = [
    {
      name: 'Chinese, three due today',
      groups: { today: three },
      languages: ZH,
      subject: '[会议跟进] 今日待办 3 项 · 2026-11-28',
    },
    {
      name: 'English, three due today',
      groups: { today: three },
      languages: EN,
      subject: '[Follow-up] 3 items due · 28 Nov 2026',
    },
    {
      name: 'Chinese, with overdue items counted',
      groups: { overdue: [item()], today: [item()] },
      languages: ZH,
      subject: '[会议跟进] 今日待办 2 项(逾期 1 项) · 2026-11-28',
    },
    {
      name: 'English, one overdue item',
      groups: { overdue: [item()] },
      languages: EN,
      subject: '[Follow-up] 1 item due (1 overdue) · 28 Nov 2026',
    },
    {
      name: 'Chinese, only upcoming items',
      groups: { upcoming: [item()] },
      languages: ZH,
      subject: '[会议跟进] 近期待办 1 项 · 2026-11-28',
    },
    {
      name: 'English, only upcoming items',
      groups: { upcoming: three },
      languages: EN,
      subject: '[Follow-up] 3 items coming up · 28 Nov 2026',
    },
  ];
  it.each(cases)('$name', ({ groups, languages, subject }) => {
    expect(digest(groups, languages).subject).toBe(subject);
  });
});

describe('HTML escaping of everything typed in a sheet', () => {
  const hostile = '<script>alert("x")</script> & \'quotes\'';
  const cases = [
    { name: 'a title', mail: () => digest({ today: [item({ title: hostile })] }, ZH) },
    {
      name: 'a localized title and detail',
      mail: () =>
        digest({ today: [item({ title: { en: hostile, zh: hostile }, detail: { en: hostile, zh: hostile } })] }, EN),
    },
    { name: 'a recipient name', mail: () => digest({ today: [item()] }, EN, hostile) },
    {
      name: 'an urgent reminder title',
      mail: () =>
        renderUrgentMail({
          recipientName: 'Li',
          item: item({ title: hostile }),
          overdue: false,
          zone: ZONE,
          languages: ZH,
        }),
    },
    {
      name: 'a workbook ID in the setup check',
      mail: () =>
        renderSetupCheckMail({
          requestedBy: 'a@example.com',
          spreadsheetId: hostile,
          requestedAt: DateTime.fromISO('2026-11-28T10:00', { zone: ZONE }),
          settings: parseNotificationSettings({}),
          languages: EN,
        }),
    },
  ];
  it.each(cases)('escapes $name', ({ mail }) => {
    const { html, text } = mail();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"x"');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    // Plain text is not HTML: it shows the value as typed.
    expect(text).toContain('<script>alert("x")</script>');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('keeps http(s) links and drops any other scheme', () => {
    const html = digest(
      {
        today: [
          item({ link: 'https://docs.google.com/d/1?a=1&b=2' }),
          item({ recordId: 'actions/A-2', link: 'javascript:alert(1)' }),
        ],
      },
      EN,
    ).html;
    expect(html).toContain('href="https://docs.google.com/d/1?a=1&amp;b=2"');
    expect(html).not.toContain('javascript:');
  });

  it('keeps a line break typed in a title out of the subject line', () => {
    const mail = renderUrgentMail({
      recipientName: 'Li',
      item: item({ title: 'Quote\r\nBcc: evil@example.com' }),
      overdue: true,
      zone: ZONE,
      languages: EN,
    });
    expect(mail.subject).toBe('[Follow-up] Overdue: Quote Bcc: evil@example.com');
  });
});

describe('HTML that renders in Gmail', () => {
  const html = digest(
    { overdue: [item()], today: [item({ link: 'https://example.com/x' })], upcoming: [item()] },
    ZH,
  ).html;
  it('loads nothing from elsewhere and carries no style sheet or script', () => {
    expect(html).not.toMatch(/<img|<link|<style|<script|@import|url\(|src=/iu);
    // The only URL is the item's own link.
    expect(html.match(/https?:\/\//gu)).toEqual(['https://']);
  });

  it('is an inline-styled table layout', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/u);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<table role="presentation"');
    expect(html).toMatch(/<td style="[^"]+"/u);
  });
});

describe('dates in the workbook zone, in each language style', () => {
  const cases = [
    {
      name: 'Chinese shows 月/日, weekday and 24-hour time',
      languages: ZH,
      zone: ZONE,
      line: '- 11月28日(周六) 14:00 [行动项] Send quote',
    },
    {
      name: 'English shows day, month and 24-hour time',
      languages: EN,
      zone: ZONE,
      line: '- Sat 28 Nov 14:00 [Action] Send quote',
    },
    {
      name: 'New York sees the same instant on its own clock',
      languages: EN,
      zone: 'America/New_York',
      line: '- Sat 28 Nov 01:00 [Action] Send quote',
    },
  ];
  it.each(cases)('$name', ({ languages, zone, line }) => {
    const mail = renderDigestMail({
      recipientName: 'Li',
      date: '2026-11-28',
      zone,
      groups: { overdue: [], today: [item()], upcoming: [] },
      languages,
    });
    expect(mail.text.split('\n')).toContain(line);
  });

  it('shows an all-day item without a time and counts its overdue days', () => {
    const mail = digest({ overdue: [item({ dueAt: '2026-11-25T00:00:00+08:00', allDay: true })] }, EN);
    expect(mail.text.split('\n')).toContain('- Wed 25 Nov [Action] Send quote · 3 days overdue');
  });

  it('gives an urgent reminder an absolute time, because delivery may be deferred', () => {
    const zh = renderUrgentMail({
      recipientName: '李明',
      item: item({ kind: 'meeting', title: '周例会' }),
      overdue: false,
      zone: ZONE,
      languages: ZH,
    });
    const en = renderUrgentMail({
      recipientName: 'Li',
      item: item({ kind: 'meeting', title: 'Weekly' }),
      overdue: false,
      zone: ZONE,
      languages: EN,
    });
    expect(zh.subject).toBe('[会议跟进] 11月28日 14:00 开始:周例会');
    expect(zh.text).toContain('以下会议将于 11月28日(周六) 14:00 开始:');
    expect(en.subject).toBe('[Follow-up] Starts 14:00 28 Nov: Weekly');
    expect(en.text).toContain('This meeting starts on Sat 28 Nov 14:00:');
  });
});

describe('chooseMailLanguages', () => {
  const cases = [
    {
      name: 'the person’s own language wins',
      person: 'en' as const,
      settings: { defaultLanguage: 'zh' as const, appendOtherLanguage: true },
      expected: { primary: 'en' },
    },
    {
      name: 'else the workbook default alone',
      person: undefined,
      settings: { defaultLanguage: 'zh' as const, appendOtherLanguage: false },
      expected: { primary: 'zh' },
    },
    {
      name: 'else, in a mixed workbook, default then the other',
      person: undefined,
      settings: { defaultLanguage: 'en' as const, appendOtherLanguage: true },
      expected: { primary: 'en', secondary: 'zh' },
    },
  ];
  it.each(cases)('$name', ({ person, settings, expected }) => {
    expect(chooseMailLanguages(person, settings)).toEqual(expected);
  });

  it('puts the second language below a divider in both parts, subject in the first only', () => {
    const mail = digest({ today: [item()] }, { primary: 'zh', secondary: 'en' });
    expect(mail.subject).toBe('[会议跟进] 今日待办 1 项 · 2026-11-28');
    expect(mail.text.indexOf('今日到期')).toBeLessThan(mail.text.indexOf('――――'));
    expect(mail.text.indexOf('――――')).toBeLessThan(mail.text.indexOf('Due today'));
    expect(mail.html.indexOf('今日到期')).toBeLessThan(mail.html.indexOf('<hr'));
    expect(mail.html.indexOf('<hr')).toBeLessThan(mail.html.indexOf('Due today'));
  });
});

describe('setup check mail', () => {
  it('confirms mail works and shows the settings that will apply', () => {
    const settings = parseNotificationSettings({
      quietHours: null,
      digestTime: '09:30',
      workingDays: [1, 2, 3, 4, 5, 6],
    });
    const mail = renderSetupCheckMail({
      requestedBy: 'a@example.com',
      spreadsheetId: 'sheet-1',
      requestedAt: DateTime.fromISO('2026-11-28T02:00:00Z'),
      settings,
      languages: ZH,
    });
    expect(mail.subject).toBe('[会议跟进] 邮件发送测试成功');
    expect(mail.text.split('\n')).toEqual(
      expect.arrayContaining([
        '工作簿:sheet-1',
        '申请时间:2026年11月28日(周六) 10:00',
        '每日摘要:工作日 09:30(周一、周二、周三、周四、周五、周六)',
        '免打扰时段:未设置',
      ]),
    );
  });
});
