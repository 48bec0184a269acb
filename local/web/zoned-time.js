// Wall-clock arithmetic in the workbook's time zone with nothing but Intl: the stack clock answers an instant,
// and the page shows it in the zone the reminders are planned in (not the browser's). Moving it to a working
// morning needs the workbook's holidays, so the server does that (POST /api/clock { nextWorkingMorning: true }).

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
