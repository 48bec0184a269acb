// Headers, tab names and enum labels are typed by people on Chinese and Western keyboards. A Chinese IME easily
// produces full-width letters, digits, parentheses and the ideographic space (U+3000), and people add stray
// spaces or change case. NFKC folds full-width forms to their ASCII equivalents; the rest is whitespace and case.
export function normalizeLabel(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}
