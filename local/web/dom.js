// A tiny element builder for the pages that came after the workbook page (which keeps its own copy).

/**
 * element('a', { href: '#', dataset: { testid: 'x' } }, 'text', child)
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {...(Node | string)} children
 */
export function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}
