// Compare: a period and one or more metrics; the five partnerships on each,
// ranked, with the regional median marked and every flag said in words.
import { h, uid, select, table, show } from '../dom.js';
import { graphql } from '../api.js';
import { BENCHMARK_MATRIX } from '../queries.js';
import { bars } from '../charts.js';
import { partnershipName, figure, number, flagsText, UNIT_TEXT, BETTER_TEXT, withUnit, endedYears } from '../format.js';
import { heading, choices, notes, exportButton, loading, warning } from './common.js';

const DEFAULT_METRICS = ['cdop.notifications', 'cdop.notifications_per_10k'];
const DATASETS = [
  ['CDOP', 'Child death overview'],
  ['SECTION_11', 'Section 11'],
  ['SCRUTINY', 'Independent scrutiny'],
];

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
  return DATASETS.map(([dataset, legend]) => {
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

function barLabel(row, unit) {
  if (row.suppressed) return 'c (suppressed)';
  if (row.value === null) return row.flags.includes('NO_RETURN') ? 'x (no return)' : 'x (not available)';
  const parts = [withUnit(number(row.value), unit)];
  if (row.rank !== null) parts.push(`rank ${row.rank}`);
  if (row.quartile !== null) parts.push(`quartile ${row.quartile}`);
  const marks = row.flags.filter((f) => f === 'ILLUSTRATIVE' || f === 'UNRELIABLE' || f === 'NON_STANDARD_PERIOD');
  return `${parts.join(', ')}${marks.length ? ` (${flagsText(marks)})` : ''}`;
}

/** Flags in words, and the population year when a rate rests on an older estimate. */
function notesText(row, b) {
  const parts = row.flags.length ? [flagsText(row.flags)] : [];
  const startYear = Number(b.period.startDate.slice(0, 4));
  if (row.populationYear !== null && row.ratePer10k !== null && row.populationYear !== startYear) {
    parts.push(`rate on the ${row.populationYear} population estimate`);
  }
  return parts.join('; ');
}

/** The table a benchmark's chart is drawn from; its columns follow the CSV export. */
export function benchmarkTable(b) {
  // A count's rate is a figure of its own; a rate or percentage is its value.
  const rate = b.metric.unit === 'COUNT';
  return table({
    caption: `${b.metric.name}, ${b.period.label}: the five partnerships`,
    columns: [
      { label: 'Partnership' },
      { label: `Value (${UNIT_TEXT[b.metric.unit]})`, numeric: true },
      rate && { label: 'Rate per 10,000 children', numeric: true },
      { label: 'Rank', numeric: true },
      { label: 'Quartile', numeric: true },
      { label: 'Notes' },
    ].filter(Boolean),
    rows: b.rows.map((r) =>
      [
        partnershipName(r.partnership),
        figure(r.value, { suppressed: r.suppressed }),
        rate && figure(r.ratePer10k, { suppressed: r.suppressed }),
        r.rank === null ? '' : String(r.rank),
        r.quartile === null ? '' : String(r.quartile),
        notesText(r, b),
      ].filter((c) => c !== false),
    ),
  });
}

function benchmarkSection(b) {
  const id = uid('benchmark');
  const medianText = b.regionalMedian === null ? 'not available' : withUnit(number(b.regionalMedian), b.metric.unit);
  const section = h(
    'section',
    { class: 'govuk-!-margin-bottom-9', 'aria-labelledby': id, 'data-metric': b.metric.id },
    h('h2', { class: 'govuk-heading-m', id, text: b.metric.name }),
    h('p', { class: 'govuk-body', text: b.metric.definition }),
    h(
      'p',
      { class: 'govuk-body' },
      h('strong', { text: BETTER_TEXT[b.metric.better] }),
      `. Regional median: ${medianText}, over ${b.comparableCount} comparable partnership${b.comparableCount === 1 ? '' : 's'}. Rank 1 is the best.`,
    ),
    b.nonStandardPeriod &&
      warning(`${b.period.label} is not a financial year (${b.period.description}). Its figures are not compared with financial years.`),
    bars({
      title: `${b.metric.name} by partnership, ${b.period.label}`,
      items: b.rows.map((r) => ({
        name: partnershipName(r.partnership),
        value: r.suppressed ? null : r.value,
        label: barLabel(r, b.metric.unit),
        hatched: r.flags.includes('ILLUSTRATIVE') || r.flags.includes('UNRELIABLE'),
      })),
      median: b.regionalMedian,
      medianLabel: `Regional median (${medianText})`,
      hatchedLabel: 'Striped: illustrative or unreliable figure',
    }),
    notes(b.rows.flatMap((r) => r.flags)),
    benchmarkTable(b),
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
    ...heading('Compare the five partnerships', 'Choose a period and one or more measures. Each shows the five partnerships ranked, with the regional median.'),
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
