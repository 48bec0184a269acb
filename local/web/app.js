// Entry point: the header (workbook title, health, the URLs users point their own scripts at) and a small
// router on location.hash. Each page is one module and one entry in PAGES; the mailbox, the generated minutes
// documents and the clock control are added the same way as the workbook.
import { ApiError, getJson } from './api-client.js';
import { bilingual, LABELS, plainText } from './labels.js';
import { mountClockControl } from './clock-control.js';
import { createDocumentsPage } from './documents-page.js';
import { createMailboxPage } from './mailbox-page.js';
import { showError, showToast } from './toasts.js';
import { createWorkbookPage } from './workbook-page.js';

/** @type {Record<string, { label: { zh: string, en: string }, create: Function }>} */
const PAGES = {
  workbook: { label: LABELS.pageWorkbook, create: createWorkbookPage },
  mailbox: { label: LABELS.pageMailbox, create: createMailboxPage },
  documents: { label: LABELS.pageDocuments, create: createDocumentsPage },
};
const DEFAULT_PAGE = 'workbook';

/** "#/workbook/会议" → { page: 'workbook', params: ['会议'] } */
function parseHash(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? DEFAULT_PAGE, params: parts.slice(1) };
}

function navigate(page, ...params) {
  const hash = `#/${[page, ...params].map(encodeURIComponent).join('/')}`;
  if (location.hash !== hash) location.hash = hash;
}

function renderHeader(workbook) {
  const title = document.getElementById('workbook-title');
  title.textContent = workbook.title ?? workbook.spreadsheetId;
  title.title = `spreadsheetId: ${workbook.spreadsheetId} · ${workbook.timeZone}`;
  document.title = `${workbook.title} · ${plainText(LABELS.appName)}`;

  const nav = document.getElementById('page-nav');
  nav.replaceChildren(
    ...Object.entries(PAGES).map(([key, page]) => {
      const link = document.createElement('a');
      link.href = `#/${key}`;
      link.dataset.page = key;
      link.dataset.testid = `page-${key}`;
      link.append(bilingual(page.label));
      return link;
    }),
  );

  const functionsLink = document.getElementById('functions-link');
  functionsLink.href = workbook.functionsUrl;
  functionsLink.textContent = workbook.functionsUrl;
  document.getElementById('workspace-url').textContent = workbook.workspaceRootUrl;
  document.getElementById('copy-workspace-url').addEventListener('click', async (event) => {
    try {
      await navigator.clipboard.writeText(workbook.workspaceRootUrl);
      showToast({ kind: 'success', ...LABELS.copied });
    } catch {
      // Some browsers refuse clipboard writes; selecting the text lets the user copy it by hand.
      getSelection()?.selectAllChildren(document.getElementById('workspace-url'));
    }
    /** @type {HTMLElement} */ (event.currentTarget).blur();
  });
}

async function checkHealth() {
  const dot = document.getElementById('health-dot');
  try {
    const health = await getJson('/healthz');
    dot.dataset.state = health.ok ? 'ok' : 'down';
    dot.title = plainText(health.ok ? LABELS.healthOk : LABELS.healthDown);
  } catch {
    dot.dataset.state = 'down';
    dot.title = plainText(LABELS.healthDown);
  }
}

let active = /** @type {{ key: string, instance: { update(params: string[]): void, destroy(): void } } | null} */ (
  null
);

function route(workbook) {
  const { page, params } = parseHash(location.hash);
  const spec = PAGES[page];
  const main = document.getElementById('main');
  if (!spec) {
    showError({ code: 'PAGE_UNKNOWN', ...LABELS.unknownPage });
    return navigate(DEFAULT_PAGE);
  }
  for (const link of document.querySelectorAll('#page-nav a')) {
    link.toggleAttribute('aria-current', /** @type {HTMLElement} */ (link).dataset.page === page);
  }
  if (active?.key !== page) {
    active?.instance.destroy();
    active = { key: page, instance: spec.create(main, { workbook, navigate }) };
  }
  active.instance.update(params);
}

async function start() {
  document.getElementById('app-name').replaceChildren(bilingual(LABELS.appName));
  document.getElementById('local-badge').replaceChildren(bilingual(LABELS.localBadge));
  document.getElementById('health-label').replaceChildren(bilingual(LABELS.health));
  document.getElementById('functions-label').replaceChildren(bilingual(LABELS.functionsUrl));
  document.getElementById('workspace-label').replaceChildren(bilingual(LABELS.workspaceRootUrl));
  document.getElementById('copy-workspace-url').textContent = plainText(LABELS.copy);
  void checkHealth();
  setInterval(checkHealth, 15000);

  let workbook;
  // The stack answers 503 while it seeds the demo workbook on a first start; wait rather than fail.
  for (let attempt = 0; ; attempt += 1) {
    try {
      workbook = await getJson('/api/workbook');
      break;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 503 || attempt > 60) {
        showError(
          error instanceof ApiError ? error.error : { code: 'CLIENT_ERROR', zh: String(error), en: String(error) },
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  renderHeader(workbook);
  mountClockControl(document.getElementById('clock-control'), { zone: workbook.timeZone });
  window.addEventListener('hashchange', () => route(workbook));
  route(workbook);
}

void start();
