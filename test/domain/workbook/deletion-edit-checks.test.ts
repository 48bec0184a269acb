// Who may delete a row (issue 13, authorization): whoever could have added that very row as it is stored
// (edit-permissions.ts decideRowDeletion), per tab and role; a refused deletion is answered with the row put back
// from the record, below the last row; the system's own runs keep only rows whose deletion was refused before.
import { describe, expect, it } from 'vitest';
import {
  type DeletionCandidate,
  checkDeletions,
  restoredRowResults,
} from '../../../functions/src/domain/workbook/deletion-edit-checks.ts';
import { type PersonRole, decideRowDeletion } from '../../../functions/src/domain/workbook/edit-permissions.ts';
import type { PermissionContext } from '../../../functions/src/domain/workbook/permission-edit-checks.ts';
import type { SheetEditPlan } from '../../../functions/src/domain/workbook/sheet-edit-plan.ts';
import { type TabKey, type TabSpec, getTab } from '../../../functions/src/domain/workbook/workbook-schema.ts';

// An admin, a manager over two reps, and staff; meeting M1 is hosted by rep1 and recorded by staff.
const ROLES: Record<string, PersonRole> = {
  'admin@x.cn': 'admin',
  'boss@x.cn': 'manager',
  'rep1@x.cn': 'rep',
  'rep2@x.cn': 'rep',
  'staff@x.cn': 'staff',
};
const MANAGERS = new Map<string, string | undefined>([
  ['rep1@x.cn', 'boss@x.cn'],
  ['rep2@x.cn', 'boss@x.cn'],
  ['staff@x.cn', 'boss@x.cn'],
]);
const MEETINGS = new Map([['M1', { host: 'rep1@x.cn', recorder: 'staff@x.cn' }]]);

function context(editor: string, workbookHasAdmin = true): PermissionContext {
  const role = ROLES[editor];
  return {
    editor,
    editorKnown: role !== undefined,
    editorRoles: new Set(role ? [role] : []),
    meetings: MEETINGS,
    managers: MANAGERS,
    workbookHasAdmin,
  };
}

const tab = (key: TabKey) => getTab(key) as TabSpec & { key: TabKey };

const customer = { name: '张三', phone: '+8613800138000', collectedBy: 'rep1@x.cn', region: '海淀' };
const agendaItem = { meeting: 'M1', order: 1, topic: 'Prices', presenter: 'rep2@x.cn' };
const action = { sourceMeeting: 'M1', text: 'Call', owner: 'rep2@x.cn', due: '2027-03-20', state: 'open' };

const CASES: Array<[TabKey, Record<string, unknown>, string, boolean, string]> = [
  ['customers', customer, 'admin@x.cn', true, 'admins delete anything'],
  ['customers', customer, 'boss@x.cn', true, 'managers keep the archive'],
  ['customers', customer, 'rep1@x.cn', true, 'the rep who collected it'],
  ['customers', customer, 'rep2@x.cn', false, "not a colleague's customer"],
  ['agenda', agendaItem, 'rep1@x.cn', true, "the meeting's host"],
  ['agenda', agendaItem, 'staff@x.cn', true, "the meeting's recorder"],
  ['agenda', agendaItem, 'boss@x.cn', true, "the host's manager"],
  ['agenda', agendaItem, 'rep2@x.cn', false, 'not the presenter, who only hands in material'],
  ['actions', action, 'rep2@x.cn', false, 'not the owner, who only reports progress'],
  ['actions', action, 'boss@x.cn', true, "the owner's manager, who may assign it"],
  ['people', { email: 'rep1@x.cn', name: 'Rep' }, 'rep1@x.cn', false, 'nobody deletes themselves'],
  ['settings', { setting: 'digestTime', value: '08:00' }, 'boss@x.cn', false, 'settings are admins only'],
];

describe('who may delete a row', () => {
  it.each(CASES)('%s row %j deleted by %s: %s (%s)', (key, stored, editor, allowed) => {
    expect(decideRowDeletion(tab(key), stored, context(editor)).ok).toBe(allowed);
  });

  it('says who may, in both languages', () => {
    const decision = decideRowDeletion(tab('customers'), customer, context('rep2@x.cn'));
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.params.who).toEqual({
      en: 'an admin, a manager or the person in "Collected by" (rep1@x.cn)',
      zh: '管理员、经理或“收集人”列中的人 (rep1@x.cn)',
    });
  });
});

describe("a resync's deletions checked against the editor", () => {
  const columns = new Map(['id', 'status', 'name', 'phone', 'collectedBy', 'region'].map((k, i) => [k, i]));
  const plan: SheetEditPlan = {
    tab: tab('customers'),
    rows: [],
    notes: [],
    timeZone: 'Asia/Shanghai',
    idColumn: 1,
    statusColumn: 2,
    columns,
  };
  const theirs: DeletionCandidate = { id: 'C-1', data: customer };
  const mine: DeletionCandidate = { id: 'C-2', data: { ...customer, name: '李四', collectedBy: 'rep2@x.cn' } };

  it('deletes what the editor may and puts the rest back, saying why', () => {
    const checks = checkDeletions(plan, [theirs, mine], context('rep2@x.cn'));
    expect(checks.deleted).toEqual(['C-2']);
    expect(checks.restored.map((r) => [r.candidate.id, r.message.code])).toEqual([['C-1', 'DELETE_NOT_ALLOWED']]);
  });

  it.each([
    ['', 'DELETE_EDITOR_UNKNOWN'],
    ['guest@gmail.com', 'DELETE_EDITOR_NOT_ON_PEOPLE'],
  ])('refuses an editor %s the system cannot identify (%s)', (editor, code) => {
    const checks = checkDeletions(plan, [mine], context(editor));
    expect(checks.restored.map((r) => r.message.code)).toEqual([code]);
  });

  it('deletes anything while the workbook has no admin (being set up)', () => {
    expect(checkDeletions(plan, [theirs], context('', false)).deleted).toEqual(['C-1']);
  });

  it('lets the system (reconcile) delete, except a row whose deletion was refused before', () => {
    const refused = { ...theirs, refused: checkDeletions(plan, [theirs], context('rep2@x.cn')).restored[0]!.message };
    const checks = checkDeletions(plan, [refused, mine], undefined);
    expect(checks.deleted).toEqual(['C-2']);
    expect(checks.restored.map((r) => [r.candidate.id, r.message.code])).toEqual([['C-1', 'DELETE_NOT_ALLOWED']]);
  });

  it('a locked record (a line of confirmed minutes) is put back whoever deletes it, the system included', () => {
    const lock = { code: 'MINUTES_CONFIRMED_DELETE_LOCKED', column: '', en: 'locked', zh: '已锁定' } as const;
    const locked = (candidate: DeletionCandidate) => (candidate.id === 'C-2' ? lock : undefined);
    for (const judged of [context('rep2@x.cn'), context('', false), undefined]) {
      const checks = checkDeletions(plan, [mine], judged, locked);
      expect(checks.deleted).toEqual([]);
      expect(checks.restored.map((r) => r.message.code)).toEqual(['MINUTES_CONFIRMED_DELETE_LOCKED']);
    }
    expect(checkDeletions(plan, [theirs], undefined, locked).deleted).toEqual(['C-1']);
  });

  it('answers the rows put back from the record, one below the other, with ID, Status and every input cell', () => {
    const checks = checkDeletions(plan, [theirs, { ...theirs, id: 'C-3', data: { name: '王五' } }], context(''));
    const [first, second] = restoredRowResults(plan, checks.restored, 7, 'en');
    expect(first).toMatchObject({ row: 7, id: 'C-1' });
    expect(first!.cells).toEqual([
      { column: 1, value: 'C-1' },
      { column: 2, value: expect.stringContaining('the sheet could not tell who deleted this row') },
      { column: 3, value: '张三' },
      { column: 4, value: '+8613800138000' },
      { column: 5, value: 'rep1@x.cn' },
      { column: 6, value: '海淀' },
    ]);
    expect(second).toMatchObject({ row: 8, id: 'C-3' });
    expect(second!.cells!.find((c) => c.column === 4)).toEqual({ column: 4, value: '' });
  });
});
