import { describe, expect, it } from 'vitest';
import {
  meetingReferences,
  rosterEmail,
  rosterEntries,
  rosterMembers,
  rowsOfMeeting,
} from '../../../functions/src/domain/meetings/roster.ts';

describe("who a meeting's notices go to", () => {
  it.each([
    { value: ' Li@Demo.Example ', email: 'li@demo.example' },
    { value: 'not an address', email: undefined },
    { value: '', email: undefined },
    { value: 42, email: undefined },
  ])('rosterEmail($value) → $email', ({ value, email }) => {
    expect(rosterEmail(value)).toBe(email);
  });

  it.each([
    { title: 'Weekly S&OP', refs: ['M-1', 'Weekly S&OP'] },
    { title: '  ', refs: ['M-1'] },
    { title: undefined, refs: ['M-1'] },
  ])('a meeting titled $title is named by $refs', ({ title, refs }) => {
    expect(meetingReferences('M-1', title)).toEqual(refs);
  });

  it.each([
    {
      case: 'rows naming it by ID win over rows naming it by a shared title',
      rows: ['M-1', 'Weekly', 'M-1'],
      kept: [0, 2],
    },
    { case: 'rows naming it by title count when none names it by ID', rows: ['Weekly', 'Weekly'], kept: [0, 1] },
    { case: 'no rows, none kept', rows: [], kept: [] },
  ])('$case', ({ rows, kept }) => {
    const named = rows.map((meeting, index) => ({ meeting, index }));
    expect(rowsOfMeeting(named, 'M-1').map((r) => r.index)).toEqual(kept);
  });

  it.each([
    {
      case: 'the attendees, once each',
      attendees: ['a@x.example', 'A@x.example', 'b@x.example'],
      roster: ['a@x.example', 'b@x.example'],
    },
    {
      case: 'no attendees yet: host, recorder and the due list',
      attendees: [],
      roster: ['h@x.example', 'r@x.example', 'd@x.example'],
    },
    {
      case: 'attendees that are no addresses count as none',
      attendees: ['nobody'],
      roster: ['h@x.example', 'r@x.example', 'd@x.example'],
    },
  ])('rosterEntries: $case', ({ attendees, roster }) => {
    const organisers = { host: 'h@x.example', recorder: 'R@x.example', dueFor: ['h@x.example', 'd@x.example'] };
    const rows = attendees.map((person) => ({ person }));
    expect(rosterEntries(rows, organisers)).toEqual(roster.map((email) => ({ email })));
  });

  const organisers = { host: 'h@x.example', recorder: 'r@x.example' };
  it.each([
    {
      case: 'approved leave: the person is marked on leave and the substitute attends in their place',
      rows: [{ person: 'a@x.example' }, { person: 'b@x.example', leaveApproved: true, substitute: 'S@x.example' }],
      roster: [{ email: 'a@x.example' }, { email: 's@x.example' }, { email: 'b@x.example', onLeave: true }],
    },
    {
      case: 'leave requested, not approved: still expected, no substitute added',
      rows: [{ person: 'b@x.example', leaveRequested: true, leaveApproved: false, substitute: 's@x.example' }],
      roster: [{ email: 'b@x.example' }],
    },
    {
      case: 'approved leave without a substitute: nobody in their place',
      rows: [{ person: 'a@x.example' }, { person: 'b@x.example', leaveApproved: true }],
      roster: [{ email: 'a@x.example' }, { email: 'b@x.example', onLeave: true }],
    },
    {
      case: 'everyone on leave without substitutes: no fallback to host and recorder (the rows exist)',
      rows: [{ person: 'b@x.example', leaveApproved: true }],
      roster: [{ email: 'b@x.example', onLeave: true }],
    },
    {
      case: 'a substitute who is also on the roster is there once, expected',
      rows: [{ person: 'a@x.example' }, { person: 'b@x.example', leaveApproved: true, substitute: 'a@x.example' }],
      roster: [{ email: 'a@x.example' }, { email: 'b@x.example', onLeave: true }],
    },
    {
      case: "on leave from one row but another's substitute: expected",
      rows: [
        { person: 'b@x.example', leaveApproved: true, substitute: 'c@x.example' },
        { person: 'c@x.example', leaveApproved: true, substitute: 'b@x.example' },
      ],
      roster: [{ email: 'c@x.example' }, { email: 'b@x.example' }],
    },
  ])('rosterEntries: $case', ({ rows, roster }) => {
    expect(rosterEntries(rows, organisers)).toEqual(roster);
  });

  it.each([
    { email: 'on@x.example', member: { email: 'on@x.example', name: 'On', language: 'en', active: true } },
    { email: 'left@x.example', member: { email: 'left@x.example', name: 'Left', active: false } },
    { email: 'unknown@x.example', member: { email: 'unknown@x.example', name: 'unknown@x.example', active: false } },
  ])('rosterMembers: $email', ({ email, member }) => {
    const people = new Map([
      ['on@x.example', { name: 'On', language: 'en' as const, active: true }],
      ['left@x.example', { name: 'Left', active: false }],
    ]);
    expect(rosterMembers([{ email }], people)).toEqual([member]);
  });

  it('rosterMembers keeps the leave mark', () => {
    const people = new Map([['b@x.example', { name: 'B', active: true }]]);
    expect(rosterMembers([{ email: 'b@x.example', onLeave: true }], people)).toEqual([
      { email: 'b@x.example', name: 'B', active: true, onLeave: true },
    ]);
  });
});
