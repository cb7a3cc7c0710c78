// The workspace in Chromium against the real server on the demo data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, token, partnershipNames } from './support/hub.mjs';
import { launch, context, axe, tableRows } from './support/browser.mjs';
import { csvTableDifferences } from './support/csv.mjs';

const VIEWS = [
  { path: '/', name: 'compare', heading: 'Compare the five partnerships' },
  { path: '/compare?period=2023-24&metric=cdop.notifications&metric=cdop.notifications_per_10k', name: 'compare-2023-24', heading: 'Compare the five partnerships' },
  { path: '/trend?metric=cdop.notifications&from=2019-20&to=2024-25', name: 'trend', heading: 'Trend' },
  { path: '/scrutiny-coverage', name: 'scrutiny-coverage', heading: 'Scrutiny coverage' },
  { path: '/cdop?period=2023-24', name: 'cdop', heading: 'Child death overview' },
  { path: '/section-11', name: 'section-11', heading: 'Section 11' },
];
// Bath and North East Somerset's 2023-24 notifications are a count from 1 to
// 5 in the demo data: suppressed for the public, exact for its officers.
const SUPPRESSED_PATH = '/compare?period=2023-24&metric=cdop.notifications';
const BANES = 'BATH_NE_SOMERSET';

let browser;
let names;
before(async () => {
  browser = await launch();
  names = await partnershipNames();
});
after(async () => {
  await browser?.close();
});

/** Opens a path in a fresh context, optionally signed in, and waits for the view. */
async function open(path, { bearer, viewport, reducedMotion } = {}) {
  const ctx = await context(browser, { viewport: viewport ?? { width: 1280, height: 900 }, reducedMotion });
  const page = await ctx.newPage();
  await page.goto(`${BASE}${path}`);
  if (bearer) {
    // As a sign-in earlier in this tab would have left it.
    await page.evaluate((t) => sessionStorage.setItem('hub.workspace.token', t), bearer);
    await page.reload();
  }
  await page.locator('#session p, #session .govuk-error-summary').first().waitFor();
  await page.locator('#view [role=status]').waitFor({ state: 'detached' }).catch(() => {});
  await page.locator('#view h1').waitFor();
  await page.waitForLoadState('networkidle');
  return { ctx, page };
}

async function close(ctx) {
  assert.deepEqual(ctx.foreign, [], 'no request may leave the origin');
  assert.deepEqual(ctx.cspErrors, [], 'the page must not break its Content-Security-Policy');
  assert.deepEqual(ctx.pageErrors, [], 'the page must not throw');
  await ctx.close();
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFileSync(await file.path(), 'utf8');
}

test('every view renders the five partnerships, a heading and a title, with nothing from another origin', async () => {
  for (const view of VIEWS) {
    const { ctx, page } = await open(view.path);
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: view.heading }).waitFor(), view.path);
    const text = await page.locator('#view').innerText();
    for (const name of Object.values(names)) assert.ok(text.includes(name), `${view.path} names ${name}`);
    assert.doesNotMatch(text, /\b(false|true|undefined|null|NaN)\b/, `${view.path} shows no programming values`);
    assert.match(await page.title(), new RegExp(`^${view.heading} – `), `${view.path} has its own title`);
    if (view.name.startsWith('compare')) assert.ok(await page.locator('.app-bars').count(), 'a chart is drawn');
    await close(ctx);
  }
});

test('the workspace sends its documents by hash, and the hub runs nothing outside its manifest', async () => {
  const ctx = await context(browser, { viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const sent = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/graphql') sent.push(JSON.parse(r.postData() ?? '{}'));
  });
  await page.goto(`${BASE}/compare?period=2023-24&metric=cdop.notifications`);
  await page.locator('#view h1').waitFor();
  await page.waitForLoadState('networkidle');
  assert.ok(sent.length >= 2, `the reference data and the view: ${sent.length}`);
  for (const body of sent) {
    assert.equal(body.query, undefined, 'no document text goes on the wire');
    assert.match(body.extensions?.persistedQuery?.sha256Hash ?? '', /^[0-9a-f]{64}$/);
  }
  await close(ctx);
  // The hub under test runs under TRUSTED_DOCUMENTS=enforce.
  const response = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: '{ partnerships { code } }' }),
  });
  const body = await response.json();
  assert.equal(body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_ALLOWED');
  assert.equal(body.data, undefined);
});

test('the pages are served with a policy that allows this origin only', async () => {
  for (const path of ['/', '/graphiql']) {
    const response = await fetch(`${BASE}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/, path);
    assert.match(csp, /script-src 'self';/, path);
    assert.match(csp, /connect-src 'self'/, path);
    assert.doesNotMatch(csp, /https?:|\*/, `${path} names no other origin`);
    assert.doesNotMatch(csp, /unsafe-/, `${path} allows no inline script or style`);
  }
});

test('a suppressed figure shows as c for an anonymous viewer and exactly for an officer of that partnership', async () => {
  const anonymous = await open(SUPPRESSED_PATH);
  const row = (page) => page.locator('table[data-figures] tr', { hasText: names[BANES] }).first();
  const anonymousCells = await row(anonymous.page).locator('td').allInnerTexts();
  assert.equal(anonymousCells[0], 'c', 'the value is c');
  assert.ok(await anonymous.page.locator('.app-bars__label', { hasText: 'c (suppressed)' }).count(), 'the bar says c');
  assert.ok(await anonymous.page.getByText(/c: suppressed/).count(), 'the suppression is explained');
  await close(anonymous.ctx);

  const officer = await open(SUPPRESSED_PATH, {
    bearer: token({ role: 'partnership_manager', partnerships: [BANES], name: 'B&NES manager' }),
  });
  const officerCells = await row(officer.page).locator('td').allInnerTexts();
  assert.match(officerCells[0], /^[1-5]$/, `the officer sees the exact count, not ${officerCells[0]}`);
  await close(officer.ctx);
});

test('each Download CSV gives exactly the figures of the table beside it', async () => {
  const checks = [
    { path: SUPPRESSED_PATH, table: 'table[data-figures]' },
    { path: '/trend?metric=cdop.notifications&from=2019-20&to=2024-25', table: '#trend-table' },
    { path: '/scrutiny-coverage', table: '#coverage' },
    { path: '/cdop?period=2023-24', table: '#cdop-table' },
    { path: '/section-11', table: '#section11-table' },
  ];
  for (const bearer of [undefined, token({ role: 'scrutineer', partnerships: Object.keys(names), name: 'Regional scrutineer' })]) {
    for (const check of checks) {
      const { ctx, page } = await open(check.path, { bearer });
      const table = page.locator(check.table).first();
      const rows = await tableRows(table);
      const button = page.locator('[data-download]').first();
      const text = await download(page, button);
      assert.deepEqual(csvTableDifferences(text, rows, names), [], `${check.path} (${bearer ? 'signed in' : 'anonymous'})`);
      await close(ctx);
    }
  }
});

test('estimated and illustrative figures are marked in words on the chart, the table and the legend; counts are unranked', async () => {
  // 2023-24 in the demo data: Bristol's rate rests on a placeholder population
  // and an illustrative return; Somerset's is its published figure.
  const { ctx, page } = await open('/compare?period=2023-24&metric=cdop.notifications_per_10k&metric=cdop.notifications');
  const rate = page.locator('section[data-metric="cdop.notifications_per_10k"]');
  const rateRows = await tableRows(rate.locator('table[data-figures]'));
  const notesOf = (name) => rateRows.find((r) => r[0] === name).at(-1);
  const bristol = notesOf(names.BRISTOL);
  assert.match(bristol, /estimated population/, 'Bristol is on an estimated population');
  assert.match(bristol, /illustrative/, 'Bristol is illustrative');
  assert.doesNotMatch(notesOf(names.SOMERSET), /estimated population|illustrative/, 'Somerset is published');
  const label = await rate.locator('.app-bars__label', { hasText: /^\d+\.\d, rank \d, quartile \d/ }).allInnerTexts();
  assert.ok(label.some((l) => /illustrative/.test(l) && /estimated population/.test(l)), `a bar says so in words: ${label.join(' | ')}`);
  const legend = await rate.locator('.app-legend').innerText();
  assert.match(legend, /Estimated population: the rate divides by/);
  assert.match(legend, /Illustrative: demo data/);
  assert.match(legend, /c: suppressed \(confidential\)/, 'the symbol c is explained');

  const count = page.locator('section[data-metric="cdop.notifications"]');
  const headers = await count.locator('table[data-figures] th[scope=col]').allInnerTexts();
  assert.ok(!headers.some((h) => /Rank|Quartile/.test(h)), `a count has no rank: ${headers.join(', ')}`);
  assert.match(await count.innerText(), /Counts are shown unranked/);
  assert.match(await count.locator('.app-legend').innerText(), /z: not applicable/);
  assert.deepEqual(await axe(page), [], 'the flagged view is accessible');
  await close(ctx);

  const trend = await open('/trend?metric=cdop.notifications_per_10k&from=2019-20&to=2024-25');
  const row = (await tableRows(trend.page.locator('#trend-table'))).find((r) => r[0] === names.BRISTOL);
  assert.match(row.at(-1), /illustrative \(\d{4}-\d{2}/, 'the trend names the illustrative periods');
  assert.match(row.at(-1), /estimated population \(\d{4}-\d{2}/, 'and those on an estimated population');
  assert.match(await trend.page.locator('.app-legend').innerText(), /Estimated population/);
  await close(trend.ctx);
});

test('signing in with a pasted token, then signing out', async () => {
  const { ctx, page } = await open('/compare');
  await page.locator('summary', { hasText: 'Sign in' }).click();
  await page.getByLabel('Your access token').fill(token({ role: 'scrutineer', partnerships: ['SOMERSET'], name: 'Somerset scrutineer' }));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('#signed-in').waitFor();
  assert.match(await page.locator('#signed-in').innerText(), /Somerset scrutineer, scrutineer for SOMERSET/);
  assert.ok(await page.evaluate(() => sessionStorage.getItem('hub.workspace.token')), 'kept in sessionStorage');
  assert.ok(!page.url().includes('eyJ'), 'never in the URL');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('#signed-out').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('hub.workspace.token')), null, 'sign-out clears it');
  await close(ctx);
});

test('the development token is offered in development and signs in', async () => {
  const { ctx, page } = await open('/compare');
  await page.locator('summary', { hasText: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign in with the development token' }).click();
  await page.locator('#signed-in').waitFor();
  assert.match(await page.locator('#signed-in').innerText(), /Development administrator, regional administrator/);
  await close(ctx);
});

test('refused and expired tokens get a clear message, not a blank page', async () => {
  const { ctx, page } = await open('/compare');
  await page.locator('summary', { hasText: 'Sign in' }).click();
  await page.getByLabel('Your access token').fill(token({ role: 'analyst', expiresIn: -3600 }));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.govuk-error-message').waitFor();
  assert.match(await page.locator('.govuk-error-message').innerText(), /refused this token: token has expired/);
  assert.deepEqual(await axe(page), [], 'the error state is accessible');
  await page.getByLabel('Your access token').fill('not-a-token');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForFunction(() => !document.querySelector('.govuk-error-message').textContent.includes('expired'));
  assert.match(await page.locator('.govuk-error-message').innerText(), /refused this token/);
  await close(ctx);

  // A token that expires while the tab holds it: signed out, with the reason.
  const expired = await open('/trend', { bearer: token({ role: 'analyst', expiresIn: -60 }) });
  const summary = expired.page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /signed out because the hub refused your token \(token has expired\)/);
  assert.ok(await expired.page.locator('#signed-out').count(), 'shows the published figures instead');
  assert.ok(await expired.page.locator('#trend-table').count(), 'and the view still renders');
  await close(expired.ctx);
});

test('axe-core finds no violations on any view, signed out or in, with sign-in open and a scrutiny cell opened', async () => {
  const admin = token({ role: 'regional_admin', name: 'Regional admin' });
  for (const bearer of [undefined, admin]) {
    for (const view of VIEWS) {
      const { ctx, page } = await open(view.path, { bearer });
      if (!bearer) await page.locator('summary', { hasText: 'Sign in' }).click();
      assert.deepEqual(await axe(page), [], `${view.path} ${bearer ? 'signed in' : 'anonymous'}`);
      await close(ctx);
    }
  }
  const { ctx, page } = await open('/scrutiny-coverage');
  await page.locator('#coverage a').first().click();
  await page.locator('#activities').waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(await axe(page), [], 'scrutiny with a cell opened');
  await close(ctx);
});

test('a choice that cannot be shown is named, with the form to correct it', async () => {
  const { ctx, page } = await open('/trend?metric=cdop.notifications&from=2024-25&to=2019-20');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /To must be the same year as From or later/);
  assert.match(await page.locator('.govuk-form-group--error').innerText(), /^To\s+Error:\s+To must be/);
  assert.deepEqual(await axe(page), [], 'the error state is accessible');
  await close(ctx);
});

test('a scrutiny cell opens the activities behind it', async () => {
  const { ctx, page } = await open('/scrutiny-coverage');
  const cell = page.locator('#coverage a', { hasText: /^[1-9]\d* activit/ }).first();
  const expected = Number((await cell.innerText()).match(/^(\d+)/)[1]);
  await cell.click();
  await page.locator('#activity-list li').first().waitFor();
  assert.equal(await page.locator('#activity-list > li').count(), Math.min(expected, 50));
  assert.match(page.url(), /theme=.*partnership=/, 'the opened cell has its own URL');
  await close(ctx);
});

test('keyboard alone: skip link first, visible focus, views reached and forms used by keys', async () => {
  const { ctx, page } = await open('/compare');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent.trim());
  assert.equal(first, 'Skip to main content');
  const focusStyle = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { outline: s.outlineStyle, shadow: s.boxShadow, background: s.backgroundColor };
  });
  assert.ok(focusStyle.outline !== 'none' || focusStyle.shadow !== 'none', 'the focused link shows its focus');
  // Tab to the Trend link and follow it.
  for (let i = 0; i < 20; i += 1) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement.textContent.trim())) === 'Trend') break;
  }
  const style = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { outline: s.outlineStyle, shadow: s.boxShadow, background: s.backgroundColor };
  });
  assert.ok(style.outline !== 'none' || style.shadow !== 'none' || style.background === 'rgb(255, 221, 0)', 'a nav link shows focus');
  await Promise.all([page.waitForURL(/\/trend$/), page.keyboard.press('Enter')]);
  await page.locator('#trend-table').waitFor();
  // Choose another period with the keyboard and submit.
  await page.getByLabel('From').focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('button', { name: 'Show' }).focus();
  await Promise.all([page.waitForURL(/from=/), page.keyboard.press('Enter')]);
  await page.locator('#trend-table').waitFor();
  await close(ctx);
});

test('usable at 320 CSS pixels and at 200% zoom: nothing but tables scrolls sideways', async () => {
  for (const viewport of [{ width: 320, height: 800 }, { width: 640, height: 450 }]) {
    for (const view of VIEWS) {
      const { ctx, page } = await open(view.path, { viewport });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${view.path} at ${viewport.width}px scrolls sideways by ${overflow}px`);
      await close(ctx);
    }
  }
});

test('reduced motion is honoured: nothing animates or transitions', async () => {
  const { ctx, page } = await open('/compare', { reducedMotion: 'reduce' });
  const moving = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return all.filter((el) => {
      const s = getComputedStyle(el);
      return (s.transitionDuration !== '0s' && s.transitionProperty !== 'none') || s.animationName !== 'none';
    }).length;
  });
  assert.equal(moving, 0);
  assert.equal(await page.evaluate(() => document.getAnimations().length), 0);
  await close(ctx);
});

test('GraphiQL renders its editor from embedded assets, with the development token and an example query', async () => {
  const ctx = await context(browser, { viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/graphiql`);
  await page.locator('.graphiql-container .CodeMirror').first().waitFor();
  await page.waitForLoadState('networkidle');
  const editors = await page.evaluate(() => [...document.querySelectorAll('.CodeMirror')].map((e) => e.CodeMirror?.getValue() ?? ''));
  assert.ok(editors.some((v) => v.includes('query ExampleBenchmark')), 'the example query is in the editor');
  assert.ok(editors.some((v) => /"Authorization": "Bearer eyJ/.test(v)), 'the development token is in the headers');
  await page.locator('.graphiql-execute-button').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.CodeMirror')].some((e) => (e.CodeMirror?.getValue() ?? '').includes('"regionalMedian"')));
  const result = await page.evaluate(() => [...document.querySelectorAll('.CodeMirror')].map((e) => e.CodeMirror?.getValue() ?? '').join('\n'));
  assert.match(result, /"authenticated": true/, 'the query ran with the token');
  await close(ctx);
});

test('screenshots of each view at desktop and mobile widths', { skip: !process.env.SCREENSHOTS_DIR }, async () => {
  const dir = process.env.SCREENSHOTS_DIR;
  mkdirSync(dir, { recursive: true });
  for (const view of VIEWS.filter((v) => v.name !== 'compare')) {
    for (const [width, height, label] of [[1280, 900, 'desktop'], [375, 800, 'mobile']]) {
      const { ctx, page } = await open(view.path, { viewport: { width, height } });
      await page.screenshot({ path: join(dir, `${view.name.replace('-2023-24', '')}-${label}.png`), fullPage: label === 'desktop' });
      await close(ctx);
    }
  }
});
