// The workbook page: one tab per sheet, the grid, and the actions the Apps Script menu offers in Sheets
// (Resync this sheet). Every edit goes through the local Apps Script stand-in, so what happens here is what
// happens when staff type into the real spreadsheet.
import { ApiError, getJson, postJson, tabPath } from './api-client.js';
import { MAIL_CHANGED_EVENT, TICK_DONE_EVENT } from './clock-control.js';
import { bilingual, LABELS, plainText } from './labels.js';
import { SheetGrid } from './sheet-grid.js';
import { showError, showToast } from './toasts.js';

const EDITOR_STORAGE_KEY = 'meeting-followup.editor';
const DEFAULT_EDITOR = 'admin@demo.example';

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function reportFailure(error) {
  if (error instanceof ApiError) showError(error.error);
  else showError({ code: 'CLIENT_ERROR', zh: String(error), en: String(error) });
}

/**
 * @param {HTMLElement} main
 * @param {{ workbook: any, navigate: (page: string, ...params: string[]) => void }} context
 */
export function createWorkbookPage(main, context) {
  const { workbook } = context;
  let current = /** @type {{ title: string, systemOnly: boolean } | null} */ (null);
  let columns = [];
  let queue = Promise.resolve();
  let inFlight = 0;

  const tabBar = element('nav', { className: 'tab-bar', role: 'tablist', ariaLabel: '工作表 / Sheets' });
  const tabButtons = new Map();
  for (const tab of workbook.tabs) {
    const button = element('button', {
      type: 'button',
      className: `tab${tab.systemOnly ? ' system-only' : ''}`,
      role: 'tab',
      dataset: { testid: `tab-${tab.title}` },
      title: tab.systemOnly ? plainText(LABELS.readOnlyTab) : tab.title,
    });
    const name = element('span', { className: 'tab-title' }, tab.title);
    button.append(name);
    // Tab titles are in the workbook's language; the other language helps whoever reads only one.
    const other = tab.label
      ? tab.label.zh === tab.title
        ? tab.label.en
        : tab.label.en === tab.title
          ? tab.label.zh
          : `${tab.label.zh} ${tab.label.en}`
      : '';
    if (other) button.append(element('span', { className: 'tab-subtitle' }, other));
    if (tab.systemOnly) button.append(element('span', { className: 'tab-lock', ariaHidden: 'true' }));
    button.addEventListener('click', () => context.navigate('workbook', tab.title));
    tabButtons.set(tab.title, button);
    tabBar.append(button);
  }

  const resyncButton = element(
    'button',
    { type: 'button', className: 'button', dataset: { testid: 'resync' } },
    bilingual(LABELS.resync),
  );
  // The sheet menu's "Send notice now": for the meeting in the selected row of the Meetings tab.
  const sendNoticeButton = element(
    'button',
    {
      type: 'button',
      className: 'button',
      hidden: true,
      title: plainText(LABELS.sendNoticeTitle),
      dataset: { testid: 'send-notice' },
    },
    bilingual(LABELS.sendNotice),
  );
  // The sheet menu's "Finalize minutes": for the meeting in the selected row (host, recorder or admin).
  const finalizeMinutesButton = element(
    'button',
    {
      type: 'button',
      className: 'button',
      hidden: true,
      title: plainText(LABELS.finalizeMinutesTitle),
      dataset: { testid: 'finalize-minutes' },
    },
    bilingual(LABELS.finalizeMinutes),
  );
  const addRowButton = element(
    'button',
    { type: 'button', className: 'button button-primary', dataset: { testid: 'add-row' } },
    '+ ',
    bilingual(LABELS.addRow),
  );
  const editorInput = element('input', {
    type: 'email',
    className: 'editor-input',
    value: localStorage.getItem(EDITOR_STORAGE_KEY) ?? DEFAULT_EDITOR,
    dataset: { testid: 'editor' },
    id: 'editor-input',
  });
  editorInput.setAttribute('list', 'people-emails');
  const peopleList = element('datalist', { id: 'people-emails' });
  editorInput.addEventListener('change', () =>
    localStorage.setItem(EDITOR_STORAGE_KEY, editorInput.value.trim() || DEFAULT_EDITOR),
  );
  const editorLabel = element(
    'label',
    { className: 'editor-label', htmlFor: 'editor-input' },
    bilingual(LABELS.editor),
  );
  const saveState = element('span', { className: 'save-state', dataset: { testid: 'save-state' }, role: 'status' });
  const legend = element(
    'div',
    { className: 'legend' },
    element('span', { className: 'legend-item legend-system' }, bilingual(LABELS.legendSystem)),
    element('span', { className: 'legend-item legend-error' }, bilingual(LABELS.legendError)),
    element('span', { className: 'legend-item legend-new' }, bilingual(LABELS.legendNewRow)),
  );
  const toolbar = element(
    'div',
    { className: 'toolbar' },
    resyncButton,
    addRowButton,
    sendNoticeButton,
    finalizeMinutesButton,
    element('span', { className: 'toolbar-editor' }, editorLabel, editorInput, peopleList),
    saveState,
  );
  const banner = element(
    'p',
    { className: 'read-only-banner', hidden: true, dataset: { testid: 'read-only-banner' } },
    bilingual(LABELS.readOnlyTab),
  );
  const gridHost = element('div', { className: 'grid-host' });
  const help = element('p', { className: 'keyboard-help' }, bilingual(LABELS.keyboardHelp));
  const footer = element('footer', { className: 'page-footer' }, help, legend);
  main.replaceChildren(element('section', { className: 'workbook-page' }, tabBar, toolbar, banner, gridHost, footer));

  const grid = new SheetGrid(gridHost, {
    onEdit: (edit) => enqueue(() => sendEdit(edit)),
    onNotice: (message) => showToast(message),
  });

  function editor() {
    return editorInput.value.trim() || DEFAULT_EDITOR;
  }

  function setSaving(delta) {
    inFlight += delta;
    saveState.replaceChildren(bilingual(inFlight > 0 ? LABELS.saving : LABELS.saved));
    saveState.classList.toggle('busy', inFlight > 0);
  }

  // One request at a time, in typing order: each answer carries the whole tab, and a later edit's answer must
  // never be overwritten by an earlier one's.
  function enqueue(task) {
    setSaving(1);
    const run = queue
      .then(task)
      .catch(reportFailure)
      .finally(() => setSaving(-1));
    queue = run;
    return run;
  }

  /** Renders an edit or resync answer; a refused request still brings the tab as it now is. */
  function applyAnswer(title, body) {
    if (!current || current.title !== title) return;
    if (Array.isArray(body.columns)) columns = body.columns;
    if (Array.isArray(body.values)) {
      const changed = (body.results ?? []).map((r) => r.row);
      grid.setData({
        values: body.values,
        columns,
        readOnly: current.systemOnly,
        changedRows: changed,
        keepSelection: true,
      });
    }
    if (body.ok === false && body.error) showError(body.error);
  }

  async function sendEdit(edit) {
    const title = current.title;
    const body = await postJson(`${tabPath(title)}/edit`, { ...edit, editor: editor() });
    applyAnswer(title, body);
    if (body.ok && edit.values.length > 1) {
      const failed = body.results.filter((r) => r.status !== 'OK' && !String(r.status).startsWith('OK\n')).length;
      showToast({ kind: failed ? 'error' : 'success', ...LABELS.rowsSaved(body.results.length - failed, failed) });
    }
  }

  resyncButton.addEventListener('click', () => {
    if (!current) return;
    const title = current.title;
    void enqueue(async () => {
      const body = await postJson(`${tabPath(title)}/resync`, { editor: editor() });
      applyAnswer(title, body);
      if (body.ok) showToast({ kind: 'success', ...LABELS.resynced(body.results.length) });
    });
  });
  addRowButton.addEventListener('click', () => grid.startNewRow());
  sendNoticeButton.addEventListener('click', () => {
    if (!current) return;
    const title = current.title;
    const row = grid.active.row;
    void enqueue(async () => {
      const body = await postJson(`${tabPath(title)}/send-notice`, { row, editor: editor() });
      if (body.error) showError(body.error);
      // Notices left for the next scheduled run (a big roster) are expected; one that failed or awaits a retry is not.
      else showToast({ kind: body.retrying > 0 || body.failed > 0 ? 'error' : 'success', ...body.message });
      window.dispatchEvent(new CustomEvent(MAIL_CHANGED_EVENT, { detail: body }));
    });
  });

  finalizeMinutesButton.addEventListener('click', () => {
    if (!current) return;
    const title = current.title;
    const row = grid.active.row;
    void enqueue(async () => {
      const body = await postJson(`${tabPath(title)}/finalize-minutes`, { row, editor: editor() });
      if (body.error) showError(body.error);
      else showToast({ kind: 'success', ...body.message });
      window.dispatchEvent(new CustomEvent(MAIL_CHANGED_EVENT, { detail: body }));
      // The row's "Minutes status" cell changed.
      if (!body.error && current?.title === title) await showTab(title);
    });
  });

  async function loadPeople() {
    const people = workbook.tabs.find((t) => t.tabKey === 'people');
    if (!people) return;
    const body = await getJson(tabPath(people.title));
    const emailIndex = (body.columns ?? []).findIndex((c) => c.key === 'email');
    if (emailIndex < 0) return;
    peopleList.replaceChildren(
      ...body.values.slice(1).map((row) => element('option', { value: String(row[emailIndex] ?? '') })),
    );
  }

  async function showTab(title) {
    const tab = workbook.tabs.find((t) => t.title === title);
    if (!tab) {
      showError({ code: 'TAB_UNKNOWN', ...LABELS.unknownTab });
      return context.navigate('workbook', workbook.tabs[0].title);
    }
    current = { title: tab.title, systemOnly: tab.systemOnly };
    for (const [name, button] of tabButtons) {
      button.setAttribute('aria-selected', String(name === tab.title));
      button.tabIndex = name === tab.title ? 0 : -1;
    }
    tabButtons.get(tab.title)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    resyncButton.disabled = tab.systemOnly;
    sendNoticeButton.hidden = tab.tabKey !== 'meetings';
    finalizeMinutesButton.hidden = tab.tabKey !== 'meetings';
    addRowButton.disabled = tab.systemOnly;
    banner.hidden = !tab.systemOnly;
    gridHost.setAttribute('aria-busy', 'true');
    try {
      const body = await getJson(tabPath(tab.title));
      if (current.title !== tab.title) return;
      columns = body.columns ?? [];
      grid.setData({ values: body.values, columns, readOnly: tab.systemOnly });
      // Which tab the grid holds now (the tab bar changes at the click, the grid when the rows arrive).
      gridHost.dataset.shownTab = tab.title;
      grid.focus();
    } catch (error) {
      reportFailure(error);
    } finally {
      gridHost.removeAttribute('aria-busy');
    }
  }

  // Arrow keys move between tabs, as in the WAI-ARIA tabs pattern.
  tabBar.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const titles = workbook.tabs.map((t) => t.title);
    const index = titles.indexOf(current?.title ?? '');
    const next = titles[(index + (event.key === 'ArrowRight' ? 1 : -1) + titles.length) % titles.length];
    context.navigate('workbook', next);
    tabButtons.get(next)?.focus();
  });

  // The tick writes rows too (a series' next meetings, attendance results after a meeting): show them.
  function onTickDone() {
    if (!current) return;
    const title = current.title;
    void enqueue(async () => applyAnswer(title, await getJson(tabPath(title))));
  }
  window.addEventListener(TICK_DONE_EVENT, onTickDone);

  setSaving(0);
  void loadPeople().catch(() => {
    // The editor box still works without suggestions.
  });

  return {
    /** @param {string[]} params */
    update(params) {
      const title = params[0] ?? workbook.tabs.find((t) => !t.systemOnly)?.title ?? workbook.tabs[0]?.title;
      if (title && title !== current?.title) void showTab(title);
    },
    destroy() {
      current = null;
      window.removeEventListener(TICK_DONE_EVENT, onTickDone);
    },
  };
}
