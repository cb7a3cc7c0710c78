// Compare: a period and one or more metrics; the five partnerships on each,
// ranked, with the regional median marked and every flag said in words.
import { h, uid, select, table, show } from '../dom.js';
import { graphql } from '../api.js';
import { BENCHMARK_MATRIX } from '../queries.js';
import { bars } from '../charts.js';
import { partnershipName, published, flagsText, markFlags, STATUS_SYMBOL, UNIT_TEXT, BETTER_TEXT, withUnit, endedYears } from '../format.js';
import { heading, choices, notes, symbolsIn, exportButton, loading, warning } from './common.js';

const DEFAULT_METRICS = ['cdop.notifications', 'cdop.notifications_per_10k'];
// Headings for the datasets the registry groups its metrics by. A dataset the
// registry gains later still gets its own group, under its code, until it is
// named here: the metrics come from the registry, not from this list.
const DATASET_LEGENDS = {
  CDOP: 'Child death overview',
  SECTION_11: 'Section 11',
  SCRUTINY: 'Independent scrutiny',
  PRACTICE_REVIEWS: 'Practice reviews',
  LADO: 'Allegations against people who work with children (LADO)',
};

/** The registry's datasets: the named ones in the order above, then any other. */
function datasetsOf(metrics) {
  const present = new Set(metrics.map((m) => m.dataset));
  const named = Object.keys(DATASET_LEGENDS).filter((d) => present.has(d));
  return [...named, ...[...present].filter((d) => !(d in DATASET_LEGENDS))];
}

/** The newest ended financial year with any comparable figure, looking back a few years. */
async function defaultPeriod(ref, metrics) {
  const years = endedYears(ref.reportingPeriods).slice(0, 4);
  for (const period of years) {
    const { benchmarkMatrix } = await graphql(BENCHMARK_MATRIX, { metrics: metrics.slice(0, 1), period });
    if (benchmarkMatrix.benchmarks[0]?.comparableCount > 0) return period;
  }
  return years[0] ?? ref.reportingPeriods.at(-1).label;
}

function metricBoxes(ref, chosen) {
  return datasetsOf(ref.metrics).map((dataset) => {
    const legend = DATASET_LEGENDS[dataset] ?? dataset;
    const metrics = ref.metrics.filter((m) => m.dataset === dataset);
    return h(
      'div',
      { class: 'govuk-form-group' },
      h(
        'fieldset',
        { class: 'govuk-fieldset' },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s', text: legend }),
        h(
          'div',
          { class: 'govuk-checkboxes govuk-checkboxes--small', 'data-module': 'govuk-checkboxes' },
          metrics.map((m) => {
            const id = uid('metric');
            return h(
              'div',
              { class: 'govuk-checkboxes__item' },
              h('input', { class: 'govuk-checkboxes__input', id, name: 'metric', type: 'checkbox', value: m.id, checked: chosen.includes(m.id) }),
              h('label', { class: 'govuk-label govuk-checkboxes__label', for: id, text: m.name }),
            );
          }),
        ),
      ),
    );
  });
}

/** Flags a figure carries, as the workspace marks them (in words, never by colour alone). */
function rowMarks(row) {
  return markFlags(row).filter((f) => f !== 'SUPPRESSED' && f !== 'NO_RETURN');
}

/** A rank or quartile as the export writes it: the number, or why there is none. */
function rankCell(value, row, metric) {
  if (value !== null) return String(value);
  if (!metric.ranked || row.status === 'SHOWN') return 'z';
  return STATUS_SYMBOL[row.status] ?? 'x';
}

function barLabel(row, metric) {
  const marks = rowMarks(row);
  const tail = marks.length ? ` (${flagsText(marks)})` : '';
  if (row.status === 'SUPPRESSED') return 'c (suppressed)';
  if (row.status !== 'SHOWN') return `${STATUS_SYMBOL[row.status] ?? 'x'} (${row.flags.includes('NO_RETURN') ? 'no return' : 'not available'})${tail}`;
  const parts = [withUnit(published(row.value, row.status, metric.decimalPlaces), metric.unit)];
  if (row.rank !== null) parts.push(`rank ${row.rank}`);
  if (row.quartile !== null) parts.push(`quartile ${row.quartile}`);
  if (!metric.ranked) parts.push('not ranked');
  return `${parts.join(', ')}${tail}`;
}

/** Flags in words, and the population year when a rate rests on an older estimate. */
function notesText(row, b) {
  const marks = markFlags(row);
  const parts = marks.length ? [flagsText(marks)] : [];
  const startYear = Number(b.period.startDate.slice(0, 4));
  if (row.populationYear !== null && row.ratePer10k !== null && row.populationYear !== startYear) {
    parts.push(`rate on the ${row.populationYear} population estimate`);
  }
  return parts.join('; ');
}

/**
 * The table a benchmark's chart is drawn from. Its figures are written as the
 * CSV export writes them (same decimals, same symbols); a column the export
 * gives as `z` throughout (a count's rank) is left out and said in the legend.
 */
export function benchmarkTable(b) {
  const m = b.metric;
  // A count's rate is a figure of its own; a rate or percentage is its value.
  const rate = m.unit === 'COUNT';
  const rows = b.rows.map((r) =>
    [
      partnershipName(r.partnership),
      published(r.value, r.status, m.decimalPlaces),
      rate && published(r.ratePer10k, r.rateStatus, 1),
      m.ranked && rankCell(r.rank, r, m),
      m.ranked && rankCell(r.quartile, r, m),
      notesText(r, b),
    ].filter((c) => c !== false),
  );
  return {
    rows,
    element: table({
      caption: `${m.name}, ${b.period.label}: the five partnerships`,
      columns: [
        { label: 'Partnership' },
        { label: `Value (${UNIT_TEXT[m.unit]})`, numeric: true },
        rate && { label: 'Rate per 10,000 children', numeric: true },
        m.ranked && { label: 'Rank', numeric: true },
        m.ranked && { label: 'Quartile', numeric: true },
        { label: 'Notes' },
      ].filter(Boolean),
      rows,
    }),
  };
}

/** The regional median in words: what it covers, what it leaves out, and its flags. */
function medianSentence(b) {
  const m = b.metric;
  if (b.regionalStatus !== 'SHOWN') {
    const symbol = STATUS_SYMBOL[b.regionalStatus] ?? 'x';
    return `Regional median: ${symbol} (${b.regionalStatus === 'SUPPRESSED' ? 'every value is suppressed for you' : 'no comparable value'}).`;
  }
  const value = withUnit(published(b.regionalMedian, 'SHOWN', m.decimalPlaces), m.unit);
  const parts = [`Regional median: ${value}, over ${b.comparableCount} comparable partnership${b.comparableCount === 1 ? '' : 's'}`];
  if (b.suppressedExcludedCount > 0) {
    parts.push(`leaving out ${b.suppressedExcludedCount} suppressed for you, so it may differ from the median a viewer with exact figures sees`);
  }
  const flags = [b.regionalEstimatedInput && 'ESTIMATED_INPUT', b.regionalIllustrative && 'ILLUSTRATIVE'].filter(Boolean);
  if (flags.length) parts.push(`built on figures flagged ${flagsText(flags)}`);
  return `${parts.join('; ')}.${m.ranked ? ' Rank 1 is the best.' : ' Counts are shown unranked: ranking counts across areas of different size would rank their size, not their performance.'}`;
}

function benchmarkSection(b) {
  const id = uid('benchmark');
  const m = b.metric;
  const medianText = b.regionalMedian === null ? 'not available' : withUnit(published(b.regionalMedian, 'SHOWN', m.decimalPlaces), m.unit);
  const figures = benchmarkTable(b);
  const section = h(
    'section',
    { class: 'govuk-!-margin-bottom-9', 'aria-labelledby': id, 'data-metric': b.metric.id },
    h('h2', { class: 'govuk-heading-m', id, text: b.metric.name }),
    h('p', { class: 'govuk-body', text: b.metric.definition }),
    h(
      'p',
      { class: 'govuk-body' },
      h('strong', { text: BETTER_TEXT[b.metric.better] }),
      `. ${medianSentence(b)}`,
    ),
    b.nonStandardPeriod &&
      warning(`${b.period.label} is not a financial year (${b.period.description}). Its figures are not compared with financial years.`),
    bars({
      title: `${b.metric.name} by partnership, ${b.period.label}`,
      items: b.rows.map((r) => ({
        name: partnershipName(r.partnership),
        value: r.status === 'SHOWN' ? r.value : null,
        label: barLabel(r, m),
        hatched: r.illustrative || r.unreliable || r.estimatedInput,
      })),
      median: b.regionalMedian,
      medianLabel: `Regional median (${medianText})`,
      hatchedLabel: 'Striped: illustrative, estimated or unreliable figure (the label says which)',
    }),
    notes(b.rows.flatMap(markFlags), [...symbolsIn(figures.rows.flat()), ...(m.ranked ? [] : ['z'])]),
    figures.element,
    exportButton(
      `Download CSV: ${b.metric.name}, ${b.period.label}`,
      `/export/benchmark.csv?${new URLSearchParams({ metric: b.metric.id, period: b.period.label })}`,
    ),
  );
  return section;
}

export async function render(container, { ref, params }) {
  const known = new Set(ref.metrics.map((m) => m.id));
  let metrics = params.getAll('metric').filter((m) => known.has(m)).slice(0, 40);
  if (!metrics.length) metrics = DEFAULT_METRICS.filter((m) => known.has(m));
  const status = loading(container);
  const labels = new Set(ref.reportingPeriods.map((p) => p.label));
  const period = labels.has(params.get('period')) ? params.get('period') : await defaultPeriod(ref, metrics);
  const { benchmarkMatrix } = await graphql(BENCHMARK_MATRIX, { metrics, period });
  status.remove();
  show(container,
    ...heading('Compare the five partnerships', 'Choose a period and one or more measures. Each shows the five partnerships with the regional median; rates and shares are ranked, counts are not.'),
    choices('/compare', [
      select({
        name: 'period',
        label: 'Period',
        hint: 'Financial years run from 1 April to 31 March. Non-standard periods are flagged and not ranked against financial years.',
        value: period,
        options: ref.reportingPeriods.map((p) => ({ value: p.label, text: p.standard ? p.label : `${p.label} (non-standard)` })),
      }),
      h('details', { class: 'govuk-details', open: params.getAll('metric').length === 0 ? undefined : true },
        h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text', text: `Measures (${metrics.length} chosen)` })),
        h('div', { class: 'govuk-details__text' }, metricBoxes(ref, metrics)),
      ),
    ]),
    h('p', { class: 'govuk-body govuk-!-font-weight-bold', id: 'showing', text: `Showing ${benchmarkMatrix.period.label}${benchmarkMatrix.period.standard ? '' : ' (non-standard period)'}` }),
    ...benchmarkMatrix.benchmarks.map(benchmarkSection),
  );
}
