// Issue 13, defects 3–6 through the real sheetEdit handler: references to other tabs are checked on every tab,
// natural keys are unique, dates that record the past cannot lie in the future, invisible control characters
// are stripped with a note, every error of a row is shown at once, and phone numbers compare equal in any form.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SheetEditDriver, startSheetEditDriver } from './support/sheet-edit-driver.ts';

const PEOPLE = ['ID', 'Status', 'Email', 'Name', 'Role', 'Active', 'Manager'];
const MEETINGS = ['ID', 'Status', 'Type', 'Title', 'Start', 'End', 'Venue', 'Host', 'Recorder'];
const ATTENDANCE = ['ID', 'Status', 'Meeting', 'Person', 'Meeting role', 'Substitute', 'Check-in'];
const CUSTOMERS = ['ID', 'Status', 'Name', 'Phone', 'Collected by', 'Archive made on'];
const VISITS = ['ID', 'Status', 'Customer', 'Visitor', 'Due', 'Done on'];
const MINUTES = ['ID', 'Status', 'Meeting', 'Kind', 'Text', 'Owner', 'Due'];

let driver: SheetEditDriver;

beforeAll(async () => {
  driver = await startSheetEditDriver(`references-${randomUUID().slice(0, 8)}`);
});

afterAll(async () => {
  await driver.close();
});

async function workbookWithPeople(language: 'en' | 'zh' | 'mixed' = 'en'): Promise<string> {
  const book = await driver.newWorkbook(language);
  const answer = await driver.edit(book, 'People', PEOPLE, [
    ['', '', 'ann@example.com', 'Ann', 'manager', 'yes', ''],
    ['', '', 'bob@example.com', 'Bob', 'sales rep', 'yes', 'ann@example.com'],
    ['', '', 'gone@example.com', 'Gone', 'sales rep', 'no', ''],
  ]);
  expect(answer.body.results.map((r) => r.status)).toEqual(['OK', 'OK', 'OK']);
  return book;
}

async function meeting(book: string): Promise<string> {
  const answer = await driver.edit(book, 'Meetings', MEETINGS, [
    ['', '', 'ad-hoc', 'Pricing', '2027-03-20 10:00', '2027-03-20 11:00', 'Room 1', 'ann@example.com'],
  ]);
  expect(answer.body.results[0]!.status).toBe('OK');
  return answer.body.results[0]!.id!;
}

const codes = (answer: { body: { results: Array<{ messages: Array<{ code: string }> }> } }, row = 0) =>
  answer.body.results[row]!.messages.map((m) => m.code);

describe('references to People are checked on every tab', () => {
  it('refuses an Attendance row for someone who is not on People, and saves nothing', async () => {
    const book = await workbookWithPeople();
    const meetingId = await meeting(book);
    const answer = await driver.edit(book, 'Attendance', ATTENDANCE, [
      ['', '', meetingId, 'stranger@example.com', 'participant'],
    ]);
    expect(codes(answer)).toEqual(['REF_UNKNOWN']);
    expect(answer.body.results[0]!.id).toBeNull();
    expect((await driver.records(book, 'attendance')).size).toBe(0);
  });

  it('refuses a customer collected by an inactive person', async () => {
    const book = await workbookWithPeople();
    const answer = await driver.edit(book, 'Customers', CUSTOMERS, [
      ['', '', '张三', '13800138000', 'gone@example.com', '2027-03-01'],
    ]);
    expect(codes(answer)).toEqual(['PERSON_INACTIVE']);
    expect((await driver.records(book, 'customers')).size).toBe(0);
  });

  it("checks a customer's Owner: an inactive person is refused, a blank Owner is the collector", async () => {
    const book = await workbookWithPeople();
    const header = [...CUSTOMERS, 'Owner'];
    const inactive = await driver.edit(book, 'Customers', header, [
      ['', '', '王五', '13700137000', 'bob@example.com', '', 'gone@example.com'],
    ]);
    expect(codes(inactive)).toEqual(['PERSON_INACTIVE']);
    const unknown = await driver.edit(book, 'Customers', header, [
      ['', '', '王五', '13700137000', 'bob@example.com', '', 'x@y.cn'],
    ]);
    expect(codes(unknown)).toEqual(['REF_UNKNOWN']);
    expect((await driver.records(book, 'customers')).size).toBe(0);

    // Seed 001: who collected a customer owns it.
    const blank = await driver.edit(book, 'Customers', header, [
      ['', '', '王五', '13700137000', 'bob@example.com', '', ''],
    ]);
    expect(blank.body.results[0]!.status).toBe('OK');
    const id = blank.body.results[0]!.id!;
    expect((await driver.records(book, 'customers')).get(id)!.data).toMatchObject({ owner: 'bob@example.com' });
  });

  it('checks an action owner named on the Minutes tab and the meeting it belongs to', async () => {
    const book = await workbookWithPeople();
    const answer = await driver.edit(book, 'Minutes', MINUTES, [
      ['', '', 'M-0000AAAA', 'action', 'Send the price list', 'nobody@example.com', '2027-03-30'],
    ]);
    expect(codes(answer)).toEqual(['REF_UNKNOWN', 'REF_UNKNOWN']);
    expect(answer.body.results[0]!.messages.map((m) => m.column)).toEqual(['meeting', 'owner']);
  });

  it('accepts a manager typed in the same paste as the person they manage', async () => {
    const book = await driver.newWorkbook('en');
    const answer = await driver.edit(book, 'People', PEOPLE, [
      ['', '', 'dee@example.com', 'Dee', 'sales rep', 'yes', 'cat@example.com'],
      ['', '', 'cat@example.com', 'Cat', 'manager', 'yes', ''],
    ]);
    expect(answer.body.results.map((r) => r.status)).toEqual(['OK', 'OK']);
  });
});

describe('natural keys are unique', () => {
  it('refuses a second People row with the same email, naming the first', async () => {
    const book = await workbookWithPeople();
    const [firstId] = [...(await driver.records(book, 'people'))]
      .filter(([, doc]) => (doc.data as { email: string }).email === 'bob@example.com')
      .map(([id]) => id);
    const answer = await driver.edit(book, 'People', PEOPLE, [['', '', 'BOB@example.com', 'Bob 2', 'staff', 'yes']], {
      firstRow: 9,
    });
    expect(codes(answer)).toEqual(['DUPLICATE_RECORD']);
    expect(answer.body.results[0]!.status).toContain(firstId!);
    expect((await driver.records(book, 'people')).size).toBe(3);
  });

  it('refuses the second of two rows with the same email in one paste, naming the first row', async () => {
    const book = await driver.newWorkbook('en');
    const answer = await driver.edit(book, 'People', PEOPLE, [
      ['', '', 'eve@example.com', 'Eve', 'staff', 'yes'],
      ['', '', 'eve@example.com', 'Eve again', 'staff', 'yes'],
    ]);
    expect(answer.body.results[0]!.status).toBe('OK');
    expect(codes(answer, 1)).toEqual(['DUPLICATE_RECORD']);
    expect(answer.body.results[1]!.status).toContain('row 2');
  });

  it('refuses a customer with the same name and the same number in another form', async () => {
    const book = await workbookWithPeople();
    const first = await driver.edit(book, 'Customers', CUSTOMERS, [
      ['', '', '张三', '13800138000', 'bob@example.com', '2027-03-01'],
    ]);
    expect(first.body.results[0]!.status).toBe('OK');
    const second = await driver.edit(
      book,
      'Customers',
      CUSTOMERS,
      [['', '', '张三', '+86 138 0013 8000', 'bob@example.com', '2027-03-02']],
      { firstRow: 3 },
    );
    expect(codes(second)).toEqual(['DUPLICATE_RECORD']);
    expect(second.body.results[0]!.status).toContain(first.body.results[0]!.id!);
  });

  it('saves the same row again under its own ID (editing is not duplicating)', async () => {
    const book = await workbookWithPeople();
    const first = await driver.edit(book, 'Customers', CUSTOMERS, [
      ['', '', '李四', '13900139000', 'bob@example.com', '2027-03-01'],
    ]);
    const id = first.body.results[0]!.id!;
    const again = await driver.edit(book, 'Customers', CUSTOMERS, [
      [id, 'OK', '李四', '139 0013 9000', 'bob@example.com', '2027-03-02'],
    ]);
    expect(again.body.results[0]!.status).toBe('OK');
  });
});

describe('dates that record the past', () => {
  it('refuses a visit done tomorrow, and accepts one done today', async () => {
    const book = await workbookWithPeople();
    const customer = await driver.edit(book, 'Customers', CUSTOMERS, [
      ['', '', '王五', '13700137000', 'bob@example.com', '2027-03-01'],
    ]);
    const customerId = customer.body.results[0]!.id!;
    const answer = await driver.edit(book, 'Visits', VISITS, [
      ['', '', customerId, 'bob@example.com', '2027-03-31', '2027-03-10'],
      ['', '', customerId, 'bob@example.com', '2027-03-31', '2027-03-09'],
    ]);
    expect(codes(answer, 0)).toEqual(['DATE_IN_FUTURE']);
    expect(answer.body.results[1]!.status).toBe('OK');
  });

  it('refuses a visit of a customer that does not exist', async () => {
    const book = await workbookWithPeople();
    const answer = await driver.edit(book, 'Visits', VISITS, [['', '', 'C-0000AAAA', 'bob@example.com', '2027-03-31']]);
    expect(codes(answer)).toEqual(['REF_UNKNOWN']);
  });
});

describe('every error of a row at once', () => {
  it('shows a bad date and an unknown host together, in column order', async () => {
    const book = await workbookWithPeople();
    const answer = await driver.edit(book, 'Meetings', MEETINGS, [
      ['', '', 'ad-hoc', 'Pricing', '2027-02-30 10:00', '2027-03-20 11:00', 'Room 1', 'nobody@example.com'],
    ]);
    expect(answer.body.results[0]!.messages.map((m) => [m.column, m.code])).toEqual([
      ['start', 'DATE_NONEXISTENT'],
      ['host', 'REF_UNKNOWN'],
    ]);
    expect(answer.body.results[0]!.status.split('\n')).toHaveLength(2);
  });

  it('shows end-before-start next to another bad cell', async () => {
    const book = await workbookWithPeople();
    const answer = await driver.edit(book, 'Meetings', MEETINGS, [
      ['', '', 'no such type', 'Pricing', '2027-03-20 10:00', '2027-03-20 09:00'],
    ]);
    expect(codes(answer)).toEqual(['ENUM_INVALID', 'END_NOT_AFTER_START']);
  });
});

describe('text hygiene', () => {
  it('strips control characters, saves the row and says which column was cleaned', async () => {
    const book = await workbookWithPeople();
    const answer = await driver.edit(book, 'Customers', CUSTOMERS, [
      ['', '', '赵\u0007六\u0000', '13600136000', 'bob@example.com', '2027-03-01'],
    ]);
    const result = answer.body.results[0]!;
    expect(result.status.split('\n')[0]).toBe('OK');
    expect(codes(answer)).toEqual(['TEXT_CLEANED']);
    expect(result.status).toContain('Name');
    const stored = (await driver.records(book, 'customers')).get(result.id!)!;
    expect((stored.data as { name: string }).name).toBe('赵六');
  });

  it('strips bidi overrides from an email but keeps right-to-left text in a name', async () => {
    const book = await driver.newWorkbook('en');
    const answer = await driver.edit(book, 'People', PEOPLE, [
      ['', '', '\u202Eomar@example.com\u202C', 'عمر Omar', 'staff', 'yes'],
    ]);
    const result = answer.body.results[0]!;
    const stored = (await driver.records(book, 'people')).get(result.id!)!;
    expect(stored.data).toMatchObject({ email: 'omar@example.com', name: 'عمر Omar' });
  });
});

describe('phone numbers', () => {
  it('stores every form of one number as the same E.164 value', async () => {
    const book = await workbookWithPeople();
    const answer = await driver.edit(book, 'Customers', CUSTOMERS, [
      ['', '', 'A', '13800138000', 'bob@example.com'],
      ['', '', 'B', '+8613800138000', 'bob@example.com'],
      ['', '', 'C', '010-12345678', 'bob@example.com'],
      ['', '', 'D', '（010）1234 5678', 'bob@example.com'],
    ]);
    expect(answer.body.results.map((r) => r.status)).toEqual(['OK', 'OK', 'OK', 'OK']);
    const phones = [...(await driver.records(book, 'customers')).values()]
      .map((doc) => (doc.data as { phone: string }).phone)
      .sort();
    expect(phones).toEqual(['+861012345678', '+861012345678', '+8613800138000', '+8613800138000']);
    // The typed cell is not written over: the answer names only the ID and Status cells.
    for (const result of answer.body.results) expect(result.cells?.every((c) => c.column <= 2)).toBe(true);
  });

  it('refuses a number that cannot exist, showing the forms accepted', async () => {
    const book = await workbookWithPeople();
    const answer = await driver.edit(book, 'Customers', CUSTOMERS, [['', '', 'A', '12345678901', 'bob@example.com']]);
    expect(codes(answer)).toEqual(['PHONE_INVALID']);
    expect(answer.body.results[0]!.status).toContain('+86 138 0013 8000');
  });

  it('reads numbers in the region the Settings tab names', async () => {
    const book = await workbookWithPeople();
    const setting = await driver.edit(
      book,
      'Settings',
      ['ID', 'Status', 'Setting', 'Value'],
      [['', '', 'default phone region', 'HK']],
    );
    expect(setting.body.results[0]!.status).toBe('OK');
    const answer = await driver.edit(book, 'Customers', CUSTOMERS, [['', '', 'A', '9123 4567', 'bob@example.com']]);
    expect(answer.body.results[0]!.status).toBe('OK');
    const [stored] = [...(await driver.records(book, 'customers')).values()];
    expect((stored!.data as { phone: string }).phone).toBe('+85291234567');
  });
});

describe('every error of a row at once, with the tab’s own rules', () => {
  it('shows a dealer conference’s missing venue and budget next to a bad end and an unknown recorder', async () => {
    const book = await workbookWithPeople();
    const answer = await driver.edit(book, 'Meetings', MEETINGS, [
      ['', '', 'dealer conference', 'East', '2027-03-20 09:00', 'tomorrow', '', 'ann@example.com', 'x@example.com'],
    ]);
    expect(answer.body.results[0]!.messages.map((m) => [m.column, m.code])).toEqual([
      ['end', 'DATETIME_INVALID'],
      ['venue', 'VALUE_REQUIRED_WHEN'],
      ['recorder', 'REF_UNKNOWN'],
      ['budget', 'VALUE_REQUIRED_WHEN'],
      // This sheet has no Budget column, so the user is also told why they cannot fill it in.
      ['budget', 'COLUMN_MISSING'],
    ]);
  });
});

describe('a reference is judged when it changes (a new row: all of them)', () => {
  it('a saved row still naming someone who has since left is saved when another of its columns changes', async () => {
    const book = await workbookWithPeople();
    const people = await driver.records(book, 'people');
    const bobId = [...people].find(([, doc]) => (doc.data as { email: string }).email === 'bob@example.com')![0];
    const hosted = (title: string, recorder = '') => [
      'ad-hoc',
      title,
      '2027-03-20 10:00',
      '2027-03-20 11:00',
      'Room 1',
      'bob@example.com',
      recorder,
    ];
    const saved = await driver.edit(book, 'Meetings', MEETINGS, [['', '', ...hosted('Pricing')]]);
    const meetingId = saved.body.results[0]!.id!;
    const customer = await driver.edit(book, 'Customers', CUSTOMERS, [
      ['', '', '张三', '13800138000', 'bob@example.com', '2027-03-01'],
    ]);
    const customerId = customer.body.results[0]!.id!;
    expect([saved.body.results[0]!.status, customer.body.results[0]!.status]).toEqual(['OK', 'OK']);

    // Bob leaves.
    const left = await driver.edit(
      book,
      'People',
      PEOPLE,
      [[bobId, '', 'bob@example.com', 'Bob', 'sales rep', 'no', 'ann@example.com']],
      { firstRow: 3 },
    );
    expect(left.body.results[0]!.status).toBe('OK');

    // His old rows still name him; changing something else in them is saved.
    const renamed = await driver.edit(book, 'Meetings', MEETINGS, [[meetingId, '', ...hosted('Pricing, moved')]]);
    expect(renamed.body.results[0]!.status).toBe('OK');
    expect(((await driver.records(book, 'meetings')).get(meetingId)!.data as { title: string }).title).toBe(
      'Pricing, moved',
    );
    const rephoned = await driver.edit(book, 'Customers', CUSTOMERS, [
      [customerId, '', '张三', '13900139000', 'bob@example.com', '2027-03-01'],
    ]);
    expect(rephoned.body.results[0]!.status).toBe('OK');

    // A reference changed to a leaver is refused (only that one: the unchanged host is not judged again).
    const recorder = await driver.edit(book, 'Meetings', MEETINGS, [
      [meetingId, '', ...hosted('Pricing, moved', 'gone@example.com')],
    ]);
    expect(codes(recorder)).toEqual(['PERSON_INACTIVE']);
    expect(recorder.body.results[0]!.messages[0]!.column).toBe('recorder');
    // A new row naming him is judged whole.
    const fresh = await driver.edit(book, 'Meetings', MEETINGS, [['', '', ...hosted('New one')]], { firstRow: 3 });
    expect(codes(fresh)).toEqual(['PERSON_INACTIVE']);
  });
});
