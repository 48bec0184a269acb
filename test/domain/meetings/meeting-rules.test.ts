import { describe, expect, it } from 'vitest';
import {
  type MeetingForValidation,
  type PeopleLookup,
  validateMeeting,
} from '../../../functions/src/domain/meetings/meeting-rules.ts';
import { formatMessage } from '../../../functions/src/domain/messages.ts';

const PEOPLE: Record<string, { active?: boolean }> = {
  'li@example.com': {},
  'wang@example.com': { active: true },
  'zhao@example.com': { active: false },
};
const people: PeopleLookup = (email) => PEOPLE[email];

const BASE: MeetingForValidation = {
  type: 'weeklySop',
  start: '2026-11-30T09:00:00+08:00',
  end: '2026-11-30T10:00:00+08:00',
  host: 'li@example.com',
  recorder: 'wang@example.com',
};
const ROSTER = ['li@example.com', 'Wang@Example.com'];

describe('validateMeeting', () => {
  const cases: Array<{
    name: string;
    meeting: Partial<MeetingForValidation>;
    roster?: string[];
    errors: string[];
    warnings?: string[];
  }> = [
    { name: 'a complete weekly meeting is valid', meeting: {}, errors: [] },
    { name: 'end before start', meeting: { end: '2026-11-30T08:00:00+08:00' }, errors: ['END_NOT_AFTER_START:end'] },
    { name: 'end equal to start', meeting: { end: BASE.start }, errors: ['END_NOT_AFTER_START:end'] },
    { name: 'host not on the People tab', meeting: { host: 'nobody@example.com' }, errors: ['REF_UNKNOWN:host'] },
    { name: 'inactive host', meeting: { host: 'zhao@example.com' }, errors: ['PERSON_INACTIVE:host'] },
    {
      name: 'inactive recorder, also not on the roster',
      meeting: { recorder: 'zhao@example.com' },
      errors: ['PERSON_INACTIVE:recorder', 'RECORDER_NOT_ON_ROSTER:recorder'],
    },
    {
      name: 'recorder not on the roster',
      meeting: {},
      roster: ['li@example.com'],
      errors: ['RECORDER_NOT_ON_ROSTER:recorder'],
    },
    { name: 'no recorder yet is allowed', meeting: { recorder: undefined }, errors: [] },
    { name: 'no attendance list yet: the roster check waits', meeting: {}, roster: [], errors: [] },
    {
      name: 'dealer conference without venue and budget',
      meeting: { type: 'dealerConference' },
      errors: ['VALUE_REQUIRED_WHEN:venue', 'VALUE_REQUIRED_WHEN:budget'],
    },
    {
      name: 'dealer conference with a blank venue',
      meeting: { type: 'dealerConference', venue: '  ', budget: 0 },
      errors: ['VALUE_REQUIRED_WHEN:venue'],
    },
    {
      name: 'dealer conference complete',
      meeting: { type: 'dealerConference', venue: '杭州国际会议中心', budget: 50000 },
      errors: [],
    },
    {
      name: 'an unreadable recurrence',
      meeting: { recurrence: 'sometimes' },
      errors: ['RECURRENCE_INVALID:recurrence'],
    },
    { name: 'a readable recurrence', meeting: { recurrence: '每周一 09:00' }, errors: [] },
    {
      name: 'over budget is a warning only',
      meeting: { budget: 10000, actualCost: 12500 },
      errors: [],
      warnings: ['MEETING_OVER_BUDGET:actualCost'],
    },
    { name: 'exactly on budget', meeting: { budget: 10000, actualCost: 10000 }, errors: [] },
  ];
  it.each(cases)('$name', ({ meeting, roster, errors, warnings = [] }) => {
    const result = validateMeeting({ ...BASE, ...meeting }, { people, roster: roster ?? ROSTER });
    expect(result.errors.map((p) => `${p.code}:${p.column}`)).toEqual(errors);
    expect(result.warnings.map((p) => `${p.code}:${p.column}`)).toEqual(warnings);
    expect(
      result.errors.every((p) => p.severity === 'error') && result.warnings.every((p) => p.severity === 'warning'),
    ).toBe(true);
  });

  it('words the over-budget warning with both amounts', () => {
    const { warnings } = validateMeeting({ ...BASE, budget: 10000, actualCost: 12500 }, { people, roster: ROSTER });
    expect(formatMessage('MEETING_OVER_BUDGET', warnings[0]!.params, 'zh')).toBe(
      '提示:实际费用 12500 超出预算 10000。本行已保存,请在会议纪要中说明原因。',
    );
  });

  it('names the meeting type in a dealer-conference requirement', () => {
    const { errors } = validateMeeting({ ...BASE, type: 'dealerConference', budget: 1 }, { people, roster: ROSTER });
    expect(formatMessage(errors[0]!.code, errors[0]!.params, 'en')).toBe(
      '"Venue" is required when "Type" is "dealer conference": fill it in.',
    );
  });
});
