// Building the page with DOM calls (no innerHTML: data is always text, and
// styles go through CSSOM, which the Content-Security-Policy allows).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'style') Object.assign(el.style, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's content, leaving out parts that are not to be shown (false, null). */
export function show(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let ids = 0;
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/**
 * A GOV.UK table in a focusable scrolling region. `columns` are
 * `{ label, numeric }`; rows are arrays of cells, each a string or
 * `{ text, header }`. Returns the region; `.table` is the table.
 */
export function table({ caption, columns, rows, id }) {
  const captionId = uid('caption');
  const t = h(
    'table',
    { class: 'govuk-table', id, 'data-figures': '' },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--s', id: captionId, text: caption }),
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        columns.map((c) =>
          h('th', { scope: 'col', class: `govuk-table__header${c.numeric ? ' app-num' : ''}`, text: c.label }),
        ),
      ),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      rows.map((row) =>
        h(
          'tr',
          { class: 'govuk-table__row' },
          row.map((cell, i) => {
            const c = typeof cell === 'object' && cell !== null && !(cell instanceof Node) ? cell : { text: cell };
            const numeric = columns[i]?.numeric;
            if (i === 0 || c.header) {
              return h('th', { scope: 'row', class: 'govuk-table__header' }, c.node ?? c.text);
            }
            return h('td', { class: `govuk-table__cell${numeric ? ' app-num' : ''}${c.class ? ` ${c.class}` : ''}` }, c.node ?? c.text);
          }),
        ),
      ),
    ),
  );
  const region = h('div', { class: 'app-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: '0' }, t);
  region.table = t;
  return region;
}

/** CSV text (RFC 4180) from rows of strings. */
export function csv(rows) {
  const quote = (v) => {
    const s = String(v ?? '');
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

export function button(text, onclick, secondary = true) {
  return h('button', {
    type: 'button',
    class: `govuk-button${secondary ? ' govuk-button--secondary' : ''}`,
    'data-module': 'govuk-button',
    onclick,
    text,
  });
}

/** A GOV.UK select with its label. */
export function select({ name, label, options, value, hint, error }) {
  const id = uid(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return h(
    'div',
    { class: `govuk-form-group${error ? ' govuk-form-group--error' : ''}` },
    h('label', { class: 'govuk-label', for: id, text: label }),
    hint && h('div', { class: 'govuk-hint', id: hintId, text: hint }),
    error && h('p', { class: 'govuk-error-message', id: errorId }, h('span', { class: 'govuk-visually-hidden', text: 'Error: ' }), error),
    h(
      'select',
      { class: `govuk-select${error ? ' govuk-select--error' : ''}`, id, name, 'aria-describedby': describedBy },
      options.map((o) => h('option', { value: o.value, selected: o.value === value, text: o.text })),
    ),
  );
}

export function inset(...children) {
  return h('div', { class: 'govuk-inset-text' }, ...children);
}

export function errorSummary(title, message) {
  const summary = h(
    'div',
    { class: 'govuk-error-summary', tabindex: '-1', 'data-module': 'govuk-error-summary' },
    h(
      'div',
      { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title', text: title }),
      h('div', { class: 'govuk-error-summary__body' }, h('p', { class: 'govuk-body', text: message })),
    ),
  );
  return summary;
}
