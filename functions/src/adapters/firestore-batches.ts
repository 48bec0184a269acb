// Firestore limits: an `in` filter takes at most 30 values, and writes are grouped per transaction, so
// lists are cut into groups before they are queried or written.
export const IN_FILTER_LIMIT = 30;

export function chunk<T>(items: readonly T[], size: number = IN_FILTER_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
