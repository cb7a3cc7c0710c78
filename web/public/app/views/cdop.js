// CDOP: the regional summary for a period, each partnership beside the
// region, with every breakdown and the suppression explained.
import { h, select, table, show } from '../dom.js';
import { graphql } from '../api.js';
import { CDOP_SUMMARY } from '../queries.js';
import { bars } from '../charts.js';
import { PARTNERSHIPS, partnershipName, number, endedYears, STATUS_SYMBOL } from '../format.js';
import { heading, choices, notes, symbolsIn, tableButton, loading, warning } from './common.js';

const ROWS = [
  ['Deaths notified', (f) => f.deathsNotified],
  ['Reviews completed', (f) => f.reviewsCompleted],
  ['Age 0 to 27 days', (f) => f.byAgeBand.age0To27Days],
  ['Age 28 to 364 days', (f) => f.byAgeBand.age28To364Days],
  ['Age 1 to 4', (f) => f.byAgeBand.age1To4],
  ['Age 5 to 9', (f) => f.byAgeBand.age5To9],
  ['Age 10 to 14', (f) => f.byAgeBand.age10To14],
  ['Age 15 to 17', (f) => f.byAgeBand.age15To17],
  ['Category: deliberately inflicted injury, abuse or neglect', (f) => f.byCategory.deliberatelyInflictedInjury],
  ['Category: suicide or deliberate self-inflicted harm', (f) => f.byCategory.suicideOrSelfHarm],
  ['Category: trauma and other external factors', (f) => f.byCategory.traumaOrExternalFactors],
  ['Category: malignancy', (f) => f.byCategory.malignancy],
  ['Category: acute medical or surgical condition', (f) => f.byCategory.acuteMedicalOrSurgical],
  ['Category: chronic medical condition', (f) => f.byCategory.chronicMedical],
  ['Category: chromosomal, genetic and congenital anomalies', (f) => f.byCategory.chromosomalGeneticCongenital],
  ['Category: perinatal or neonatal event', (f) => f.byCategory.perinatalNeonatal],
  ['Category: infection', (f) => f.byCategory.infection],
  ['Category: sudden unexpected, unexplained death', (f) => f.byCategory.suddenUnexpectedUnexplained],
  ['Expected deaths', (f) => f.byExpectation.expected],
  ['Unexpected deaths', (f) => f.byExpectation.unexpected],
  ['Modifiable factors identified', (f) => f.byModifiableFactors.identified],
  ['No modifiable factors identified', (f) => f.byModifiableFactors.notIdentified],
  ['Insufficient information on modifiable factors', (f) => f.byModifiableFactors.insufficientInformation],
  ['Reviewed within 6 months of death', (f) => f.byTimeToReview.under6Months],
  ['Reviewed 6 to 12 months after death', (f) => f.byTimeToReview.from6To12Months],
  ['Reviewed more than 12 months after death', (f) => f.byTimeToReview.over12Months],
];

/** A count as the hub publishes it: the number, or its status's symbol. */
function text(fig) {
  if (!fig) return 'x';
  if (fig.status !== 'SHOWN') return STATUS_SYMBOL[fig.status] ?? 'x';
  return number(fig.value);
}

async function defaultPeriod(ref) {
  const years = endedYears(ref.reportingPeriods).slice(0, 4);
  for (const period of years) {
    const { cdopRegionalSummary: s } = await graphql(CDOP_SUMMARY, { period });
    if (s.partnerships.some((p) => p.cdopReturn)) return { period, summary: s };
  }
  return { period: years[0], summary: null };
}

export async function render(container, { ref, params }) {
  const labels = new Set(ref.reportingPeriods.map((p) => p.label));
  const status = loading(container);
  let period = labels.has(params.get('period')) ? params.get('period') : null;
  let summary;
  if (period) summary = (await graphql(CDOP_SUMMARY, { period })).cdopRegionalSummary;
  else ({ period, summary } = await defaultPeriod(ref));
  if (!summary) summary = (await graphql(CDOP_SUMMARY, { period })).cdopRegionalSummary;
  status.remove();

  const byCode = new Map(summary.partnerships.map((p) => [p.partnership, p.cdopReturn]));
  const columns = [{ label: 'Measure' }, ...PARTNERSHIPS.map((p) => ({ label: partnershipName(p), numeric: true })), { label: 'Region', numeric: true }];
  const rows = ROWS.map(([label, pick]) => [
    label,
    ...PARTNERSHIPS.map((p) => (byCode.get(p) ? text(pick(byCode.get(p).figures)) : 'x')),
    text(pick(summary.region)),
  ]);
  rows.push([
    'Data',
    ...PARTNERSHIPS.map((p) => {
      const r = byCode.get(p);
      if (!r) return 'no return';
      return `${r.status.toLowerCase()}${r.provenance.illustrative ? ', illustrative' : ''}`;
    }),
    summary.complete ? 'all five' : 'partial',
  ]);
  const flags = [];
  if (PARTNERSHIPS.some((p) => byCode.get(p)?.provenance.illustrative)) flags.push('ILLUSTRATIVE');

  show(container,
    ...heading('Child death overview', 'The five partnerships’ child death figures for a period beside the regional total, with every breakdown.'),
    choices('/cdop', [
      select({
        name: 'period',
        label: 'Period',
        value: period,
        options: ref.reportingPeriods.map((p) => ({ value: p.label, text: p.standard ? p.label : `${p.label} (non-standard)` })),
      }),
    ]),
    h('h2', { class: 'govuk-heading-m', text: `Deaths notified, ${summary.period.label}` }),
    !summary.period.standard && warning(`${summary.period.label} is not a financial year (${summary.period.description}).`),
    summary.disclosureControlled
      ? h('p', {
          class: 'govuk-body',
          id: 'disclosure',
          text: 'Some figures are disclosure controlled for you: counts from 1 to 5 show as c, and so does the next smallest figure wherever a hidden one could be worked out from a total. c is never zero.',
        })
      : h('p', { class: 'govuk-body', id: 'disclosure', text: 'You see the exact figures for every partnership shown here.' }),
    bars({
      title: `Child deaths notified by partnership, ${summary.period.label}`,
      items: PARTNERSHIPS.map((p) => {
        const r = byCode.get(p);
        const fig = r?.figures.deathsNotified;
        const shown = fig?.status === 'SHOWN' ? fig.value : null;
        let label = text(fig);
        if (!r) label = 'x (no return)';
        else if (fig.status === 'SUPPRESSED') label = 'c (suppressed)';
        else if (fig.status !== 'SHOWN') label = `${label} (not given)`;
        else if (r.provenance.illustrative) label = `${label} (illustrative)`;
        return { name: partnershipName(p), value: shown, label, hatched: Boolean(r?.provenance.illustrative) };
      }),
      hatchedLabel: 'Striped: illustrative figure',
    }),
    notes([...flags, ...PARTNERSHIPS.filter((p) => !byCode.get(p)).map(() => 'NO_RETURN')], symbolsIn(rows.flat())),
    h('h2', { class: 'govuk-heading-m', text: 'All figures' }),
    table({ caption: `Child death overview figures, ${summary.period.label}`, columns, rows, id: 'cdop-table' }),
    tableButton(`Download CSV: child death figures, ${summary.period.label}`, `cdop-${summary.period.label.replace('/', '_')}.csv`, [
      columns.map((c) => c.label),
      ...rows,
    ]),
  );
}
