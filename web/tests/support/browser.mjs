// Chromium from Debian driven by playwright-core, with every request to
// another origin blocked and recorded (a test fails on any), and CSP
// violations recorded too.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ORIGIN } from './hub.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium as root: no sandbox. launch() gives it a fresh temporary profile each time. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh context (its own sessionStorage) whose pages may reach the hub's
 * origin only. `context.foreign` lists refused requests, `context.cspErrors`
 * the Content-Security-Policy reports of its pages.
 */
export async function context(browser, options = {}) {
  const ctx = await browser.newContext({ acceptDownloads: true, ...options });
  ctx.foreign = [];
  ctx.cspErrors = [];
  ctx.pageErrors = [];
  await ctx.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === ORIGIN) return route.continue();
    ctx.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  ctx.on('page', (page) => watch(ctx, page));
  return ctx;
}

function watch(ctx, page) {
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(message.text())) ctx.cspErrors.push(message.text());
  });
  page.on('pageerror', (error) => ctx.pageErrors.push(String(error)));
}

/** axe-core's violations of WCAG 2.0, 2.1 and 2.2 A and AA on the page as it is now. */
export async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The text of every row of a table, header first. */
export async function tableRows(locator) {
  return locator.evaluate((table) => [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim())));
}
