// End-to-end tests of the dreport viewer (what shop owners see on their phones) in headless
// Chromium at 360x740, against the whole real chain: MariaDB (schema + demo seed), `php -S`
// serving dreport, the real cloud-report-server (its auth REST_URL pointing at api.php) and a
// real `bos-client --mode demo` for object 3769d93a (password `demo`).
//
// The numbers on the pages are checked against the simulator itself: the test sends its own
// task through the report server's /report/ API and compares what the chart and the tables
// show with what the shop answered.
//
//   node dreport/tests/browser/viewer.e2e.mjs   (run-tests.sh provides DB_HOST/DB_PORT)
// Screenshots: test-output/screenshots/viewer-*.png
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { ROOT, SHOTS, TestDb, startPhp, startReportServer, startBosClient, stopAll } from './lib.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BIN_DIR = process.env.CRS_BIN_DIR || join(ROOT, 'target', 'debug');
const PHONE = { width: 360, height: 740 };
const OBJECT = '3769d93a';
const OFFLINE_OBJECT = '1a2b3c4d';
const RS_USER = 'viewerweb';
const RS_PASS = 'V1ew$er-pass';

const results = [];
let db;
let php;
let crs;
let browser;
let page;
const dialogs = []; // any alert() would be injected script: every test asserts there was none
const device = 'e2e-phone-' + Math.random().toString(16).slice(2, 8);

const md5 = (s) => createHash('md5').update(s).digest('hex');
const ymd = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const dmy = (d) => `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
const addDays = (d, n) => { const x = new Date(d); x.setDate(x.getDate() + n); return x; };
const money = (v) => Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const round2 = (v) => Math.round(v * 100) / 100;

/** Ask the shop directly (through the report server) what the viewer should be showing. */
async function askShop(datasets) {
  const task = { Id: OBJECT, Pass: md5('demo') };
  for (const [name, sql] of Object.entries(datasets)) task[name] = { Type: 'Query', SQL: sql };
  const url = `http://127.0.0.1:${crs.http}/report/e2echeck/?id=${OBJECT}&u=${encodeURIComponent(RS_USER)}&p=${encodeURIComponent(RS_PASS)}`;
  const r = await fetch(url, { method: 'POST', body: JSON.stringify(task) });
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.ResultCode, 0, `direct task answered ${JSON.stringify(j)}`);
  return j;
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `viewer-${name}.png`), fullPage: true });
}

/** Nothing may be wider than the phone (tables scroll inside their own box). */
async function assertFitsPhone(what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} fits a 360 px screen (overflow ${overflow}px)`);
  const tables = await page.$$eval('.table-wrap', (ws) => ws.map((w) => w.scrollWidth - w.clientWidth));
  assert.ok(tables.every((x) => x <= 1), `${what}: every table fits without scrolling (${tables})`);
}

async function go(fn) {
  await Promise.all([page.waitForLoadState('load'), fn()]);
}

async function test(name, fn) {
  const t0 = Date.now();
  try {
    const before = dialogs.length;
    await fn();
    assert.deepEqual(dialogs.slice(before), [], 'no dialog may open');
    results.push({ name, status: 'PASS' });
    console.log(`PASS ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, status: 'FAIL' });
    console.log(`FAIL ${name}\n${e.stack || e}`);
    try { await shot('FAILED-' + name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()); } catch { /* page gone */ }
  }
}

async function main() {
  const server = join(BIN_DIR, 'cloud-report-server');
  const client = join(BIN_DIR, 'bos-client');
  for (const b of [server, client]) {
    if (!existsSync(b)) throw new Error(`${b} not found: run \`cargo build --bins\` first`);
  }
  db = new TestDb().create();
  php = await startPhp(db);
  crs = await startReportServer({ bin: server, restUrl: `${php.base}/dreport/api.php`, db, user: RS_USER, password: RS_PASS });
  // How dreport reaches the report server: t_settings, like production.
  db.query("UPDATE t_settings SET s_value = '127.0.0.1' WHERE s_name = 'rpt_server_host'");
  db.query("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_port'", [String(crs.http)]);
  db.query("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_user'", [RS_USER]);
  db.query("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_pswd'", [RS_PASS]);
  const shop = await startBosClient(client, ['--server', `127.0.0.1:${crs.tcp}`, '--host', 'DEMO-MARKET',
    '--object-id', OBJECT, '--password', 'demo', '--object-name', 'Демо Маркет - център',
    '--customer-name', 'Демо Маркет ООД', '--eik', '200000001', '--db-type', 'R', '--mode', 'demo',
    '--ping-secs', '30', '--poll-ms', '100']);
  assert.match(shop.line, /^CONNECTED id=3769d93a /);

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });

  const today = new Date();

  await test('open a device: its own (empty) object list', async () => {
    await page.goto(`${php.base}/dreport/index.php?id=${device}&lang=en`);
    assert.match(page.url(), /\/dreport\/device\.php$/);
    assert.match(await page.textContent('main'), /No objects yet/);
    assert.equal(await page.locator('li.object').count(), 0, 'the demo device\'s objects are not shown');
    await shot('device-empty');
    await assertFitsPhone('object list');
  });

  await test('add an object (unknown refused, then 3769d93a with its password)', async () => {
    await page.fill('#a-id', 'ffff0000');
    await page.fill('#a-pass', 'demo');
    await go(() => page.click('.add-object button[type=submit]'));
    assert.match(await page.textContent('.flash.error'), /No such object/);
    await page.fill('#a-id', OBJECT);
    await page.fill('#a-pass', 'demo');
    await page.fill('#a-name', 'Demo shop');
    await go(() => page.click('.add-object button[type=submit]'));
    assert.match(await page.textContent('.flash.ok'), /The object was added/);
    assert.equal((await page.textContent(`li.object[data-objectid="${OBJECT}"] .object-name`)).trim(), 'Demo shop');
    assert.equal(db.query('SELECT d_objectpswd FROM t_devices WHERE d_deviceid = ? AND d_objectid = ?', [device, OBJECT]), md5('demo'));
    await shot('device-added');
  });

  await test('day turnover: chart and totals drawn from the simulator\'s numbers', async () => {
    await go(() => page.click(`li.object[data-objectid="${OBJECT}"] a.object-open`));
    // Nothing of the object before the shop has accepted the password (the first report does).
    assert.equal(await page.getAttribute('.sub-banner', 'data-state'), 'unverified');
    assert.equal(await page.locator('a.report-button').count(), 7);
    await shot('report-list');
    await go(() => page.click('a.report-button[data-report="dayturnover"]'));
    await page.waitForSelector('.chart svg.chart-columns');

    const from = ymd(addDays(today, -6));
    const to = ymd(today);
    const shop = await askShop({
      DailyTurnover: `select 1 from x where d between '${from}' and '${to}'`,
      DayTurnover: `select 1 from x where d between '${to}' and '${to}'`,
    });
    const week = shop.DailyTurnover;
    assert.equal(week.length, 7);
    const bars = await page.$$eval('svg.chart-columns g.bar', (gs) => gs.map((g) => Number(g.dataset.value)));
    assert.deepEqual(bars, week.map((r) => r.TOTAL), 'one bar per day with the shop\'s base-currency total');
    const avg = await page.getAttribute('svg.chart-columns g.avg', 'data-value');
    assert.equal(Number(avg), round2(week.reduce((s, r) => s + r.TOTAL, 0) / 7));
    const base = shop.DayTurnover.find((r) => r.CURR_ISBASE === 1);
    assert.ok(base.TOTAL > 0);
    assert.equal(base.TOTAL, week[6].TOTAL, 'the simulator is self-consistent');
    assert.match(await page.textContent('.stat-box.day-total .stat-value'), new RegExp(money(base.TOTAL).replace(/[.,]/g, '\\$&')));
    const eur = shop.DayTurnover.find((r) => r.CURR_ISBASE === 0);
    assert.match(await page.textContent('table.currencies'), new RegExp(`${eur.CURR_SIGN}[\\s\\S]*${money(eur.TOTAL)}`));
    const payments = await page.$$eval('table.payments tbody tr', (rows) => rows.length);
    assert.ok(payments >= 2, 'payment types table');
    assert.match(await page.textContent('table.payments tfoot'), new RegExp(money(base.TOTAL).replace(/[.,]/g, '\\$&')));
    const box = await page.locator('svg.chart-columns').boundingBox();
    assert.ok(box.width <= 360 && box.width > 250, `chart uses the phone's width (${box.width}px)`);
    await assertFitsPhone('day turnover');
    await shot('day-turnover');
  });

  await test('step a day back and forth; a bad date falls back to today', async () => {
    await go(() => page.click('nav.period a.prev'));
    const y = addDays(today, -1);
    assert.match(page.url(), new RegExp(`[?&]d=${ymd(y)}`));
    assert.match(await page.textContent('.period-label'), new RegExp(dmy(y).replace(/\./g, '\\.')));
    const shop = await askShop({ DayTurnover: `select 1 where d between '${ymd(y)}' and '${ymd(y)}'` });
    const base = shop.DayTurnover.find((r) => r.CURR_ISBASE === 1);
    assert.match(await page.textContent('.stat-box.day-total .stat-value'), new RegExp(money(base.TOTAL).replace(/[.,]/g, '\\$&')));
    const lastBar = await page.$$eval('svg.chart-columns g.bar', (gs) => gs[gs.length - 1].dataset.value);
    assert.equal(Number(lastBar), base.TOTAL, 'the week now ends yesterday');
    await shot('day-turnover-yesterday');
    await go(() => page.click('nav.period a.next'));
    assert.match(await page.textContent('.period-label'), new RegExp(dmy(today).replace(/\./g, '\\.')));
    assert.equal(await page.locator('nav.period a.next').count(), 0, 'no stepping into the future');
    const resp = await page.goto(`${php.base}/dreport/report.php?r=dayturnover&id=${OBJECT}&d=2026-02-31%27--`);
    assert.equal(resp.status(), 200);
    assert.match(await page.textContent('.period-label'), new RegExp(dmy(today).replace(/\./g, '\\.')));
    assert.equal(await page.locator('.report-error').count(), 0);
  });

  await test('open bills with their lines', async () => {
    await page.goto(`${php.base}/dreport/rptlist.php?id=${OBJECT}`);
    await go(() => page.click('a.report-button[data-report="openbills"]'));
    await page.waitForSelector('details.bill');
    const shop = await askShop({
      OpenBills: 'select 1 from POSBILLS_HEADER',
      OpenBillLines: 'select 1 from POSBILLS_PLU',
    });
    assert.equal(await page.locator('details.bill').count(), shop.OpenBills.length);
    assert.equal((await page.textContent('.stat-box.bill-count .stat-value')).trim(), String(shop.OpenBills.length));
    const first = shop.OpenBills[0];
    const bill = page.locator('details.bill').first();
    assert.match(await bill.locator('.bill-no').textContent(), new RegExp(`№ ${first.BH_BILLNUMB}`));
    assert.equal((await bill.locator('.bill-sum').textContent()).trim(), money(first.BH_SUM));
    await bill.locator('summary').click();
    const lines = shop.OpenBillLines.filter((l) => l.BP_HDRID === first.BH_ID);
    assert.equal(await bill.locator('table.bill-lines tbody tr').count(), lines.length);
    assert.match(await bill.textContent(), new RegExp(lines[0].BP_SHORTNAME));
    await assertFitsPhone('open bills');
    await shot('open-bills');
  });

  await test('groups drill down, top items, operators, month, voided', async () => {
    const base = `${php.base}/dreport/report.php?id=${OBJECT}&r=`;
    await page.goto(base + 'groups');
    const top = await page.$$eval('svg.chart-bars g.bar', (gs) => gs.map((g) => g.dataset.label));
    assert.ok(top.length >= 2, 'top-level groups');
    await go(() => page.click('table.groups a.drill >> nth=0'));
    assert.match(page.url(), /[?&]g=\d+/);
    assert.ok(await page.locator('.group-crumbs').isVisible());
    assert.ok((await page.locator('svg.chart-bars g.bar').count()) >= 1, 'sub-groups drawn');
    await shot('groups-drilldown');
    await page.goto(base + 'topitems&p=month');
    assert.equal(await page.locator('table.items tbody tr').count(), 10);
    await shot('top-items-month');
    await page.goto(base + 'operators');
    const ops = await page.$$eval('svg.chart-bars g.bar', (gs) => gs.reduce((s, g) => s + Number(g.dataset.value), 0));
    const shop = await askShop({ DayTurnover: `select 1 where d between '${ymd(today)}' and '${ymd(today)}'` });
    assert.equal(round2(ops), shop.DayTurnover.find((r) => r.CURR_ISBASE === 1).TOTAL, 'operators add up to the day');
    await page.goto(base + 'monthturnover');
    assert.equal(await page.locator('svg.chart-columns g.bar').count(), today.getDate());
    await assertFitsPhone('month turnover');
    await shot('month-turnover');
    await page.goto(base + 'voided');
    assert.ok(await page.locator('.stat-box.voided-count').isVisible());
  });

  await test('wrong object password: the client\'s 1004 is shown, no data', async () => {
    await page.goto(`${php.base}/dreport/device.php?edit=${OBJECT}`);
    await page.fill('#e-pass', 'not-demo');
    await go(() => page.click('.edit-object button[type=submit]'));
    await page.goto(`${php.base}/dreport/report.php?r=dayturnover&id=${OBJECT}`);
    assert.equal(await page.getAttribute('.report-error', 'data-code'), '1004');
    assert.match(await page.textContent('.report-error'), /Wrong object password/);
    assert.equal(await page.locator('svg').count(), 0, 'nothing drawn');
    await shot('wrong-password');
    await page.goto(`${php.base}/dreport/device.php?edit=${OBJECT}`);
    await page.fill('#e-pass', 'demo');
    await go(() => page.click('.edit-object button[type=submit]'));
  });

  await test('the object\'s time offset moves its "today" (and the task\'s dates)', async () => {
    const dateHeader = (await fetch(`${php.base}/dreport/index.php`)).headers.get('date');
    assert.ok(dateHeader, 'the web server sends its clock');
    const ask = async (offset) => {
      await page.goto(`${php.base}/dreport/device.php?edit=${OBJECT}`);
      await page.fill('#e-offset', String(offset));
      await go(() => page.click('.edit-object button[type=submit]'));
      assert.match(await page.textContent('.flash.ok'), /Changes saved/);
      await page.goto(`${php.base}/dreport/report.php?r=dayturnover&id=${OBJECT}`);
      const label = (await page.textContent('.period-label')).match(/\d\d\.\d\d\.\d{4}/)[0];
      // The task asked the shop for that day: its total is the shop's total of that date.
      const [dd, mm, yyyy] = label.split('.');
      const shop = await askShop({ DayTurnover: `select 1 where d between '${yyyy}-${mm}-${dd}' and '${yyyy}-${mm}-${dd}'` });
      const base = shop.DayTurnover.find((r) => r.CURR_ISBASE === 1);
      assert.match(await page.textContent('.stat-box.day-total .stat-value'), new RegExp(money(base.TOTAL).replace(/[.,]/g, '\\$&')));
      return label;
    };
    // PHP's clock (its default time zone is UTC unless php.ini sets date.timezone) shifted by the offset.
    const phpNow = new Date(Date.parse(dateHeader));
    const shifted = (h) => {
      const d = new Date(phpNow.getTime() + h * 3600 * 1000);
      return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
    };
    const plus = await ask(14);
    const minus = await ask(-12);
    await ask(0);
    assert.equal(plus, shifted(14));
    assert.equal(minus, shifted(-12));
    assert.notEqual(plus, minus, '26 hours apart are different days');
  });

  await test('an offline object shows "client offline"', async () => {
    await page.goto(`${php.base}/dreport/device.php`);
    assert.match(await page.textContent(`li.object[data-objectid="${OBJECT}"]`), /Демо Маркет ООД/, 'proven by the report: the customer shows');
    await page.fill('#a-id', OFFLINE_OBJECT);
    await page.fill('#a-pass', 'demo');
    await go(() => page.click('.add-object button[type=submit]'));
    await go(() => page.click(`li.object[data-objectid="${OFFLINE_OBJECT}"] a.object-open`));
    await go(() => page.click('a.report-button[data-report="dayturnover"]'));
    assert.equal(await page.getAttribute('.report-error', 'data-code'), '200');
    assert.match(await page.textContent('.report-error'), /client offline/);
    assert.equal(await page.locator('svg').count(), 0);
    await shot('offline');
    // The report server logged the viewer's relays under the report's name (written asynchronously).
    const logged = async () => db.query(
      "SELECT CONCAT(SUM(rl_objectid = ? AND rl_resultcode = 0), '/', SUM(rl_objectid = ? AND rl_resultcode = 200)) FROM t_relay_log WHERE rl_report = 'dayturnover'",
      [OBJECT, OFFLINE_OBJECT]);
    let counts = await logged();
    for (let i = 0; i < 50 && !/^[1-9]\d*\/[1-9]\d*$/.test(counts); i++) {
      await new Promise((r) => setTimeout(r, 100));
      counts = await logged();
    }
    assert.match(counts, /^[1-9]\d*\/[1-9]\d*$/, `t_relay_log has the day turnover relays, ok/offline = ${counts}`);
  });

  await test('the site\'s wrong report-server login shows the server\'s 103, no data', async () => {
    db.query("UPDATE t_settings SET s_value = 'wrong-pass' WHERE s_name = 'rpt_server_pswd'");
    try {
      await page.goto(`${php.base}/dreport/report.php?r=topitems&id=${OBJECT}&lang=en`);
      assert.equal(await page.getAttribute('.report-error', 'data-code'), '103');
      assert.match(await page.textContent('.report-error'), /refused the site's login/);
      assert.equal(await page.locator('svg').count(), 0);
    } finally {
      db.query("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_pswd'", [RS_PASS]);
    }
  });

  await test('Bulgarian, and delete an object with confirmation', async () => {
    await page.goto(`${php.base}/dreport/rptlist.php?id=${OBJECT}&lang=bg`);
    assert.match(await page.textContent('.report-buttons'), /Оборот за деня/);
    await go(() => page.click('a.report-button[data-report="dayturnover"]'));
    assert.match(await page.textContent('main'), /Последните 7 дни/);
    await shot('day-turnover-bg');
    await page.goto(`${php.base}/dreport/device.php`);
    await go(() => page.click(`li.object[data-objectid="${OFFLINE_OBJECT}"] button.danger`));
    assert.match(await page.textContent('.confirm-delete'), /Да изтрия ли обект/);
    assert.equal(db.query('SELECT COUNT(*) FROM t_devices WHERE d_deviceid = ?', [device]), '2', 'not deleted before confirming');
    await shot('delete-confirm');
    await go(() => page.click('.confirm-delete button.danger'));
    assert.match(await page.textContent('.flash.ok'), /Обектът е изтрит/);
    assert.equal(await page.locator(`li.object[data-objectid="${OFFLINE_OBJECT}"]`).count(), 0);
    assert.equal(db.query('SELECT COUNT(*) FROM t_devices WHERE d_deviceid = ?', [device]), '1');
  });
}

let code = 0;
const t0 = Date.now();
try {
  await main();
} catch (e) {
  console.log(`FAIL viewer setup\n${e.stack || e}${crs ? '\n--- report server stderr ---\n' + crs.stderr().slice(-3000) : ''}`);
  code = 1;
} finally {
  if (browser) await browser.close();
  if (php) {
    const log = php.log();
    if (/PHP (Warning|Notice|Deprecated|Fatal|Parse)/.test(log)) {
      console.log('FAIL PHP logged errors during the viewer tests:\n' + log);
      code = 1;
    }
  }
  stopAll();
  if (php) php.stop();
  if (crs) crs.cleanup();
  if (db) db.drop();
}
const failed = results.filter((r) => r.status === 'FAIL').length;
console.log(`viewer browser tests: ${results.length - failed} passed, ${failed} failed in ${Date.now() - t0} ms; screenshots in ${SHOTS}`);
process.exit(failed > 0 || code !== 0 ? 1 : 0);
