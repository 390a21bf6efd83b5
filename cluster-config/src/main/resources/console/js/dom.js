// A few DOM helpers. Text goes in as text nodes only, so nothing from the API is ever parsed as HTML.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Replaces an element's children; like h(), it takes nested arrays and skips null, undefined and false. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function money(amount, currency) {
  return `${Number(amount ?? 0).toFixed(2)} ${currency ?? ''}`.trim();
}

export function badge(text, kind = text) {
  return h('span', { class: `badge ${kind}` }, text);
}

export function time(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString().replace('T', ' ').replace('Z', '');
}

export function table(headers, rows) {
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(header => h('th', {}, header)))), h('tbody', {}, rows));
}

export function card(label, value, testId) {
  return h('div', { class: 'card', 'data-testid': testId }, h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, value));
}

export function errorLine(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message);
}
