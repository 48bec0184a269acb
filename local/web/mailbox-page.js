// The mailbox page: every mail the product sent through the emulated Gmail API, per recipient, newest first.
// #/mailbox, #/mailbox/<address>, #/mailbox/<address>/<id> (the Gmail message id; the RFC 822 Message-ID is
// accepted too). Mail HTML is someone else's markup: it is shown only inside an iframe with sandbox="" (no
// scripts, forms, popups or top navigation) whose document starts with a Content-Security-Policy that allows
// inline styles and data: images and nothing from the network.
import { ApiError, getJson } from './api-client.js';
import { MAIL_CHANGED_EVENT } from './clock-control.js';
import { element } from './dom.js';
import { bilingual, LABELS, plainText } from './labels.js';
import { showError } from './toasts.js';
import { formatUtcOffset, formatZoned, zoneOffsetMinutes } from './zoned-time.js';

const FRAME_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'";
const VIEW_STORAGE_KEY = 'meeting-followup.mail-view';

/**
 * @typedef {{ address: string, name?: string }} Address
 * @typedef {{ filename: string, contentType: string, size: number, index: number }} Attachment
 * @typedef {{ id: string, messageId: string, labelIds?: string[], from: Address | null, to: Address[], cc: Address[],
 *   subject: string, date: string, text: string, html: string | null, attachments: Attachment[] }} Message
 * @typedef {{ address: string, messages: Message[] }} Mailbox
 */

function reportFailure(error) {
  if (error instanceof ApiError) showError(error.error);
  else showError({ code: 'CLIENT_ERROR', zh: String(error), en: String(error) });
}

const mailboxHref = (address, id) => `#/${['mailbox', address, ...(id ? [id] : [])].map(encodeURIComponent).join('/')}`;

/** The document the sandboxed frame shows: the policy first, so it governs everything the mail's markup asks for. */
export function frameDocument(html) {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}">` +
    // Links would navigate the frame away (to the network); as popups the sandbox refuses them.
    '<base target="_blank">' +
    "<style>html{font-family:system-ui,'Noto Sans CJK SC','Noto Sans SC',sans-serif}</style>" +
    `</head>${html}`
  );
}

function snippetOf(message) {
  return message.text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

function formatAddress(address) {
  if (!address) return '';
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const isSent = (message) => (message.labelIds ?? []).includes('SENT');

/**
 * @param {HTMLElement} main
 * @param {{ workbook: any, navigate: (page: string, ...params: string[]) => void }} context
 */
export function createMailboxPage(main, context) {
  const zone = context.workbook.timeZone ?? 'Asia/Shanghai';
  /** @type {Mailbox[] | null} */
  let mailboxes = null;
  let generation = 0;
  let selectedAddress = /** @type {string | undefined} */ (undefined);
  let selectedId = /** @type {string | undefined} */ (undefined);
  let view = localStorage.getItem(VIEW_STORAGE_KEY) === 'text' ? 'text' : 'html';
  let renderedBody = '';

  const refreshButton = element(
    'button',
    { type: 'button', className: 'button mailbox-refresh', dataset: { testid: 'mailbox-refresh' } },
    bilingual(LABELS.refresh),
  );
  const addressList = element('ul', { className: 'mailbox-addresses', dataset: { testid: 'mailbox-addresses' } });
  const addressPane = element(
    'nav',
    { className: 'mailbox-pane mailbox-address-pane', ariaLabel: plainText(LABELS.recipients) },
    element(
      'header',
      { className: 'mailbox-pane-header' },
      element('h2', {}, bilingual(LABELS.recipients)),
      refreshButton,
    ),
    addressList,
  );
  const listHeader = element('header', { className: 'mailbox-pane-header' });
  const messageList = element('ul', { className: 'mailbox-messages', dataset: { testid: 'mailbox-messages' } });
  const listPane = element(
    'section',
    { className: 'mailbox-pane mailbox-list-pane', ariaLabel: plainText(LABELS.messages) },
    listHeader,
    messageList,
  );
  const reader = element('article', {
    className: 'mailbox-pane mailbox-reader',
    dataset: { testid: 'mailbox-reader' },
  });
  const emptyState = element(
    'div',
    { className: 'mailbox-empty', hidden: true, dataset: { testid: 'mailbox-empty' } },
    element('p', { className: 'mailbox-empty-title' }, bilingual(LABELS.noMail)),
    element('p', { className: 'mailbox-empty-hint' }, bilingual(LABELS.noMailHint)),
  );
  const emptyRefresh = element(
    'button',
    { type: 'button', className: 'button', dataset: { testid: 'mailbox-refresh-empty' } },
    bilingual(LABELS.refresh),
  );
  emptyState.append(emptyRefresh);
  const page = element(
    'section',
    { className: 'mailbox-page', ariaBusy: 'true' },
    addressPane,
    listPane,
    reader,
    emptyState,
  );
  main.replaceChildren(page);

  refreshButton.addEventListener('click', () => void reload());
  emptyRefresh.addEventListener('click', () => void reload());
  const onMailChanged = () => void reload();
  window.addEventListener(MAIL_CHANGED_EVENT, onMailChanged);

  function placeholder(label, testid) {
    return element('p', { className: 'mailbox-placeholder', dataset: { testid } }, bilingual(label));
  }

  async function reload() {
    const mine = ++generation;
    page.setAttribute('aria-busy', 'true');
    const loading = (async () => {
      const { addresses } = await getJson('/api/mail/addresses');
      const boxes = await Promise.all(
        (addresses ?? []).map((address) => getJson(`/api/mail/mailbox?address=${encodeURIComponent(address)}`)),
      );
      if (mine !== generation) return;
      mailboxes = boxes.map((box) => ({
        address: box.address,
        // Newest first by the Date header; the emulator's own order breaks ties (sort is stable).
        messages: [...box.messages].sort((a, b) => Date.parse(b.date) - Date.parse(a.date)),
      }));
      render();
    })();
    try {
      await loading;
    } catch (error) {
      reportFailure(error);
    } finally {
      if (mine === generation) page.removeAttribute('aria-busy');
    }
  }

  function currentMailbox() {
    const wanted = selectedAddress?.toLowerCase();
    return wanted ? mailboxes?.find((box) => box.address.toLowerCase() === wanted) : undefined;
  }

  function render() {
    if (!mailboxes) return;
    const none = mailboxes.length === 0;
    emptyState.hidden = !none;
    page.classList.toggle('is-empty', none);
    renderAddresses();
    renderList();
    renderReader();
  }

  function renderAddresses() {
    const box = currentMailbox();
    addressList.replaceChildren(
      ...mailboxes.map((mailbox) => {
        const sender = mailbox.messages.length > 0 && mailbox.messages.every(isSent);
        const link = element(
          'a',
          {
            href: mailboxHref(mailbox.address),
            className: 'address-item',
            title: mailbox.address,
            dataset: { testid: `mailbox-address-${mailbox.address}` },
          },
          element('span', { className: 'address-text' }, mailbox.address),
          element(
            'span',
            { className: 'count-badge', ariaLabel: `${mailbox.messages.length}` },
            String(mailbox.messages.length),
          ),
        );
        if (sender)
          link.append(
            element(
              'span',
              { className: 'sender-tag', title: plainText(LABELS.senderMailboxTitle) },
              bilingual(LABELS.senderMailbox),
            ),
          );
        if (mailbox === box) link.setAttribute('aria-current', 'page');
        return element('li', {}, link);
      }),
    );
  }

  function renderList() {
    const box = currentMailbox();
    if (!box) {
      listHeader.replaceChildren(element('h2', {}, bilingual(LABELS.messages)));
      messageList.replaceChildren(
        element('li', {}, placeholder(selectedAddress ? LABELS.mailboxEmpty : LABELS.pickMailbox, 'mailbox-pick')),
      );
      return;
    }
    listHeader.replaceChildren(
      element('h2', { className: 'mailbox-address-title', dataset: { testid: 'mailbox-title' } }, box.address),
      element('span', { className: 'count-badge' }, String(box.messages.length)),
    );
    if (box.messages.length === 0) {
      messageList.replaceChildren(element('li', {}, placeholder(LABELS.mailboxEmpty, 'mailbox-empty-address')));
      return;
    }
    const selected = findSelected(box);
    messageList.replaceChildren(
      ...box.messages.map((message) => {
        const shown = formatZoned(Date.parse(message.date), zone, { year: false });
        const counterpart = isSent(message)
          ? `→ ${message.to.map((a) => a.name || a.address).join(', ')}`
          : message.from?.name || message.from?.address || '';
        const link = element(
          'a',
          {
            href: mailboxHref(box.address, message.id),
            className: 'message-item',
            dataset: { testid: `mailbox-message-${message.id}`, messageId: message.messageId },
          },
          element(
            'span',
            { className: 'message-item-top' },
            element('span', { className: 'message-item-from' }, counterpart),
            element('time', { className: 'message-item-date', dateTime: message.date }, `${shown.date} ${shown.time}`),
          ),
          element('span', { className: 'message-item-subject' }, message.subject || plainText(LABELS.noSubject)),
          element('span', { className: 'message-item-snippet' }, snippetOf(message)),
        );
        if (message.attachments.length) {
          link
            .querySelector('.message-item-top')
            ?.append(
              element(
                'span',
                { className: 'attachment-mark', title: plainText(LABELS.attachments) },
                `${message.attachments.length}`,
              ),
            );
        }
        if (message === selected) link.setAttribute('aria-current', 'true');
        return element('li', {}, link);
      }),
    );
  }

  function findSelected(box) {
    if (!selectedId || !box) return undefined;
    const wanted = selectedId.replace(/^<|>$/g, '');
    return box.messages.find((m) => m.id === wanted || m.messageId === wanted);
  }

  function renderReader() {
    const box = currentMailbox();
    const message = findSelected(box);
    if (!message) {
      renderedBody = '';
      const label = !box ? LABELS.pickMailbox : selectedId ? LABELS.messageNotFound : LABELS.pickMessage;
      reader.replaceChildren(placeholder(label, 'mailbox-reader-placeholder'));
      return;
    }
    // A reload after a tick must not reload the frame (and lose its scroll position) when nothing changed.
    const key = `${message.id}:${view}`;
    if (key === renderedBody && reader.querySelector('.message-subject')) return;
    renderedBody = key;

    const ms = Date.parse(message.date);
    const shown = formatZoned(ms, zone);
    const headerRow = (label, value, testid) =>
      element(
        'div',
        { className: 'message-header-row' },
        element('dt', {}, bilingual(label)),
        element('dd', { dataset: { testid } }, ...value),
      );
    const headers = element(
      'dl',
      { className: 'message-headers' },
      headerRow(LABELS.from, [formatAddress(message.from)], 'message-from'),
      headerRow(LABELS.to, [message.to.map(formatAddress).join(', ')], 'message-to'),
      ...(message.cc.length ? [headerRow(LABELS.cc, [message.cc.map(formatAddress).join(', ')], 'message-cc')] : []),
      headerRow(
        LABELS.date,
        [
          `${shown.date} `,
          bilingual(shown.weekday),
          ` ${shown.time} `,
          element('span', { className: 'message-zone' }, `${zone} (${formatUtcOffset(zoneOffsetMinutes(ms, zone))})`),
        ],
        'message-date',
      ),
      headerRow({ zh: 'Message-ID', en: 'Message-ID' }, [element('code', {}, message.messageId)], 'message-id'),
    );

    const hasHtml = typeof message.html === 'string' && message.html.trim() !== '';
    const showing = hasHtml ? view : 'text';
    const toggle = element('div', { className: 'segmented', role: 'group', ariaLabel: plainText(LABELS.bodyView) });
    for (const [mode, label] of /** @type {const} */ ([
      ['html', LABELS.viewHtml],
      ['text', LABELS.viewText],
    ])) {
      const button = element(
        'button',
        { type: 'button', className: 'segment', dataset: { testid: `body-${mode}` } },
        bilingual(label),
      );
      button.setAttribute('aria-pressed', String(showing === mode));
      button.disabled = mode === 'html' && !hasHtml;
      if (button.disabled) button.title = plainText(LABELS.noHtmlPart);
      button.addEventListener('click', () => {
        view = mode;
        localStorage.setItem(VIEW_STORAGE_KEY, mode);
        renderReader();
      });
      toggle.append(button);
    }
    const bodyBar = element(
      'div',
      { className: 'message-body-bar' },
      toggle,
      element('span', { className: 'sandbox-note' }, bilingual(hasHtml ? LABELS.sandboxNote : LABELS.noHtmlPart)),
    );

    const attachments = message.attachments.length
      ? element(
          'div',
          { className: 'message-attachments', dataset: { testid: 'message-attachments' } },
          element('span', { className: 'attachments-label' }, bilingual(LABELS.attachments)),
          ...message.attachments.map((attachment) =>
            element(
              'a',
              {
                className: 'attachment-link',
                href: `/api/mail/messages/${encodeURIComponent(message.id)}/attachments/${attachment.index}`,
                download: attachment.filename,
                type: attachment.contentType,
                title: `${attachment.filename} · ${attachment.contentType}`,
                dataset: { testid: `attachment-${attachment.index}` },
              },
              element('span', { className: 'attachment-name' }, attachment.filename),
              element(
                'span',
                { className: 'attachment-meta' },
                `${attachment.contentType.split(';')[0]} · ${formatSize(attachment.size)}`,
              ),
            ),
          ),
        )
      : null;

    let body;
    if (showing === 'html') {
      // sandbox first, then srcdoc: the flags must be in place before the frame's document is created.
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', '');
      frame.setAttribute('referrerpolicy', 'no-referrer');
      frame.className = 'message-frame';
      frame.title = plainText(LABELS.bodyFrameTitle);
      frame.dataset.testid = 'message-frame';
      frame.srcdoc = frameDocument(message.html);
      body = frame;
    } else {
      body = element(
        'pre',
        { className: 'message-text', dataset: { testid: 'message-text' }, lang: 'zh-CN' },
        message.text,
      );
    }

    reader.replaceChildren(
      element(
        'h2',
        { className: 'message-subject', dataset: { testid: 'message-subject' } },
        message.subject || plainText(LABELS.noSubject),
      ),
      headers,
      ...(attachments ? [attachments] : []),
      bodyBar,
      element('div', { className: 'message-body' }, body),
    );
  }

  void reload();

  return {
    /** @param {string[]} params */
    update(params) {
      selectedAddress = params[0];
      selectedId = params[1];
      render();
    },
    destroy() {
      generation += 1;
      window.removeEventListener(MAIL_CHANGED_EVENT, onMailChanged);
    },
  };
}
