// Wall-clock arithmetic in the workbook's time zone with nothing but Intl: the stack clock answers an instant,
// and the page shows and moves it in the zone the reminders are planned in (not the browser's).

const WEEKDAYS = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const WEEKDAY_NAMES = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};
const formatters = new Map();

/**
 * The wall-clock fields of an instant in a zone.
 * @param {number} ms @param {string} zone
 */
export function zoneParts(ms, zone) {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday] ?? 0,
  };
}

/** Minutes the zone is ahead of UTC at an instant (480 for Asia/Shanghai). */
export function zoneOffsetMinutes(ms, zone) {
  const p = zoneParts(ms, zone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The instant a wall-clock time in a zone names (the later one in a DST gap or overlap is fine here). */
function instantOf(year, month, day, hour, minute, zone, hint) {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const guess = wall - zoneOffsetMinutes(hint, zone) * 60000;
  return wall - zoneOffsetMinutes(guess, zone) * 60000;
}

/**
 * The next Monday–Friday at hour:minute in the zone, strictly after `nowMs`. Public holidays are not known
 * here (they live in the workbook's Settings); the digest rule itself skips them.
 */
export function nextWorkingMorning(nowMs, zone, hour = 8, minute = 5) {
  const today = zoneParts(nowMs, zone);
  for (let i = 0; i < 14; i += 1) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + i));
    const weekday = date.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const target = instantOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute, zone, nowMs);
    if (target > nowMs) return target;
  }
  throw new Error('no working morning within two weeks');
}

const pad = (n) => String(n).padStart(2, '0');

/** "2026-11-30 周一 Mon 08:05" split into its pieces, for bilingual rendering. */
export function formatZoned(ms, zone, { seconds = false, year = true } = {}) {
  const p = zoneParts(ms, zone);
  const date = year ? `${p.year}-${pad(p.month)}-${pad(p.day)}` : `${pad(p.month)}-${pad(p.day)}`;
  const time = `${pad(p.hour)}:${pad(p.minute)}${seconds ? `:${pad(p.second)}` : ''}`;
  return { date, time, weekday: { zh: WEEKDAY_NAMES.zh[p.weekday], en: WEEKDAY_NAMES.en[p.weekday] }, parts: p };
}

/** "UTC+08:00" for an offset in minutes. */
export function formatUtcOffset(minutes) {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
