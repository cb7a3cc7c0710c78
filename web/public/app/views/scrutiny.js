// Scrutiny coverage: the theme × partnership heat map of activities, with
// open and overdue recommendations; a cell opens the activities behind it.
import { h, uid, table, append, show } from '../dom.js';
import { graphql } from '../api.js';
import { SCRUTINY_COVERAGE, SCRUTINY_ACTIVITIES } from '../queries.js';
import { PARTNERSHIPS, partnershipName } from '../format.js';
import { heading, choices, tableButton, loading } from './common.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function shade(count) {
  if (count === 0) return 0;
  if (count === 1) return 1;
  if (count <= 3) return 2;
  return 3;
}

function dateInput(name, label, value) {
  const id = uid(name);
  return h(
    'div',
    { class: 'govuk-form-group' },
    h('label', { class: 'govuk-label', for: id, text: label }),
    h('div', { class: 'govuk-hint', id: `${id}-hint`, text: 'For example, 2024-04-01. Leave empty for no limit.' }),
    h('input', { class: 'govuk-input govuk-input--width-10', id, name, type: 'date', value: value ?? '', 'aria-describedby': `${id}-hint` }),
  );
}

function cellText(cell) {
  const activities = `${cell.activities} ${cell.activities === 1 ? 'activity' : 'activities'}`;
  return `${activities}, ${cell.openRecommendations} open, ${cell.overdueRecommendations} overdue`;
}

const KIND_TEXT = {
  REPORT: 'Report',
  EXECUTIVE_MEETING: 'Executive meeting',
  PEER_REVIEW_WORKSHOP: 'Peer review workshop',
  INSIGHT_VISIT: 'Insight visit',
  MULTI_AGENCY_AUDIT: 'Multi-agency audit',
  YOUTH_FORUM: 'Youth forum',
  OTHER: 'Other',
};

async function activities(filter, theme) {
  const section = h(
    'section',
    { id: 'activities', 'aria-labelledby': 'activities-heading', tabindex: '-1' },
    h('h2', {
      class: 'govuk-heading-m',
      id: 'activities-heading',
      text: `Activities on ${theme.name} in ${partnershipName(filter.partnership)}`,
    }),
  );
  const list = h('ul', { class: 'govuk-list', id: 'activity-list' });
  const count = h('p', { class: 'govuk-body', role: 'status' });
  section.append(count, list);
  let after = null;
  const more = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', text: 'Show more activities', hidden: true });
  section.append(more);
  const page = async () => {
    const { scrutinyActivities: c } = await graphql(SCRUTINY_ACTIVITIES, { filter, after });
    count.textContent = c.totalCount ? `${c.totalCount} ${c.totalCount === 1 ? 'activity' : 'activities'} you may see, newest first.` : 'No activity that you may see.';
    append(
      list,
      c.edges.map(({ node: a }) => {
        const open = a.recommendations.filter((r) => r.status === 'OPEN' || r.status === 'IN_PROGRESS').length;
        const overdue = a.recommendations.filter((r) => r.overdue).length;
        return h(
          'li',
          { class: 'govuk-!-margin-bottom-4' },
          h('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1', text: a.title }),
          h(
            'p',
            { class: 'govuk-body-s govuk-!-margin-bottom-1' },
            `${a.date} · ${KIND_TEXT[a.kind] ?? a.kind} · ${a.published ? 'published' : 'not published'}${a.illustrative ? ' · illustrative' : ''} · `,
            `${a.recommendations.length} recommendation${a.recommendations.length === 1 ? '' : 's'} (${open} open, ${overdue} overdue)`,
          ),
          h('p', { class: 'govuk-body govuk-!-margin-bottom-1', text: a.summary }),
          h('p', { class: 'govuk-body-s', text: `Source: ${a.source}` }),
        );
      }),
    );
    after = c.pageInfo.endCursor;
    more.hidden = !c.pageInfo.hasNextPage;
  };
  more.addEventListener('click', () => page());
  await page();
  return section;
}

export async function render(container, { ref, params }) {
  const from = DATE.test(params.get('from') ?? '') ? params.get('from') : null;
  const to = DATE.test(params.get('to') ?? '') ? params.get('to') : null;
  const status = loading(container);
  const { scrutinyCoverage: cov } = await graphql(SCRUTINY_COVERAGE, { from, to });
  const period = from || to ? `${from ?? 'the start'} to ${to ?? 'today'}` : 'all dates';
  const link = (theme, partnership) => {
    const q = new URLSearchParams();
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    q.set('theme', theme);
    q.set('partnership', partnership);
    return `/scrutiny-coverage?${q}#activities`;
  };
  const columns = [{ label: 'Theme' }, ...PARTNERSHIPS.map((p) => ({ label: partnershipName(p) })), { label: 'Partnerships covered', numeric: true }];
  const rows = cov.rows.map((row) => [
    `${row.theme.name}${row.theme.scope === 'LOCAL' ? ' (local theme)' : ''}`,
    ...PARTNERSHIPS.map((p) => {
      const cell = row.cells.find((c) => c.partnership === p) ?? { activities: 0, openRecommendations: 0, overdueRecommendations: 0 };
      return {
        text: cellText(cell),
        class: `app-heat app-heat--${shade(cell.activities)}`,
        node: [
          h('a', {
            class: 'govuk-link app-heat__link',
            href: link(row.theme.code, p),
            text: `${cell.activities} ${cell.activities === 1 ? 'activity' : 'activities'}`,
            'aria-label': `${row.theme.name}, ${partnershipName(p)}: ${cellText(cell)}`,
          }),
          ', ',
          h('span', { class: 'app-heat__detail', text: `${cell.openRecommendations} open, ${cell.overdueRecommendations} overdue` }),
        ],
      };
    }),
    String(row.partnershipsCovered),
  ]);
  const heat = table({ caption: `Scrutiny activities and recommendations by theme and partnership, ${period}`, columns, rows, id: 'coverage' });
  const key = h(
    'ul',
    { class: 'govuk-list app-key', 'aria-label': 'Key to the shading' },
    [
      [0, 'no activity'],
      [1, '1 activity'],
      [2, '2 or 3 activities'],
      [3, '4 or more activities'],
    ].map(([n, text]) => h('li', {}, h('span', { class: `app-heat__swatch app-heat--${n}`, 'aria-hidden': 'true' }), text)),
  );
  status.remove();
  const parts = [
    ...heading('Scrutiny coverage', 'Where independent scrutiny has looked, theme by theme, across the five partnerships, and the recommendations still open.'),
    choices('/scrutiny-coverage', [h('div', { class: 'app-actions' }, dateInput('from', 'From', from), dateInput('to', 'To', to))]),
    h('p', { class: 'govuk-body', text: `Counts of what you may see, as at ${cov.asOf}. Overdue: past its due date and not completed or declined. Select a cell to list its activities.` }),
    key,
    heat,
    tableButton('Download CSV: scrutiny coverage', `scrutiny-coverage-${from ?? 'start'}-${to ?? cov.asOf}.csv`, [
      columns.map((c) => c.label),
      ...rows.map((r) => r.map((c) => (typeof c === 'object' ? c.text : c))),
    ]),
  ];
  show(container, ...parts);
  const theme = cov.rows.find((r) => r.theme.code === params.get('theme'))?.theme;
  const partnership = PARTNERSHIPS.find((p) => p === params.get('partnership'));
  if (theme && partnership) {
    const filter = { partnership, theme: theme.code };
    if (from) filter.from = from;
    if (to) filter.to = to;
    const section = await activities(filter, theme);
    container.append(section);
    if (window.location.hash === '#activities') section.focus();
  }
}
