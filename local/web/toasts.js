// Request-level messages (a refused signature, a server fault) that belong to no single row. Row problems are
// shown in the Status column instead, next to the row that caused them.

const LIFETIME_MS = { success: 4000, info: 6000, error: 15000 };

/**
 * @param {{ kind?: 'error' | 'info' | 'success', zh: string, en: string, code?: string }} message
 */
export function showToast(message) {
  const region = document.getElementById('toasts');
  if (!region) return;
  const kind = message.kind ?? 'error';
  const toast = document.createElement('div');
  toast.className = `toast toast-${kind}`;
  toast.dataset.testid = 'toast';
  toast.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  const text = document.createElement('div');
  text.className = 'toast-text';
  const zh = document.createElement('p');
  zh.lang = 'zh-CN';
  zh.textContent = message.zh;
  const en = document.createElement('p');
  en.lang = 'en';
  en.textContent = message.en;
  text.append(zh);
  if (message.en !== message.zh) text.append(en);
  if (message.code) {
    const code = document.createElement('code');
    code.textContent = message.code;
    text.append(code);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'toast-close';
  close.setAttribute('aria-label', '关闭 / Close');
  close.textContent = '×';
  close.addEventListener('click', () => toast.remove());
  toast.append(text, close);
  region.append(toast);
  // Errors stay long enough to read both languages; older toasts go first so the stack stays short.
  setTimeout(() => toast.remove(), LIFETIME_MS[kind]);
  while (region.children.length > 4) region.firstElementChild?.remove();
}

export function showError(/** @type {{ code?: string, zh: string, en: string }} */ error) {
  showToast({ kind: 'error', ...error });
}
