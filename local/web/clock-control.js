// The stack clock in the header, on every page: what time the reminder rules think it is (in the workbook's
// zone), how far it has been moved, buttons to move it forward, and "Run tick now", which does what the
// 15-minute scheduler does. A finished tick announces itself with a `mail-changed` event so an open mailbox
// can reload.
import { ApiError, getJson, postJson } from './api-client.js';
import { element } from './dom.js';
import { bilingual, LABELS, plainText } from './labels.js';
import { showError, showToast } from './toasts.js';
import { formatUtcOffset, formatZoned, zoneOffsetMinutes } from './zoned-time.js';

const REFRESH_MS = 30_000;
export const MAIL_CHANGED_EVENT = 'mail-changed';
/** A tick finished: it may have written rows (series occurrences, attendance results) as well as mail. */
export const TICK_DONE_EVENT = 'tick-done';

function reportFailure(error) {
  if (error instanceof ApiError) showError(error.error);
  else showError({ code: 'CLIENT_ERROR', zh: String(error), en: String(error) });
}

/** postJson resolves for 4xx/5xx answers that carry an error body; the clock wants those thrown. */
async function post(path, payload) {
  const body = await postJson(path, payload);
  if (body?.error && !Array.isArray(body?.workbooks)) throw new ApiError(body.error, 400);
  return body;
}

/**
 * @param {HTMLElement} host
 * @param {{ zone: string }} options the workbook's zone, used until the clock answers with its own
 */
export function mountClockControl(host, options) {
  let clock = /** @type {{ now: string, offsetMinutes: number, zone: string } | null} */ (null);
  let busy = false;

  const dateText = element('span', { className: 'clock-date', dataset: { testid: 'clock-date' } });
  const timeText = element('strong', { className: 'clock-time', dataset: { testid: 'clock-time' } });
  const zoneText = element('span', { className: 'clock-zone', dataset: { testid: 'clock-zone' } });
  const offsetText = element('span', { className: 'clock-offset', dataset: { testid: 'clock-offset' } });
  const readout = element(
    'span',
    { className: 'clock-readout', title: plainText(LABELS.clockTitle), dataset: { testid: 'clock-now' } },
    element('span', { className: 'clock-icon', ariaHidden: 'true' }),
    element('span', { className: 'visually-hidden' }, plainText(LABELS.clock)),
    dateText,
    timeText,
    zoneText,
    offsetText,
  );

  const button = (label, title, testid, onClick, extraClass = '') => {
    const node = element(
      'button',
      {
        type: 'button',
        className: `clock-button ${extraClass}`.trim(),
        title: plainText(title ?? label),
        dataset: { testid },
      },
      bilingual(label),
    );
    node.addEventListener('click', () => void run(onClick));
    return node;
  };
  const buttons = [
    button(LABELS.plusHour, null, 'clock-plus-hour', () => advance(60)),
    button(LABELS.plusDay, null, 'clock-plus-day', () => advance(24 * 60)),
    button(LABELS.nextMorning, LABELS.nextMorningTitle, 'clock-next-morning', toNextMorning),
    button(LABELS.clockReset, LABELS.clockResetTitle, 'clock-reset', reset),
    button(LABELS.runTick, LABELS.runTickTitle, 'clock-run-tick', runTick, 'clock-button-primary'),
  ];
  host.replaceChildren(
    readout,
    element('span', { className: 'clock-buttons', role: 'group', ariaLabel: plainText(LABELS.clock) }, ...buttons),
  );

  function render() {
    if (!clock) return;
    const zone = clock.zone || options.zone;
    const ms = Date.parse(clock.now);
    const shown = formatZoned(ms, zone);
    dateText.replaceChildren(`${shown.date} `, bilingual(shown.weekday));
    timeText.textContent = shown.time;
    zoneText.textContent = zone;
    zoneText.title = `${zone} (${formatUtcOffset(zoneOffsetMinutes(ms, zone))})`;
    offsetText.replaceChildren(
      bilingual(clock.offsetMinutes === 0 ? LABELS.clockRealTime : LABELS.clockOffset(clock.offsetMinutes)),
    );
    offsetText.dataset.offset = String(clock.offsetMinutes);
    host.classList.toggle('clock-moved', clock.offsetMinutes !== 0);
  }

  async function refresh() {
    clock = await getJson('/api/clock');
    render();
    return clock;
  }

  async function run(action) {
    if (busy) return;
    busy = true;
    host.setAttribute('aria-busy', 'true');
    for (const b of buttons) b.disabled = true;
    try {
      await action();
    } catch (error) {
      reportFailure(error);
    } finally {
      busy = false;
      host.removeAttribute('aria-busy');
      for (const b of buttons) b.disabled = false;
    }
  }

  async function advance(minutes) {
    clock = await post('/api/clock', { advanceMinutes: minutes });
    render();
  }

  async function toNextMorning() {
    // The server knows the workbook's calendar (Settings: holidays, make-up working days) and its digest time.
    clock = await post('/api/clock', { nextWorkingMorning: true });
    render();
  }

  async function reset() {
    clock = await post('/api/clock', { reset: true });
    render();
  }

  async function runTick() {
    const result = await post('/api/tick', {});
    if (result.clock) {
      clock = result.clock;
      render();
    }
    const totals = { planned: 0, enqueued: 0, sent: 0, failed: 0, retrying: 0, meetingsCreated: 0 };
    const errors = [];
    for (const workbook of result.workbooks ?? []) {
      totals.planned += workbook.planned ?? 0;
      totals.enqueued += workbook.enqueued ?? 0;
      totals.sent += workbook.delivery?.sent ?? 0;
      totals.failed += workbook.delivery?.failed ?? 0;
      totals.retrying += workbook.delivery?.retrying ?? 0;
      totals.meetingsCreated += workbook.series?.meetingsWritten ?? 0;
      if (workbook.error)
        errors.push(typeof workbook.error === 'string' ? workbook.error : JSON.stringify(workbook.error));
    }
    showToast({ kind: totals.failed || errors.length ? 'error' : 'success', ...LABELS.tickResult(totals) });
    for (const detail of errors) showError({ code: 'TICK_WORKBOOK', ...LABELS.tickWorkbookError(detail) });
    window.dispatchEvent(new CustomEvent(MAIL_CHANGED_EVENT, { detail: result }));
    window.dispatchEvent(new CustomEvent(TICK_DONE_EVENT, { detail: result }));
  }

  void refresh().catch(reportFailure);
  const timer = setInterval(
    () =>
      void refresh().catch(() => {
        // The health dot already shows a stopped server; one toast every 30 s would only add noise.
      }),
    REFRESH_MS,
  );
  return { refresh, stop: () => clearInterval(timer) };
}
