// Parts every view shares: the choice form, flags and notes, download buttons.
import { h, button, errorSummary, csv } from '../dom.js';
import { save, downloadExport, RefusedToken } from '../api.js';
import { FLAG_EXPLANATION, SYMBOL_EXPLANATION } from '../format.js';

/** The view's heading and lead paragraph. */
export function heading(title, lead) {
  return [h('h1', { class: 'govuk-heading-l', text: title }), lead && h('p', { class: 'govuk-body-l', text: lead })];
}

/** A GET form to the view's own path: choosing shows a new, bookmarkable URL. */
export function choices(path, fields, submit = 'Show') {
  return h(
    'form',
    { method: 'get', action: path, class: 'app-choices', novalidate: true },
    fields,
    h('button', { type: 'submit', class: 'govuk-button', text: submit }),
  );
}

/**
 * The legend under a chart and its table: each symbol used (`c`, `x`, `z`,
 * `low`, as in government statistics and the CSV exports) and each flag that
 * appears, in words. A flag the symbol legend already explains is not repeated.
 */
export function notes(flags, symbols = []) {
  const usedSymbols = ['c', 'x', 'z', 'low'].filter((s) => symbols.includes(s));
  const x = usedSymbols.includes('x');
  const covered = new Set([usedSymbols.includes('c') && 'SUPPRESSED', usedSymbols.includes('low') && 'LOW_BASE', x && 'NO_RETURN', x && 'NOT_REPORTED']);
  const present = [...new Set(flags)].filter((f) => FLAG_EXPLANATION[f] && !covered.has(f));
  if (!present.length && !usedSymbols.length) return null;
  return h(
    'div',
    { class: 'govuk-inset-text app-legend' },
    h('h3', { class: 'govuk-heading-s', text: 'About these figures' }),
    usedSymbols.length > 0 && h('h4', { class: 'govuk-heading-s govuk-!-margin-bottom-1', text: 'Symbols' }),
    usedSymbols.length > 0 && h('ul', { class: 'govuk-list govuk-list--bullet' }, usedSymbols.map((s) => h('li', { text: SYMBOL_EXPLANATION[s] }))),
    present.length > 0 && usedSymbols.length > 0 && h('h4', { class: 'govuk-heading-s govuk-!-margin-bottom-1', text: 'Flags' }),
    present.length > 0 && h('ul', { class: 'govuk-list govuk-list--bullet' }, present.map((f) => h('li', { text: FLAG_EXPLANATION[f] }))),
  );
}

/** The symbols among a table's cells, for its legend. */
export function symbolsIn(cells) {
  return [...new Set(cells.filter((c) => c === 'c' || c === 'x' || c === 'z' || c === 'low'))];
}

function reportDownloadFailure(anchor, error) {
  if (error instanceof RefusedToken) {
    import('../main.js').then((m) => m.refused(error));
    return;
  }
  anchor.after(errorSummary('The download failed', error.message));
}

/** Download CSV of an export endpoint (with the user's token). */
export function exportButton(label, url) {
  const b = button(label, async () => {
    try {
      await downloadExport(url);
    } catch (error) {
      reportDownloadFailure(b, error);
    }
  });
  b.dataset.download = url;
  return b;
}

/** Download CSV of exactly the rows of a table the view has drawn. */
export function tableButton(label, filename, rows) {
  const b = button(label, () => save(filename, new Blob([csv(rows)], { type: 'text/csv;charset=utf-8' })));
  b.dataset.download = filename;
  return b;
}

export function loading(container, text = 'Loading the figures…') {
  const status = h('p', { class: 'govuk-body', role: 'status', text });
  container.append(status);
  return status;
}

export function warning(text) {
  return h(
    'div',
    { class: 'govuk-warning-text' },
    h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true', text: '!' }),
    h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden', text: 'Warning' }), text),
  );
}
