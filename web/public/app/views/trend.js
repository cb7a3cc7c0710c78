// Trend: one measure, the five partnerships over the periods they report,
// with each one's direction of travel and which way is better.
import { h, select, table, errorSummary, show } from '../dom.js';
import { graphql } from '../api.js';
import { TREND } from '../queries.js';
import { lines, legendMarker } from '../charts.js';
import { PARTNERSHIPS, partnershipName, partnershipShort, published, markFlags, flagsText, BETTER_TEXT, DIRECTION_TEXT, UNIT_TEXT, endedYears } from '../format.js';
import { heading, choices, notes, symbolsIn, exportButton, loading } from './common.js';

/** Each flag a partnership's points carry, with the periods it applies to. */
function pointNotes(points) {
  const periods = new Map();
  for (const pt of points) {
    for (const f of markFlags(pt).filter((f) => f !== 'SUPPRESSED' && f !== 'NO_RETURN')) {
      periods.set(f, [...(periods.get(f) ?? []), pt.period.label]);
    }
  }
  return [...periods].map(([f, labels]) => `${flagsText([f])} (${labels.join(', ')})`).join('; ');
}

function directionText(direction, better) {
  const text = DIRECTION_TEXT[direction] ?? direction;
  if (direction === 'IMPROVING' || direction === 'WORSENING') return `${text} (${BETTER_TEXT[better].toLowerCase()})`;
  return text;
}

export async function render(container, { ref, params }) {
  const standard = ref.reportingPeriods.filter((p) => p.standard).map((p) => p.label);
  const known = new Set(ref.metrics.map((m) => m.id));
  const metric = known.has(params.get('metric')) ? params.get('metric') : 'cdop.notifications_per_10k';
  const ended = endedYears(ref.reportingPeriods);
  const to = standard.includes(params.get('to')) ? params.get('to') : ended[0] ?? standard.at(-1);
  const from = standard.includes(params.get('from')) ? params.get('from') : standard[Math.max(0, standard.indexOf(to) - 5)];
  const form = () =>
    choices('/trend', [
      select({ name: 'metric', label: 'Measure', value: metric, options: ref.metrics.map((m) => ({ value: m.id, text: m.name })) }),
      h(
        'div',
        { class: 'app-actions' },
        select({ name: 'from', label: 'From', value: from, options: standard.map((p) => ({ value: p, text: p })) }),
        select({ name: 'to', label: 'To', value: to, options: standard.map((p) => ({ value: p, text: p })), error: backwards && 'To must be the same year as From or later' }),
      ),
    ]);
  const backwards = standard.indexOf(from) > standard.indexOf(to);
  if (backwards) {
    show(container,
      ...heading('Trend', 'One measure for the five partnerships over time, and which way each is moving.'),
      errorSummary('There is a problem', 'To must be the same year as From or later'),
      form(),
    );
    return;
  }
  const status = loading(container);
  const data = await graphql(TREND, { metric, from, to });
  status.remove();
  const trends = PARTNERSHIPS.map((p) => data[p]);
  const def = trends[0].metric;
  const periods = trends[0].points.map((pt) => pt.period.label);
  const cell = (pt) => published(pt.value, pt.status, def.decimalPlaces);

  const columns = [{ label: 'Partnership' }, ...periods.map((p) => ({ label: p, numeric: true })), { label: 'Direction of travel' }, { label: 'Notes' }];
  const rows = trends.map((t) => [partnershipName(t.partnership), ...t.points.map(cell), directionText(t.direction, def.better), pointNotes(t.points)]);
  const figures = table({ caption: `${def.name}, ${from} to ${to}`, columns, rows, id: 'trend-table' });

  show(container,
    ...heading('Trend', 'One measure for the five partnerships over time, and which way each is moving.'),
    form(),
    h(
      'section',
      { 'aria-labelledby': 'trend-heading' },
      h('h2', { class: 'govuk-heading-m', id: 'trend-heading', text: def.name }),
      h('p', { class: 'govuk-body', text: def.definition }),
      h('p', { class: 'govuk-body' }, h('strong', { text: BETTER_TEXT[def.better] }), `. Unit: ${UNIT_TEXT[def.unit]}.`),
      h(
        'ul',
        { class: 'govuk-list app-key', 'aria-label': 'Key' },
        trends.map((t, i) => h('li', {}, legendMarker(i), ` ${partnershipName(t.partnership)} (${partnershipShort(t.partnership)})`)),
      ),
      h(
        'div',
        { class: 'app-scroll', role: 'region', 'aria-label': 'Trend chart', tabindex: '0' },
        lines({
          title: `${def.name}, ${from} to ${to}`,
          description: `A line per partnership. ${trends.map((t) => `${partnershipShort(t.partnership)}: ${directionText(t.direction, def.better)}`).join('; ')}. Gaps are periods with no comparable figure. The table below has every figure, and its Notes column says which are illustrative, on an estimated population, non-standard or unreliable.`,
          periods,
          series: trends.map((t) => ({
            label: partnershipShort(t.partnership),
            values: t.points.map((pt) => (pt.comparable && pt.status === 'SHOWN' && pt.value !== null ? pt.value : null)),
          })),
        }),
      ),
      notes(trends.flatMap((t) => t.points.flatMap(markFlags)), symbolsIn(rows.flat())),
      figures,
      exportButton(`Download CSV: ${def.name}, ${from} to ${to}`, `/export/trend.csv?${new URLSearchParams({ metric: def.id, from, to })}`),
    ),
  );
}
