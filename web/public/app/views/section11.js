// Section 11: one round's summary per partnership: returns expected and
// received, overall grades, and the share Good or better per standard.
import { h, select, table, show } from '../dom.js';
import { graphql } from '../api.js';
import { SECTION11_ROUNDS, SECTION11_SUMMARY } from '../queries.js';
import { bars } from '../charts.js';
import { PARTNERSHIPS, partnershipName, number, STATUS_SYMBOL } from '../format.js';
import { heading, choices, notes, symbolsIn, tableButton, loading } from './common.js';

const GRADES = [
  ['OUTSTANDING', 'Outstanding'],
  ['GOOD', 'Good'],
  ['REQUIRES_IMPROVEMENT', 'Requires improvement'],
  ['INADEQUATE', 'Inadequate'],
];

/** A figure as the hub publishes it: the number (a share with %), or its status's symbol. */
function shown(fig, unit = '') {
  if (!fig) return 'z';
  if (fig.status !== 'SHOWN') return STATUS_SYMBOL[fig.status] ?? 'x';
  return `${number(fig.value)}${unit}`;
}

const BASIS_TEXT = { PUBLISHED_RETURNS: 'published returns', RECEIVED_RETURNS: 'all received returns' };

export async function render(container, { params }) {
  const status = loading(container);
  const rounds = (await graphql(SECTION11_ROUNDS)).section11Rounds.edges.map((e) => e.node);
  // Newest round that anyone has published; else the newest.
  const fallback = rounds.find((r) => r.mode === 'SELF_ASSESSMENT' && r.partnerships.some((p) => p.published)) ?? rounds[0];
  // The round's own key names it in the address and file names (readable, and
  // accepted wherever its global id is).
  const round = rounds.find((r) => r.databaseId === params.get('round')) ?? fallback;
  if (!round) {
    status.remove();
    show(container, ...heading('Section 11'), h('p', { class: 'govuk-body', text: 'No Section 11 round has been recorded yet.' }));
    return;
  }
  const taking = new Set(round.partnerships.map((p) => p.partnership));
  const summaries = new Map(
    await Promise.all(
      PARTNERSHIPS.filter((p) => taking.has(p)).map(async (p) => [
        p,
        (await graphql(SECTION11_SUMMARY, { round: round.databaseId, partnership: p })).section11Summary,
      ]),
    ),
  );
  status.remove();

  const grade = (s, g) => String(s.byOverallGrade.find((x) => x.grade === g)?.count ?? 0);
  const columns = [
    { label: 'Partnership' },
    { label: 'Returns expected', numeric: true },
    { label: 'Returns received', numeric: true },
    { label: 'Return rate', numeric: true },
    ...GRADES.map(([, label]) => ({ label, numeric: true })),
    { label: 'Good or better', numeric: true },
    { label: 'Agencies with an Inadequate sub-standard', numeric: true },
    { label: 'Based on' },
  ];
  const rows = PARTNERSHIPS.map((p) => {
    const s = summaries.get(p);
    if (!s) return [partnershipName(p), 'z', 'z', 'z', ...GRADES.map(() => 'z'), 'z', 'z', 'did not take part'];
    return [
      partnershipName(p),
      shown(s.expectedFigure),
      shown(s.receivedFigure),
      shown(s.returnRateFigure, '%'),
      ...GRADES.map(([g]) => grade(s, g)),
      shown(s.shareGoodOrBetterFigure, '%'),
      shown(s.agenciesWithInadequateGradingFigure),
      `${BASIS_TEXT[s.basis] ?? s.basis}${s.illustrative ? ', illustrative' : ''}`,
    ];
  });

  const standards = [...summaries.values()][0]?.standards.filter((st) => !st.parentNumber) ?? [];
  const standardColumns = [{ label: 'Standard' }, ...PARTNERSHIPS.map((p) => ({ label: partnershipName(p), numeric: true }))];
  const standardRows = standards.map((st) => [
    `${st.number}. ${st.title}`,
    ...PARTNERSHIPS.map((p) => {
      const s = summaries.get(p);
      if (!s) return 'z';
      return shown(s.standards.find((x) => x.number === st.number)?.shareGoodOrBetterFigure, '%');
    }),
  ]);

  show(container,
    ...heading('Section 11', 'A round’s self-assessments, partnership by partnership: how many agencies returned, and how they graded themselves.'),
    choices('/section-11', [
      select({ name: 'round', label: 'Round', value: round.databaseId, options: rounds.map((r) => ({ value: r.databaseId, text: `${r.title}${r.illustrative ? ' (illustrative)' : ''}` })) }),
    ]),
    h('h2', { class: 'govuk-heading-m', text: round.title }),
    h('p', {
      class: 'govuk-body',
      text: `Period ${round.period.label}. Callers without exact access to a partnership’s Section 11 figures see its published returns only.${round.illustrative ? ' This round is illustrative demo data.' : ''}`,
    }),
    bars({
      title: `Agencies rated Good or better overall, ${round.title}`,
      items: PARTNERSHIPS.map((p) => {
        const s = summaries.get(p);
        const fig = s?.shareGoodOrBetterFigure;
        const share = fig?.status === 'SHOWN' ? fig.value : null;
        let label = 'z (did not take part)';
        if (s) label = share === null ? `${shown(fig)} (no graded return)` : `${number(share)}% of ${shown(s.receivedFigure)} received`;
        if (s?.illustrative) label += ' (illustrative)';
        return { name: partnershipName(p), value: share, label, hatched: Boolean(s?.illustrative) };
      }),
      hatchedLabel: 'Striped: illustrative figure',
    }),
    notes([...summaries.values()].some((x) => x.illustrative) ? ['ILLUSTRATIVE'] : [], symbolsIn([...rows.flat(), ...standardRows.flat()])),
    table({ caption: `Returns and overall grades, ${round.title}`, columns, rows, id: 'section11-table' }),
    tableButton(`Download CSV: returns and grades, ${round.title}`, `section11-${round.databaseId}.csv`, [columns.map((c) => c.label), ...rows]),
    standards.length > 0 && h('h2', { class: 'govuk-heading-m', text: 'Good or better, standard by standard' }),
    standards.length > 0 && table({ caption: `Share of graded returns Good or better per standard, ${round.title}`, columns: standardColumns, rows: standardRows, id: 'section11-standards' }),
    standards.length > 0 &&
      tableButton(`Download CSV: standards, ${round.title}`, `section11-${round.databaseId}-standards.csv`, [standardColumns.map((c) => c.label), ...standardRows]),
  );
}
