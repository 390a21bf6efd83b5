// The operator's console in a real browser: Debian's Chromium, driven by playwright-core (never a
// downloaded browser). Run by ConsoleBrowserIT against the packaged node it started; every input comes
// from the environment, a screenshot of each page goes to SCREENSHOTS, and any failed expectation exits 1.
//
//   node console-scenario.mjs main        sign in, the flow, an order in the list and its timeline, a declined
//                                         order under its reason, a dead letter replayed and its effect seen
//   node console-scenario.mjs attention   an order flagged as needing attention, in the list and on its page
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = name => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};
const BASE = env('CONSOLE_BASE_URL');
const SHOTS = env('SCREENSHOTS');
const WAIT = 30_000;
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  // root in CI, where Chromium's sandbox cannot start
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
const problems = [];
page.on('pageerror', error => problems.push(`page error: ${error.message}`));
page.on('console', message => {
  if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
});

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  console.log(`screenshot ${name}.png`);
}

async function expectVisible(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: WAIT });
  } catch (error) {
    await shot(`failed-${what.replace(/\W+/g, '-')}`);
    throw new Error(`expected to see ${what}: ${error.message}`);
  }
}

async function signIn() {
  await page.goto(`${BASE}/console`);
  await expectVisible(page.getByRole('heading', { name: 'Sign in' }), 'the sign-in form');
  await shot('01-sign-in');
  await page.getByLabel('Email').fill(env('ADMIN_EMAIL'));
  await page.getByLabel('Password').fill(env('ADMIN_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectVisible(page.getByRole('heading', { name: 'Order flow now' }), 'the flow page after signing in');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  if (stored.includes('eyJ')) {
    throw new Error('a token was written to web storage');
  }
}

async function main() {
  const confirmed = env('ORDER_CONFIRMED');
  const declined = env('ORDER_DECLINED');
  const deadLetterTopic = env('DLQ_TOPIC');
  const refunded = env('EXPECTED_REFUNDED');

  await signIn();
  await expectVisible(page.getByTestId('sagas-in-flight'), 'the sagas in flight');
  await expectVisible(page.locator('tr[data-reason="PAYMENT_DECLINED"]'), 'the declined order counted by reason');
  await shot('02-flow');

  await page.getByRole('link', { name: 'Sagas' }).click();
  await expectVisible(page.locator(`tr[data-order="${confirmed}"]`), 'the confirmed order in the list');
  await shot('03-sagas');
  await page.locator(`tr[data-order="${confirmed}"]`).click();
  await expectVisible(page.getByTestId('order-status').getByText('CONFIRMED'), 'the order confirmed on its page');
  await expectVisible(page.locator('[data-testid="timeline"] li[data-step]'), 'the saga timeline');
  await shot('04-timeline');

  await page.goto(`${BASE}/console/#/sagas?show=cancelled&reason=PAYMENT_DECLINED`);
  await expectVisible(page.locator(`tr[data-order="${declined}"]`), 'the declined order under PAYMENT_DECLINED');
  if (await page.locator(`tr[data-order="${confirmed}"]`).count() !== 0) {
    throw new Error('the confirmed order is listed as cancelled');
  }
  await shot('05-sagas-declined');
  await page.locator(`tr[data-order="${declined}"]`).click();
  await expectVisible(page.getByTestId('order-status').getByText('CANCELLED'), 'the declined order cancelled');
  await expectVisible(page.locator('[data-testid="timeline"] li .badge.bad'), 'the failed payment step in the timeline');
  await shot('06-timeline-declined');

  await page.getByRole('link', { name: 'Dead letters' }).click();
  await expectVisible(page.locator(`tr[data-topic="${deadLetterTopic}"]`), 'the dead-letter topic');
  await page.locator(`tr[data-topic="${deadLetterTopic}"]`).click();
  await expectVisible(page.getByText('handler failed: order store unavailable'), 'the dead letter with its error');
  await shot('07-dead-letters');
  await page.getByRole('button', { name: 'Replay', exact: true }).first().click();
  await expectVisible(page.getByTestId('replay-outcome').getByText(/Replayed .* to payment\.events\.v1/), 'the replay confirmed');
  await shot('08-dead-letter-replayed');

  // handled: the replayed refund reaches the order, which the order's page shows
  const deadline = Date.now() + WAIT;
  for (;;) {
    await page.goto(`${BASE}/console/#/sagas/${confirmed}`);
    await expectVisible(page.getByTestId('order-refunded'), 'the refunded amount');
    const shown = await page.getByTestId('order-refunded').textContent();
    if (shown.startsWith(`${refunded} `)) break;
    if (Date.now() > deadline) throw new Error(`the replayed refund was not handled: refunded shows ${shown}`);
    await page.waitForTimeout(1000);
  }
  await shot('09-order-refunded');

  await page.getByRole('link', { name: 'Cluster' }).click();
  await expectVisible(page.locator('[data-breaker]'), 'the breakers');
  await expectVisible(page.getByRole('cell', { name: 'order' }).first(), 'the published services');
  await shot('10-cluster');
}

async function attention() {
  const flagged = env('ORDER_FLAGGED');
  await signIn();
  await page.goto(`${BASE}/console/#/sagas?show=attention`);
  await expectVisible(page.locator(`tr[data-order="${flagged}"]`), 'the flagged order among those needing attention');
  await shot('11-sagas-attention');
  await page.locator(`tr[data-order="${flagged}"]`).click();
  await expectVisible(page.getByTestId('attention'), 'what needs attention on the order page');
  await expectVisible(page.getByRole('button', { name: /^Retry / }), 'the retry of the flagged step');
  await shot('12-order-attention');
  await page.getByRole('button', { name: /^Retry / }).click();
  await expectVisible(page.getByText('Retry started.'), 'the retry accepted');
  await shot('13-order-retried');
}

const scenarios = { main, attention };
const name = process.argv[2];
try {
  if (!scenarios[name]) throw new Error(`no scenario ${name}; known: ${Object.keys(scenarios)}`);
  await scenarios[name]();
  if (problems.length) throw new Error(`the console reported errors:\n${problems.join('\n')}`);
  console.log(`scenario ${name} passed`);
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
