// Issue 13, authorization, through the real sheetEdit handler with requests signed as the Apps Script signs them:
// the editor's People row decides what they may change (edit-permissions.ts). Per tab and role: an allowed change
// is saved; a refused one gets a bilingual Status, the answer puts the stored value back into the cell, and the
// record is unchanged. An editor the trigger could not name, or who is not on People, is refused; a resync that
// carries other people's unchanged rows refuses nothing; a new workbook is open until People has an admin.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type SheetEditDriver, startSheetEditDriver } from './support/sheet-edit-driver.ts';

const PEOPLE = ['ID', 'Status', 'Email', 'Name', 'Role', 'Active', 'Manager'];
const MEETINGS = ['ID', 'Status', 'Type', 'Title', 'Start', 'End', 'Venue', 'Host', 'Recorder'];
const ATTENDANCE = ['ID', 'Status', 'Meeting', 'Person', 'Meeting role', 'Check-in'];
const MINUTES = ['ID', 'Status', 'Meeting', 'Kind', 'Text'];
const CUSTOMERS = ['ID', 'Status', 'Name', 'Phone', 'Collected by', 'Region'];
const SETTINGS = ['ID', 'Status', 'Setting', 'Value'];
const AGENDA = ['ID', 'Status', 'Meeting', 'Order', 'Topic', 'Presenter', 'Material link'];
const ACTIONS = ['ID', 'Status', 'Source meeting', 'Action', 'Owner', 'Due', 'Action status', 'Progress note'];
const VISITS = ['ID', 'Status', 'Customer', 'Visitor', 'Due', 'Notes'];
const FEEDBACK = ['ID', 'Status', 'Meeting', 'Person', 'Satisfaction (1-5)', 'Comment'];
const TARGETS = ['ID', 'Status', 'Person', 'Month', 'Target', 'Actual'];

const ADMIN = 'admin@example.com';
const BOSS = 'boss@example.com';
const REP1 = 'rep1@example.com';
const REP2 = 'rep2@example.com';
const STAFF = 'staff@example.com';
/** On People (added by `outsider`) with no manager and no part in the meetings: related to no row. */
const OTHER = 'other@example.com';

let driver: SheetEditDriver;

beforeAll(async () => {
  driver = await startSheetEditDriver(`roles-${randomUUID().slice(0, 8)}`);
});

afterAll(async () => {
  await driver.close();
});

const codes = (answer: Answer, row = 0) => answer.body.results[row]!.messages.map((m) => m.code);
const statuses = (answer: Answer) => answer.body.results.map((r) => r.status);
/** The value the answer writes into the (1-based) column of the header named `name`. */
const written = (answer: Answer, header: string[], name: string, row = 0) =>
  answer.body.results[row]!.cells!.find((cell) => cell.column === header.indexOf(name) + 1)?.value;

/** A workbook whose People tab has an admin, a manager over two reps, and a staff member. */
async function team(): Promise<string> {
  const book = await driver.newWorkbook('mixed');
  // Typed by someone the workbook does not know yet: there is no admin until these rows are saved.
  const answer = await driver.edit(
    book,
    'People',
    PEOPLE,
    [
      ['', '', ADMIN, 'Admin', 'admin', 'yes', ''],
      ['', '', BOSS, 'Boss', 'manager', 'yes', ''],
      ['', '', REP1, 'Rep One', 'sales rep', 'yes', BOSS],
      ['', '', REP2, 'Rep Two', 'sales rep', 'yes', BOSS],
      ['', '', STAFF, 'Staff', 'staff', 'yes', BOSS],
    ],
    { editor: 'setup@elsewhere.example' },
  );
  expect(statuses(answer)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
  return book;
}

/** A meeting hosted by rep1 and recorded by staff, at row 2 of Meetings (`day`: its date, after "now" by default). */
async function meeting(book: string, day = '2027-03-20'): Promise<string> {
  const answer = await driver.edit(
    book,
    'Meetings',
    MEETINGS,
    [['', '', 'ad-hoc', 'Pricing', `${day} 10:00`, `${day} 11:00`, 'Room 1', REP1, STAFF]],
    { editor: REP1 },
  );
  expect(statuses(answer)).toEqual(['OK']);
  return answer.body.results[0]!.id!;
}

/** Adds OTHER to People (row 7), as the admin. */
async function outsider(book: string): Promise<void> {
  const answer = await driver.edit(book, 'People', PEOPLE, [['', '', OTHER, 'Other', 'staff', 'yes', '']], {
    editor: ADMIN,
    firstRow: 7,
  });
  expect(statuses(answer)).toEqual(['OK']);
}

async function record(book: string, collection: string, id: string): Promise<Record<string, unknown>> {
  return (await driver.records(book, collection)).get(id)!.data as Record<string, unknown>;
}

describe('a new workbook is open until People has an admin', () => {
  it('saves the first People rows from anyone, then only an admin adds people', async () => {
    const book = await team();
    const answer = await driver.edit(book, 'People', PEOPLE, [['', '', 'new@example.com', 'New', 'staff', 'yes']], {
      editor: REP1,
      firstRow: 7,
    });
    expect(codes(answer)).toEqual(['EDIT_ROW_NOT_ALLOWED']);
    expect(answer.body.results[0]!.id).toBeNull();
    expect(answer.body.results[0]!.status).toContain('only an admin may');
    expect((await driver.records(book, 'people')).size).toBe(5);
    const byAdmin = await driver.edit(book, 'People', PEOPLE, [['', '', 'new@example.com', 'New', 'staff', 'yes']], {
      editor: ADMIN,
      firstRow: 7,
    });
    expect(statuses(byAdmin)).toEqual(['OK']);
  });
});

describe('People', () => {
  it('lets a person fix their own name but not give themselves a role: the saved role is put back', async () => {
    const book = await team();
    const id = [...(await driver.records(book, 'people')).entries()].find(([, d]) => d.sheetRow === 4)![0];
    const rename = await driver.edit(book, 'People', PEOPLE, [[id, '', REP1, 'Rep 1', 'sales rep', 'yes', BOSS]], {
      editor: REP1,
      firstRow: 4,
    });
    expect(statuses(rename)).toEqual(['OK']);
    expect((await record(book, 'people', id)).name).toBe('Rep 1');

    const promote = await driver.edit(book, 'People', PEOPLE, [[id, '', REP1, 'Rep 1', 'admin', 'yes', BOSS]], {
      editor: REP1,
      firstRow: 4,
    });
    expect(codes(promote)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(promote.body.results[0]!.status).toContain('rep1@example.com 无权修改本行的“角色”');
    expect(promote.body.results[0]!.status).toContain('may not change "Role" of this row; only an admin may');
    expect(written(promote, PEOPLE, 'Role')).toBe('销售代表');
    expect(promote.body.results[0]!.id).toBe(id);
    expect((await record(book, 'people', id)).role).toBe('rep');
  });

  it('judges a row re-sent as unchanged (kind change) by what it carries: a new role is still refused', async () => {
    const book = await team();
    const id = [...(await driver.records(book, 'people')).entries()].find(([, d]) => d.sheetRow === 4)![0];
    const resent = await driver.edit(book, 'People', PEOPLE, [[id, '', REP1, 'Rep One', 'admin', 'yes', BOSS]], {
      editor: REP1,
      firstRow: 4,
      kind: 'change',
    });
    expect(codes(resent)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(written(resent, PEOPLE, 'Role')).toBe('销售代表');
    expect((await record(book, 'people', id)).role).toBe('rep');
  });

  it('finds an editor whose People e-mail was typed with capitals (addresses compare case-insensitively)', async () => {
    const book = await team();
    const typed = await driver.edit(
      book,
      'People',
      PEOPLE,
      [['', '', 'Rep3@Example.COM', 'Rep 3', 'sales rep', 'yes']],
      {
        editor: ADMIN,
        firstRow: 7,
      },
    );
    expect(statuses(typed)).toEqual(['OK']);
    const id = typed.body.results[0]!.id!;
    const rename = await driver.edit(
      book,
      'People',
      PEOPLE,
      [[id, '', 'Rep3@Example.COM', 'Rep Three', 'sales rep', 'yes']],
      {
        editor: 'rep3@EXAMPLE.com',
        firstRow: 7,
      },
    );
    expect(statuses(rename)).toEqual(['OK']);
    expect((await record(book, 'people', id)).name).toBe('Rep Three');
  });
});

describe('Meetings', () => {
  it("lets the host's manager change a meeting, and refuses another rep with the venue put back", async () => {
    const book = await team();
    const id = await meeting(book);
    const row = (venue: string) => [
      id,
      '',
      'ad-hoc',
      'Pricing',
      '2027-03-20 10:00',
      '2027-03-20 11:00',
      venue,
      REP1,
      STAFF,
    ];
    const refused = await driver.edit(book, 'Meetings', MEETINGS, [row('Room 9')], { editor: REP2 });
    expect(codes(refused)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(refused.body.results[0]!.status).toContain('only an admin, the person in "Host" (rep1@example.com)');
    expect(written(refused, MEETINGS, 'Venue')).toBe('Room 1');
    expect((await record(book, 'meetings', id)).venue).toBe('Room 1');

    const byManager = await driver.edit(book, 'Meetings', MEETINGS, [row('Room 2')], { editor: BOSS });
    expect(statuses(byManager)).toEqual(['OK']);
    expect(written(byManager, MEETINGS, 'Venue')).toBeUndefined();
    expect((await record(book, 'meetings', id)).venue).toBe('Room 2');
  });
});

describe('Minutes', () => {
  it('are written by the recorder or host; a participant is refused and the text restored', async () => {
    const book = await team();
    const meetingId = await meeting(book);
    const added = await driver.edit(book, 'Minutes', MINUTES, [['', '', meetingId, 'decision', 'Raise prices']], {
      editor: STAFF,
    });
    expect(statuses(added)).toEqual(['OK']);
    const id = added.body.results[0]!.id!;

    const changed = await driver.edit(book, 'Minutes', MINUTES, [[id, '', meetingId, 'decision', 'Cut prices']], {
      editor: REP2,
    });
    expect(codes(changed)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(written(changed, MINUTES, 'Text')).toBe('Raise prices');
    expect((await record(book, 'minutes', id)).text).toBe('Raise prices');

    const byHost = await driver.edit(book, 'Minutes', MINUTES, [[id, '', meetingId, 'decision', 'Keep prices']], {
      editor: REP1,
    });
    expect(statuses(byHost)).toEqual(['OK']);
    expect((await record(book, 'minutes', id)).text).toBe('Keep prices');
  });
});

describe('Attendance', () => {
  it('lets a person check themselves in, not someone else', async () => {
    const book = await team();
    // This morning's meeting, so a check-in lies in the past.
    const meetingId = await meeting(book, '2027-03-09');
    const roster = await driver.edit(book, 'Attendance', ATTENDANCE, [['', '', meetingId, REP2, 'participant', '']], {
      editor: REP1,
    });
    expect(statuses(roster)).toEqual(['OK']);
    const id = roster.body.results[0]!.id!;

    const bySomeoneElse = await driver.edit(
      book,
      'Attendance',
      ATTENDANCE,
      [[id, '', meetingId, REP2, 'participant', '2027-03-09 08:31']],
      { editor: BOSS },
    );
    expect(codes(bySomeoneElse)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(written(bySomeoneElse, ATTENDANCE, 'Check-in')).toBe('');
    expect((await record(book, 'attendance', id)).checkIn).toBeUndefined();

    const own = await driver.edit(
      book,
      'Attendance',
      ATTENDANCE,
      [[id, '', meetingId, REP2, 'participant', '2027-03-09 08:31']],
      { editor: REP2 },
    );
    expect(codes(own)).toEqual([]);
    expect((await record(book, 'attendance', id)).checkIn).toBeTruthy();
  });
});

describe('Customers (seed 001)', () => {
  it("keeps a rep's customer theirs: another rep is refused and the phone put back; the manager may", async () => {
    const book = await team();
    const added = await driver.edit(book, 'Customers', CUSTOMERS, [['', '', '张三', '13800138000', REP1, '海淀']], {
      editor: REP1,
    });
    expect(statuses(added)).toEqual(['OK']);
    const id = added.body.results[0]!.id!;

    const byOther = await driver.edit(book, 'Customers', CUSTOMERS, [[id, '', '张三', '13900139000', REP1, '海淀']], {
      editor: REP2,
    });
    expect(codes(byOther)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(written(byOther, CUSTOMERS, 'Phone')).toBe('+8613800138000');
    expect((await record(book, 'customers', id)).phone).toBe('+8613800138000');

    const byManager = await driver.edit(book, 'Customers', CUSTOMERS, [[id, '', '张三', '13800138000', REP1, '朝阳']], {
      editor: BOSS,
    });
    expect(statuses(byManager)).toEqual(['OK']);
    expect((await record(book, 'customers', id)).region).toBe('朝阳');
  });

  it('lets managers assign a customer (Owner); a rep may not, and the saved Owner is put back', async () => {
    const book = await team();
    const header = [...CUSTOMERS, 'Owner'];
    const row = (id: string, owner: string) => [id, '', '张三', '13800138000', REP1, '海淀', owner];
    // At intake the collector owns it (seed 001), typed or left blank.
    const added = await driver.edit(book, 'Customers', header, [row('', REP1)], { editor: REP1 });
    expect(statuses(added)).toEqual(['OK']);
    const id = added.body.results[0]!.id!;
    // A rep may not give a customer to someone else at intake either.
    const given = await driver.edit(book, 'Customers', header, [['', '', '李四', '13700137000', REP1, '', REP2]], {
      editor: REP1,
      firstRow: 3,
    });
    expect(codes(given)).toEqual(['EDIT_NEW_COLUMNS_NOT_ALLOWED']);

    const byRep = await driver.edit(book, 'Customers', header, [row(id, REP2)], { editor: REP1 });
    expect(codes(byRep)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(byRep.body.results[0]!.status).toContain('may not change "Owner" of this row');
    expect(written(byRep, header, 'Owner')).toBe(REP1);
    expect((await record(book, 'customers', id)).owner).toBe(REP1);

    const byManager = await driver.edit(book, 'Customers', header, [row(id, REP2)], { editor: BOSS });
    expect(statuses(byManager)).toEqual(['OK']);
    expect((await record(book, 'customers', id)).owner).toBe(REP2);
    // The new owner keeps the customer up to date, but cannot hand it on either.
    const byOwner = await driver.edit(book, 'Customers', header, [[...row(id, REP2).slice(0, 5), '朝阳', REP2]], {
      editor: REP2,
    });
    expect(statuses(byOwner)).toEqual(['OK']);
    const handOn = await driver.edit(book, 'Customers', header, [[...row(id, REP1).slice(0, 5), '朝阳', REP1]], {
      editor: REP2,
    });
    expect(codes(handOn)).toEqual(['EDIT_NOT_ALLOWED']);
    const byAdmin = await driver.edit(book, 'Customers', header, [[...row(id, REP1).slice(0, 5), '朝阳', REP1]], {
      editor: ADMIN,
    });
    expect(statuses(byAdmin)).toEqual(['OK']);
    expect((await record(book, 'customers', id)).owner).toBe(REP1);
  });

  it("refuses nothing in a resync that carries other reps' unchanged rows", async () => {
    const book = await team();
    const mine = await driver.edit(book, 'Customers', CUSTOMERS, [['', '', '张三', '13800138000', REP1, '']], {
      editor: REP1,
    });
    const id = mine.body.results[0]!.id!;
    const resync = await driver.edit(
      book,
      'Customers',
      CUSTOMERS,
      [
        [id, 'OK', '张三', '+8613800138000', REP1, ''],
        ['', '', '李四', '13700137000', REP2, ''],
      ],
      { editor: REP2, kind: 'resync' },
    );
    expect(statuses(resync)).toEqual(['OK', 'OK']);
    expect((await driver.records(book, 'customers')).size).toBe(2);
  });
});

describe('Agenda', () => {
  it('lets a presenter hand in the material of their own item but not retitle it; the host may', async () => {
    const book = await team();
    const meetingId = await meeting(book);
    const row = (topic: string, link: string) => ['', '', meetingId, '1', topic, REP2, link];
    const added = await driver.edit(book, 'Agenda', AGENDA, [row('Prices', '')], { editor: REP1 });
    expect(statuses(added)).toEqual(['OK']);
    const id = added.body.results[0]!.id!;
    const withId = (topic: string, link: string) => [id, ...row(topic, link).slice(1)];

    const material = await driver.edit(book, 'Agenda', AGENDA, [withId('Prices', 'https://example.com/deck')], {
      editor: REP2,
    });
    expect(statuses(material)).toEqual(['OK']);
    expect((await record(book, 'agendaItems', id)).materialLink).toBe('https://example.com/deck');

    const retitle = await driver.edit(book, 'Agenda', AGENDA, [withId('Discounts', 'https://example.com/deck')], {
      editor: REP2,
    });
    expect(codes(retitle)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(retitle.body.results[0]!.status).toContain('may not change "Topic" of this row');
    expect(retitle.body.results[0]!.status).toContain("the meeting's host (rep1@example.com)");
    expect(written(retitle, AGENDA, 'Topic')).toBe('Prices');
    expect((await record(book, 'agendaItems', id)).topic).toBe('Prices');

    const byHost = await driver.edit(book, 'Agenda', AGENDA, [withId('Discounts', 'https://example.com/deck')], {
      editor: REP1,
    });
    expect(statuses(byHost)).toEqual(['OK']);
    expect((await record(book, 'agendaItems', id)).topic).toBe('Discounts');
  });
});

describe('Actions', () => {
  it('lets the owner report progress but not move the deadline; the host may; an outsider is refused', async () => {
    const book = await team();
    await outsider(book);
    const meetingId = await meeting(book);
    const row = (id: string, due: string, state: string, note: string) => [
      id,
      '',
      meetingId,
      'Send the price list',
      REP2,
      due,
      state,
      note,
    ];
    const added = await driver.edit(book, 'Actions', ACTIONS, [row('', '2027-03-25', 'open', '')], { editor: REP1 });
    expect(statuses(added)).toEqual(['OK']);
    const id = added.body.results[0]!.id!;

    const progress = await driver.edit(book, 'Actions', ACTIONS, [row(id, '2027-03-25', 'in progress', 'Drafted')], {
      editor: REP2,
    });
    expect(statuses(progress)).toEqual(['OK']);
    expect(await record(book, 'actions', id)).toMatchObject({ state: 'inProgress', progressNote: 'Drafted' });

    const later = await driver.edit(book, 'Actions', ACTIONS, [row(id, '2027-04-30', 'in progress', 'Drafted')], {
      editor: REP2,
    });
    expect(codes(later)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(later.body.results[0]!.status).toContain('may not change "Due" of this row');
    expect(later.body.results[0]!.status).toContain("the meeting's host (rep1@example.com)");
    expect(written(later, ACTIONS, 'Due')).toBe('2027-03-25');
    expect((await record(book, 'actions', id)).due).toBe('2027-03-25');

    const byOutsider = await driver.edit(book, 'Actions', ACTIONS, [row(id, '2027-03-25', 'done', 'Drafted')], {
      editor: OTHER,
    });
    expect(codes(byOutsider)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(written(byOutsider, ACTIONS, 'Action status')).toBe('进行中');
    expect((await record(book, 'actions', id)).state).toBe('inProgress');

    const byHost = await driver.edit(book, 'Actions', ACTIONS, [row(id, '2027-04-30', 'in progress', 'Drafted')], {
      editor: REP1,
    });
    expect(statuses(byHost)).toEqual(['OK']);
    expect((await record(book, 'actions', id)).due).toBe('2027-04-30');
  });
});

describe('Visits', () => {
  it("are the visitor's: another rep is refused and the notes put back", async () => {
    const book = await team();
    const customer = await driver.edit(book, 'Customers', CUSTOMERS, [['', '', '张三', '13800138000', REP1, '海淀']], {
      editor: REP1,
    });
    const customerId = customer.body.results[0]!.id!;
    const row = (id: string, notes: string) => [id, '', customerId, REP1, '2027-03-20', notes];
    const added = await driver.edit(book, 'Visits', VISITS, [row('', '')], { editor: REP1 });
    expect(statuses(added)).toEqual(['OK']);
    const id = added.body.results[0]!.id!;

    const byOther = await driver.edit(book, 'Visits', VISITS, [row(id, 'Not interested')], { editor: REP2 });
    expect(codes(byOther)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(byOther.body.results[0]!.status).toContain('the person in "Visitor" (rep1@example.com)');
    expect(written(byOther, VISITS, 'Notes')).toBe('');
    expect((await record(book, 'visits', id)).notes).toBeUndefined();

    const own = await driver.edit(book, 'Visits', VISITS, [row(id, 'Wants a demo')], { editor: REP1 });
    expect(statuses(own)).toEqual(['OK']);
    expect((await record(book, 'visits', id)).notes).toBe('Wants a demo');
  });
});

describe('Feedback', () => {
  it("is the person's own or typed in by the meeting's host; the person's manager is refused", async () => {
    const book = await team();
    const meetingId = await meeting(book, '2027-03-08');
    const row = (id: string, score: string, comment: string) => [id, '', meetingId, REP2, score, comment];
    const added = await driver.edit(book, 'Feedback', FEEDBACK, [row('', '4', 'Useful')], { editor: REP2 });
    expect(statuses(added)).toEqual(['OK']);
    const id = added.body.results[0]!.id!;

    const byManager = await driver.edit(book, 'Feedback', FEEDBACK, [row(id, '2', 'Useful')], { editor: BOSS });
    expect(codes(byManager)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(byManager.body.results[0]!.status).toContain('the person in "Person" (rep2@example.com)');
    expect(written(byManager, FEEDBACK, 'Satisfaction (1-5)')).toBe('4');
    expect((await record(book, 'feedback', id)).satisfaction).toBe(4);

    const byHost = await driver.edit(book, 'Feedback', FEEDBACK, [row(id, '4', 'Useful, too long')], {
      editor: REP1,
    });
    expect(statuses(byHost)).toEqual(['OK']);
    expect((await record(book, 'feedback', id)).comment).toBe('Useful, too long');
  });
});

describe('Targets', () => {
  it('are set by managers; a rep is refused and the target put back', async () => {
    const book = await team();
    const added = await driver.edit(book, 'Targets', TARGETS, [['', '', REP1, '2027-03', '100', '']], {
      editor: BOSS,
    });
    expect(statuses(added)).toEqual(['OK']);
    const id = added.body.results[0]!.id!;

    const byRep = await driver.edit(book, 'Targets', TARGETS, [[id, '', REP1, '2027-03', '10', '']], {
      editor: REP1,
    });
    expect(codes(byRep)).toEqual(['EDIT_NOT_ALLOWED']);
    expect(byRep.body.results[0]!.status).toContain('only an admin or a manager may');
    expect(written(byRep, TARGETS, 'Target')).toBe('100');
    expect((await record(book, 'targets', id)).target).toBe(100);

    const byManager = await driver.edit(book, 'Targets', TARGETS, [[id, '', REP1, '2027-03', '100', '40']], {
      editor: BOSS,
    });
    expect(statuses(byManager)).toEqual(['OK']);
    expect((await record(book, 'targets', id)).actual).toBe(40);
  });
});

describe('Settings', () => {
  it('are changed by admins only', async () => {
    const book = await team();
    const byManager = await driver.edit(book, 'Settings', SETTINGS, [['', '', 'digest time', '09:00']], {
      editor: BOSS,
    });
    expect(codes(byManager)).toEqual(['EDIT_ROW_NOT_ALLOWED']);
    expect((await driver.records(book, 'settings')).size).toBe(0);
    const byAdmin = await driver.edit(book, 'Settings', SETTINGS, [['', '', 'digest time', '09:00']], {
      editor: ADMIN,
    });
    expect(statuses(byAdmin)).toEqual(['OK']);
  });
});

describe('an editor the system cannot identify', () => {
  it('is refused, told why (Workspace domain) and how to fix it; the record is unchanged', async () => {
    const book = await team();
    const added = await driver.edit(book, 'Customers', CUSTOMERS, [['', '', '张三', '13800138000', REP1, '海淀']], {
      editor: REP1,
    });
    const id = added.body.results[0]!.id!;
    const anonymous = await driver.edit(book, 'Customers', CUSTOMERS, [[id, '', '张三', '13800138000', REP1, '朝阳']], {
      editor: '',
    });
    expect(codes(anonymous)).toEqual(['EDITOR_UNKNOWN']);
    expect(anonymous.body.results[0]!.status).toContain('same Google Workspace domain');
    expect(anonymous.body.results[0]!.status).toContain('同一 Google Workspace 域');
    expect(written(anonymous, CUSTOMERS, 'Region')).toBe('海淀');

    const stranger = await driver.edit(book, 'Customers', CUSTOMERS, [[id, '', '张三', '13800138000', REP1, '朝阳']], {
      editor: 'someone@gmail.com',
    });
    expect(codes(stranger)).toEqual(['EDITOR_NOT_ON_PEOPLE']);
    expect(stranger.body.results[0]!.status).toContain('someone@gmail.com');
    expect((await record(book, 'customers', id)).region).toBe('海淀');
  });
});

// Deleting a row: a resync that no longer shows a row deletes its record only if the editor could have added that
// row (edit-permissions.ts decideRowDeletion). A refused deletion changes no record; the answer puts the row back
// below the last row, from the record, with a Status saying why.
describe('deleting a row', () => {
  it("refuses a rep deleting a colleague's customer and puts the row back below the last row", async () => {
    const book = await team();
    const theirs = await driver.edit(book, 'Customers', CUSTOMERS, [['', '', '张三', '13800138000', REP1, '海淀']], {
      editor: REP1,
    });
    const id = theirs.body.results[0]!.id!;
    const mine = await driver.edit(book, 'Customers', CUSTOMERS, [['', '', '李四', '13700137000', REP2, '']], {
      editor: REP2,
      firstRow: 3,
    });
    const mineId = mine.body.results[0]!.id!;

    // rep2 deleted row 2: the sheet now holds rep2's customer at row 2 and nothing below it.
    const resync = await driver.edit(
      book,
      'Customers',
      CUSTOMERS,
      [[mineId, 'OK', '李四', '+8613700137000', REP2, '']],
      {
        editor: REP2,
        kind: 'resync',
      },
    );
    expect(resync.status).toBe(200);
    const back = resync.body.results.find((r) => r.id === id)!;
    expect(back.row).toBe(3);
    expect(codes(resync, resync.body.results.indexOf(back))).toEqual(['DELETE_NOT_ALLOWED']);
    expect(back.status).toContain('rep2@example.com may not delete this row of the Customers tab');
    expect(back.status).toContain('rep2@example.com 无权删除“客户档案”表中的这一行');
    expect(back.status).toContain('the person in "Collected by" (rep1@example.com)');
    const cell = (name: string) => back.cells!.find((c) => c.column === CUSTOMERS.indexOf(name) + 1)?.value;
    expect([cell('ID'), cell('Name'), cell('Phone'), cell('Collected by'), cell('Region')]).toEqual([
      id,
      '张三',
      '+8613800138000',
      REP1,
      '海淀',
    ]);
    const stored = (await driver.records(book, 'customers')).get(id)!;
    expect(stored.deleted).toBe(false);
    expect(stored.sheetRow).toBe(3);
    expect(stored.data).toMatchObject({ name: '张三', region: '海淀' });

    // The row is back, so the next resync (the rep's or the nightly reconcile's) finds nothing deleted.
    const again = await driver.edit(
      book,
      'Customers',
      CUSTOMERS,
      [
        [mineId, 'OK', '李四', '+8613700137000', REP2, ''],
        [id, back.status, '张三', '+8613800138000', REP1, '海淀'],
      ],
      { editor: REP2, kind: 'resync' },
    );
    expect(again.body.results.map((r) => r.row)).toEqual([2, 3]);
    expect((await driver.records(book, 'customers')).get(id)!.deleted).toBe(false);
  });

  it("lets a host delete an agenda item of their meeting, and an admin delete a rep's customer", async () => {
    const book = await team();
    const meetingId = await meeting(book);
    const agenda = await driver.edit(
      book,
      'Agenda',
      AGENDA,
      [
        ['', '', meetingId, '1', 'Prices', REP2, ''],
        ['', '', meetingId, '2', 'Stock', REP2, ''],
      ],
      { editor: STAFF },
    );
    const [prices, stock] = agenda.body.results.map((r) => r.id!);
    const byHost = await driver.edit(book, 'Agenda', AGENDA, [[stock, 'OK', meetingId, '2', 'Stock', REP2, '']], {
      editor: REP1,
      kind: 'resync',
    });
    expect(byHost.body.results.map((r) => r.id)).toEqual([stock]);
    expect((await driver.records(book, 'agendaItems')).get(prices!)!.deleted).toBe(true);

    const customers = await driver.edit(
      book,
      'Customers',
      CUSTOMERS,
      [
        ['', '', '张三', '13800138000', REP1, '海淀'],
        ['', '', '李四', '13700137000', REP2, ''],
      ],
      { editor: BOSS },
    );
    const [rep1Customer, rep2Customer] = customers.body.results.map((r) => r.id!);
    const byAdmin = await driver.edit(
      book,
      'Customers',
      CUSTOMERS,
      [[rep2Customer, 'OK', '李四', '+8613700137000', REP2, '']],
      { editor: ADMIN, kind: 'resync' },
    );
    expect(byAdmin.body.results.map((r) => r.id)).toEqual([rep2Customer]);
    expect((await driver.records(book, 'customers')).get(rep1Customer!)!.deleted).toBe(true);
  });

  it('refuses a deletion by an editor the sheet could not name, and by an action owner (progress only)', async () => {
    const book = await team();
    const meetingId = await meeting(book);
    const actions = await driver.edit(
      book,
      'Actions',
      ACTIONS,
      [
        ['', '', meetingId, 'Call the dealer', REP2, '2027-03-25', 'open', ''],
        ['', '', meetingId, 'Send the deck', REP2, '2027-03-25', 'open', ''],
      ],
      { editor: REP1 },
    );
    const [call, deck] = actions.body.results.map((r) => r.id!);
    const keep = [[deck, 'OK', meetingId, 'Send the deck', REP2, '2027-03-25', 'open', '']];
    const anonymous = await driver.edit(book, 'Actions', ACTIONS, keep, { editor: '', kind: 'resync' });
    expect(anonymous.body.results.find((r) => r.id === call)!.messages.map((m) => m.code)).toEqual([
      'DELETE_EDITOR_UNKNOWN',
    ]);
    // The owner reports progress on an action but did not assign it: they may not delete it.
    const byOwner = await driver.edit(book, 'Actions', ACTIONS, keep, { editor: REP2, kind: 'resync' });
    expect(byOwner.body.results.find((r) => r.id === call)!.messages.map((m) => m.code)).toEqual([
      'DELETE_NOT_ALLOWED',
    ]);
    expect((await driver.records(book, 'actions')).get(call!)!.deleted).toBe(false);
  });
});
