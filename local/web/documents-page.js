// The documents page: every Google Doc in the emulated Drive (the generated minutes), newest change first, and
// one document rendered readably from its Docs API structure (headings, paragraphs, bullet lists, tables), with
// its folder, version, sharing and the other files of its folder (the PDF of each version) to download.
// #/documents, #/documents/<documentId>. Document text is always set as text, never parsed as markup.
import { ApiError, getJson } from './api-client.js';
import { element } from './dom.js';
import { bilingual, LABELS, plainText } from './labels.js';
import { showError } from './toasts.js';
import { formatZoned } from './zoned-time.js';

/**
 * @typedef {{ id: string, title: string, folder: { id: string, name: string } | null, modifiedTime: string,
 *   version: string }} DocumentSummary
 * @typedef {{ id: string, name: string, mimeType: string, size: number | null, modifiedTime: string,
 *   isDocument: boolean }} FolderFile
 */

const ROLE_LABELS = {
  owner: LABELS.roleOwner,
  writer: LABELS.roleWriter,
  commenter: LABELS.roleCommenter,
  reader: LABELS.roleReader,
};

const HEADING_TAGS = { TITLE: 'h1', HEADING_1: 'h1', HEADING_2: 'h2', HEADING_3: 'h3', SUBTITLE: 'h2' };

function reportFailure(error) {
  if (error instanceof ApiError) showError(error.error);
  else showError({ code: 'CLIENT_ERROR', zh: String(error), en: String(error) });
}

const documentHref = (id) => `#/documents/${encodeURIComponent(id)}`;

function formatSize(bytes) {
  if (bytes === null || bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A paragraph's runs as text nodes, bold runs in <strong>; the paragraph's final newline dropped. */
function paragraphContent(paragraph) {
  const nodes = [];
  const runs = paragraph.elements ?? [];
  runs.forEach((run, index) => {
    let text = run.textRun?.content ?? '';
    if (index === runs.length - 1) text = text.replace(/\n$/, '');
    // A vertical tab is Docs' line break inside a paragraph.
    text = text.replaceAll('\v', '\n');
    if (text === '') return;
    nodes.push(run.textRun?.textStyle?.bold ? element('strong', {}, text) : document.createTextNode(text));
  });
  return nodes;
}

/** Renders Docs' body.content: consecutive list paragraphs of one list become one <ul>. */
function renderContent(content) {
  const out = [];
  let list = null;
  let listId = null;
  for (const item of content ?? []) {
    if (item.paragraph) {
      const paragraph = item.paragraph;
      const nodes = paragraphContent(paragraph);
      if (paragraph.bullet) {
        if (!list || listId !== paragraph.bullet.listId) {
          list = element('ul', { className: 'doc-list' });
          listId = paragraph.bullet.listId;
          out.push(list);
        }
        list.append(element('li', {}, ...nodes));
        continue;
      }
      list = null;
      listId = null;
      if (nodes.length === 0) continue;
      const tag = HEADING_TAGS[paragraph.paragraphStyle?.namedStyleType] ?? 'p';
      out.push(element(tag, { className: `doc-${tag}` }, ...nodes));
    } else if (item.table) {
      list = null;
      listId = null;
      out.push(renderTable(item.table));
    }
  }
  return out;
}

function renderTable(table) {
  const rows = table.tableRows ?? [];
  const cellNodes = (cell) => {
    const blocks = renderContent(cell.content);
    return blocks.length > 0 ? blocks : [''];
  };
  const [header, ...body] = rows;
  const head = header
    ? element(
        'thead',
        {},
        element(
          'tr',
          {},
          ...(header.tableCells ?? []).map((cell) => element('th', { scope: 'col' }, ...cellNodes(cell))),
        ),
      )
    : '';
  return element(
    'div',
    { className: 'doc-table-wrap' },
    element(
      'table',
      { className: 'doc-table', dataset: { testid: 'document-table' } },
      head,
      element(
        'tbody',
        {},
        ...body.map((row) =>
          element('tr', {}, ...(row.tableCells ?? []).map((cell) => element('td', {}, ...cellNodes(cell)))),
        ),
      ),
    ),
  );
}

/**
 * @param {HTMLElement} main
 * @param {{ workbook: any, navigate: (page: string, ...params: string[]) => void }} context
 */
export function createDocumentsPage(main, context) {
  const zone = context.workbook.timeZone ?? 'Asia/Shanghai';
  /** @type {DocumentSummary[] | null} */
  let documents = null;
  let selectedId = /** @type {string | undefined} */ (undefined);
  let generation = 0;

  const refreshButton = element(
    'button',
    { type: 'button', className: 'button documents-refresh', dataset: { testid: 'documents-refresh' } },
    bilingual(LABELS.refresh),
  );
  const list = element('ul', { className: 'documents-list', dataset: { testid: 'documents-list' } });
  const listPane = element(
    'nav',
    { className: 'documents-pane documents-list-pane', ariaLabel: plainText(LABELS.pageDocuments) },
    element(
      'header',
      { className: 'documents-pane-header' },
      element('h2', {}, bilingual(LABELS.pageDocuments)),
      refreshButton,
    ),
    list,
  );
  const viewer = element('article', {
    className: 'documents-pane documents-viewer',
    dataset: { testid: 'document-viewer' },
  });
  const page = element('section', { className: 'documents-page', ariaBusy: 'true' }, listPane, viewer);
  main.replaceChildren(page);
  refreshButton.addEventListener('click', () => void reload());

  const when = (iso) => {
    if (!iso) return '';
    const { date, time } = formatZoned(Date.parse(iso), zone);
    return `${date} ${time}`;
  };

  function placeholder(label, testid) {
    return element('p', { className: 'documents-placeholder', dataset: { testid } }, bilingual(label));
  }

  async function reload() {
    const mine = ++generation;
    page.setAttribute('aria-busy', 'true');
    try {
      const answer = await getJson('/api/documents');
      if (mine !== generation) return;
      documents = answer.documents ?? [];
      renderList();
      await renderViewer();
    } catch (error) {
      reportFailure(error);
    } finally {
      if (mine === generation) page.removeAttribute('aria-busy');
    }
  }

  function renderList() {
    if (!documents) return;
    if (documents.length === 0) {
      list.replaceChildren(element('li', {}, placeholder(LABELS.documentsEmpty, 'documents-empty')));
      return;
    }
    list.replaceChildren(
      ...documents.map((doc) =>
        element(
          'li',
          {},
          element(
            'a',
            {
              href: documentHref(doc.id),
              className: 'document-item',
              ariaCurrent: doc.id === selectedId ? 'page' : null,
              dataset: { testid: `document-item-${doc.id}` },
            },
            element('span', { className: 'document-item-title' }, doc.title),
            element(
              'span',
              { className: 'document-item-folder' },
              doc.folder?.name ?? plainText(LABELS.documentsNoFolder),
            ),
            element('time', { className: 'document-item-time', dateTime: doc.modifiedTime }, when(doc.modifiedTime)),
          ),
        ),
      ),
    );
  }

  async function renderViewer() {
    if (!selectedId) {
      viewer.replaceChildren(placeholder(LABELS.documentsPick, 'document-placeholder'));
      return;
    }
    const id = selectedId;
    let detail;
    try {
      detail = await getJson(`/api/documents/${encodeURIComponent(id)}`);
    } catch (error) {
      if (id !== selectedId) return;
      viewer.replaceChildren(placeholder(LABELS.documentsMissing, 'document-missing'));
      if (!(error instanceof ApiError && error.status === 404)) reportFailure(error);
      return;
    }
    if (id !== selectedId) return;
    viewer.replaceChildren(...renderDetail(detail));
  }

  function fact(label, value, testid) {
    return element(
      'div',
      { className: 'document-fact' },
      element('dt', {}, bilingual(label)),
      element('dd', { dataset: { testid } }, value),
    );
  }

  function renderDetail(detail) {
    const pdfLink = element(
      'a',
      {
        href: `/api/documents/${encodeURIComponent(detail.id)}/pdf`,
        className: 'button',
        download: `${detail.title}.pdf`,
        dataset: { testid: 'document-pdf' },
      },
      bilingual(LABELS.documentsDownloadPdf),
    );
    const header = element(
      'header',
      { className: 'document-header' },
      element('h2', { className: 'document-title', dataset: { testid: 'document-title' } }, detail.title),
      pdfLink,
      element(
        'dl',
        { className: 'document-facts' },
        fact(LABELS.documentsFolder, detail.folder?.name ?? plainText(LABELS.documentsNoFolder), 'document-folder'),
        fact(LABELS.documentsModified, when(detail.modifiedTime), 'document-modified'),
        fact(LABELS.documentsVersion, String(detail.version), 'document-version'),
      ),
    );
    const body = element(
      'div',
      { className: 'document-body', lang: 'zh-CN', dataset: { testid: 'document-body' } },
      ...renderContent(detail.body?.content),
    );
    const sharing = element(
      'section',
      { className: 'document-section' },
      element('h3', {}, bilingual(LABELS.documentsSharing)),
      element(
        'table',
        { className: 'document-meta-table', dataset: { testid: 'document-sharing' } },
        element(
          'thead',
          {},
          element(
            'tr',
            {},
            element('th', {}, bilingual(LABELS.documentsWho)),
            element('th', {}, bilingual(LABELS.documentsRole)),
          ),
        ),
        element(
          'tbody',
          {},
          ...detail.permissions.map((p) =>
            element(
              'tr',
              { dataset: { testid: `document-permission-${p.emailAddress ?? p.type}` } },
              element('td', {}, p.emailAddress ?? p.type),
              element('td', {}, ROLE_LABELS[p.role] ? bilingual(ROLE_LABELS[p.role]) : p.role),
            ),
          ),
        ),
      ),
    );
    const files = element(
      'section',
      { className: 'document-section' },
      element('h3', {}, bilingual(LABELS.documentsFiles)),
      detail.files.length === 0
        ? placeholder(LABELS.documentsNoFiles, 'document-files-empty')
        : element(
            'ul',
            { className: 'document-files', dataset: { testid: 'document-files' } },
            ...detail.files.map((file) =>
              element(
                'li',
                { dataset: { testid: `document-file-${file.name}` } },
                file.isDocument
                  ? element('a', { href: documentHref(file.id) }, file.name)
                  : element(
                      'a',
                      { href: `/api/files/${encodeURIComponent(file.id)}/content`, download: file.name },
                      file.name,
                    ),
                element(
                  'span',
                  { className: 'document-file-meta' },
                  `${formatSize(file.size)} · ${when(file.modifiedTime)}`,
                ),
              ),
            ),
          ),
    );
    return [header, body, element('aside', { className: 'document-side' }, sharing, files)];
  }

  return {
    update(params) {
      const next = params[0];
      const changed = next !== selectedId;
      selectedId = next;
      if (documents === null) {
        void reload();
        return;
      }
      renderList();
      if (changed) void renderViewer();
    },
    destroy() {
      generation++;
    },
  };
}
