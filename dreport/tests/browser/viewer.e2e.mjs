// End-to-end tests of the dreport viewer (what shop owners see on their phones) in headless
// Chromium at 360x740, against the whole real chain: MariaDB (schema + demo seed, whose report
// catalogue has the production rows), `php -S` serving dreport, the real cloud-report-server
// (its auth REST_URL pointing at api.php) and a real bos-client for object 3769d93a
// (password `demo`).
//
// Two kinds of checks:
// - the flow (device, objects, catalogue buttons, every button's page, errors 1004/200/103,
//   business-day setting, languages, delete) on every run;
// - REPORTS below: one line per report page, its key number checked against an INDEPENDENT
//   query of the same shop database (see viewer-shop.mjs). They need the Firebird shop; a
//   page that shows any error (e.g. 1007, a Firebird SQL error) fails.
//
//   node dreport/tests/browser/viewer.e2e.mjs   (run-tests.sh provides DB_HOST/DB_PORT)
// Screenshots: test-output/screenshots/viewer-*.png
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { ROOT, SHOTS, TestDb, startPhp, startReportServer, startBosClient, stopAll, navigate } from './lib.mjs';
import { REPORTS, fill, startShop } from './viewer-shop.mjs';

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
let shop;
let browser;
let page;
const dialogs = []; // any alert() would be injected script: every test asserts there was none
const device = 'e2e-phone-' + Math.random().toString(16).slice(2, 8);

const md5 = (s) => createHash('md5').update(s).digest('hex');

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `viewer-${name}.png`), fullPage: true });
}

/** Nothing may be wider than the phone (tables scroll inside their own box). */
async function assertFitsPhone(what) {
  // Expanded, as the user reads them: bill and operator rows open to their lines.
  await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} fits a 360 px screen (overflow ${overflow}px)`);
  const tables = await page.$$eval('.table-wrap', (ws) => ws.map((w) => w.scrollWidth - w.clientWidth));
  assert.ok(tables.every((x) => x <= 1), `${what}: every table fits without scrolling (${tables})`);
}

/** A report page must not show an error: its code and message make the failure readable. */
async function assertNoReportError(what) {
  if (await page.locator('.report-error').count()) {
    const code = await page.getAttribute('.report-error', 'data-code');
    throw new Error(`${what}: error ${code}: ${(await page.textContent('.report-error')).trim()}`);
  }
}

async function go(fn) {
  await navigate(page, fn);
}

async function test(name, fn) {
  const t0 = Date.now();
  try {
    const before = dialogs.length;
    const r = await fn();
    assert.deepEqual(dialogs.slice(before), [], 'no dialog may open');
    const skip = r && r.skip;
    results.push({ name, status: skip ? 'SKIP' : 'PASS' });
    console.log(`${skip ? 'SKIP' : 'PASS'} ${name} (${Date.now() - t0} ms)${skip ? ': ' + r.skip : ''}`);
  } catch (e) {
    results.push({ name, status: 'FAIL' });
    console.log(`FAIL ${name}\n${e.stack || e}`);
    try { await shot('FAILED-' + name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()); } catch { /* page gone */ }
  }
}

/** A number as the English pages print it ("1,234.56 €" → 1234.56). */
function numberIn(text) {
  const m = String(text).replace(/\u00a0/g, ' ').match(/-?[\d,]*\.?\d+/);
  assert.ok(m, `a number in "${text}"`);
  return Number(m[0].replace(/,/g, ''));
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
  // The shop: the Firebird shop database when this checkout has it, else the demo mode.
  shop = await startShop({ client, tcp: crs.tcp, objectId: OBJECT, password: 'demo', startBosClient });
  assert.match(shop.line, /^CONNECTED id=3769d93a /);

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  page = await context.newPage();
  page.setDefaultTimeout(20000);
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });

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
  });

  await test('the production catalogue: every button once, each opens its page through the chain', async () => {
    await go(() => page.click(`li.object[data-objectid="${OBJECT}"] a.object-open`));
    // Nothing of the object before the shop has accepted the password (the first report does).
    assert.equal(await page.getAttribute('.sub-banner', 'data-state'), 'unverified');
    const buttons = await page.$$eval('.report-buttons a.report-button', (as) => as.map((a) => [a.dataset.report, a.getAttribute('href')]));
    const names = buttons.map((b) => b[0]);
    assert.equal(new Set(names).size, names.length, `no button twice: ${names}`);
    for (const want of ['dayturnover', 'monthturnover', 'groupturnover', 'openbills', 'closedbills', 'voidplues', 'ActiveTickets']) {
      assert.ok(names.includes(want), `${want} among ${names}`);
    }
    assert.ok(buttons.every(([, href]) => /^[A-Za-z]+\.php\?id=3769d93a$/.test(href)), 'original page URLs');
    await assertFitsPhone('report list');
    await shot('report-list');
    for (const [name, href] of buttons) {
      await page.goto(`${php.base}/dreport/${href}&lang=en`);
      assert.equal(await page.getAttribute('h1.report-title', 'data-report') !== null, true, `${name} is a report page`);
      await assertNoReportError(name);
      await assertFitsPhone(name);
    }
  });

  // One line per report page (REPORTS in viewer-shop.mjs): the page's key number equals an
  // independent query of the shop database.
  for (const r of REPORTS) {
    await test(`${r.url}: ${r.what}`, async () => {
      if (!shop.query) return { skip: shop.why };
      const url = fill(r.url, shop.day);
      await page.goto(`${php.base}/dreport/${url.replace('?', `?id=${OBJECT}&lang=en&`).replace(/&$/, '')}`);
      await assertNoReportError(url);
      await assertFitsPhone(url);
      const shown = numberIn(await page.textContent(r.selector));
      const expected = Number(shop.query(fill(r.sql, shop.day)));
      assert.ok(Math.abs(shown - expected) < 0.006, `${url}: ${r.selector} shows ${shown}, the shop database says ${expected}`);
      await shot(url.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, ''));
    });
  }

  await test('euro changeover and business-day offset on the Firebird shop\'s numbers', async () => {
    if (!shop.query) return { skip: shop.why };
    const D = shop.day;
    // The 7 days up to 05.01.2026 span 01.01.2026: one series in €, leva converted at 1.95583.
    await page.goto(`${php.base}/dreport/dayturnover.php?id=${OBJECT}&lang=en&date=${D}`);
    await assertNoReportError('dayturnover across the changeover');
    assert.match(await page.textContent('.chart .caption'), /Amounts before 01\.01\.2026 converted from BGN at 1\.95583 \(€\)/);
    const bar = Number(await page.getAttribute('svg.chart-columns g.bar[data-label="31.12"]', 'data-value'));
    const day = (cur) => Number(shop.query(`select coalesce(sum(SELL_SUM), 0) from SALES_BON where SELL_REVOKED_ = 0
      and SELL_CURRTYPE = (select CURR_ID from N_CURRENCY where CURR_ABR = '${cur}')
      and SELL_DATETIME between '2025-12-31 00:00:00' and '2025-12-31 23:59:59.9999'`));
    const expected = Math.round((day('BGN') / 1.95583 + day('EUR')) * 100) / 100;
    assert.ok(expected > 0 && Math.abs(bar - expected) < 0.011, `31.12 bar ${bar} € = leva / 1.95583 + euro = ${expected}`);
    assert.match(await page.textContent('table.week'), /лв/, 'the table keeps the original currency per row');
    await shot('euro-changeover');
    // Offset 3: the business day D runs from D 03:00 to D+1 03:00 (the shop sells until 02:00).
    db.query('UPDATE t_devices SET d_timeoffset = 3 WHERE d_deviceid = ? AND d_objectid = ?', [device, OBJECT]);
    try {
      await page.goto(`${php.base}/dreport/dayturnover.php?id=${OBJECT}&lang=en&date=${D}`);
      await assertNoReportError('dayturnover with offset 3');
      const shown = numberIn(await page.textContent('.stat-box.day-total .stat-value'));
      const next = fill('${N}', D);
      const independent = Number(shop.query(`select coalesce(sum(SELL_SUM), 0) from SALES_BON where SELL_REVOKED_ = 0
        and SELL_CURRTYPE = (select CURR_ID from N_CURRENCY where CURR_ABR = 'EUR')
        and SELL_DATETIME >= '${D} 03:00:00' and SELL_DATETIME < '${next} 03:00:00'`));
      const calendar = Number(shop.query(fill(REPORTS[0].sql, D)));
      assert.ok(Math.abs(shown - independent) < 0.006, `offset 3: ${shown} = ${independent}`);
      assert.notEqual(independent, calendar, 'sales after midnight moved to the previous business day');
    } finally {
      db.query('UPDATE t_devices SET d_timeoffset = 0 WHERE d_deviceid = ? AND d_objectid = ?', [device, OBJECT]);
    }
  });

  await test('wrong object password: the client\'s 1004 is shown, no data', async () => {
    await page.goto(`${php.base}/dreport/device.php?edit=${OBJECT}`);
    await page.fill('#e-pass', 'not-demo');
    await go(() => page.click('.edit-object button[type=submit]'));
    await page.goto(`${php.base}/dreport/dayturnover.php?id=${OBJECT}`);
    assert.equal(await page.getAttribute('.report-error', 'data-code'), '1004');
    assert.match(await page.textContent('.report-error'), /Wrong object password/);
    assert.equal(await page.locator('.chart svg').count(), 0, 'nothing drawn');
    await shot('wrong-password');
    await page.goto(`${php.base}/dreport/device.php?edit=${OBJECT}`);
    await page.fill('#e-pass', 'demo');
    await go(() => page.click('.edit-object button[type=submit]'));
  });

  await test('the business-day start is chosen as +0…+8 and moves the report window', async () => {
    await page.goto(`${php.base}/dreport/device.php?edit=${OBJECT}`);
    assert.deepEqual(await page.$$eval('#e-offset option', (os) => os.map((o) => o.textContent.trim())),
      ['+0', '+1', '+2', '+3', '+4', '+5', '+6', '+7', '+8']);
    await page.selectOption('#e-offset', '3');
    await go(() => page.click('.edit-object button[type=submit]'));
    assert.match(await page.textContent('.flash.ok'), /Changes saved/);
    assert.equal(db.query('SELECT d_timeoffset FROM t_devices WHERE d_deviceid = ? AND d_objectid = ?', [device, OBJECT]), '3');
    await page.goto(`${php.base}/dreport/closedbills.php?id=${OBJECT}&date=2026-01-02`);
    await assertNoReportError('closed bills with offset 3');
    // The relay log holds the task the viewer sent: its window starts at 03:00.
    const sql = await lastTaskSql('closedbills');
    if (sql !== null) assert.match(sql, /'2026-01-02 03:00:00'.*'2026-01-03 03:00:00'/);
    await page.goto(`${php.base}/dreport/device.php?edit=${OBJECT}`);
    await page.selectOption('#e-offset', '0');
    await go(() => page.click('.edit-object button[type=submit]'));
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
    assert.equal(await page.locator('.chart svg').count(), 0);
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
      await page.goto(`${php.base}/dreport/pluturnover.php?id=${OBJECT}&lang=en`);
      assert.equal(await page.getAttribute('.report-error', 'data-code'), '103');
      assert.match(await page.textContent('.report-error'), /refused the site's login/);
      assert.equal(await page.locator('.chart svg').count(), 0);
    } finally {
      db.query("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_pswd'", [RS_PASS]);
    }
  });

  await test('Bulgarian, and delete an object with confirmation', async () => {
    await page.goto(`${php.base}/dreport/rptlist.php?id=${OBJECT}&lang=bg`);
    assert.match(await page.textContent('.report-buttons'), /ДНЕВЕН ОБОРОТ/);
    await go(() => page.click('a.report-button[data-report="dayturnover"]'));
    assert.match(await page.textContent('main'), /Оборот \(/);
    await shot('day-turnover-bg');
    await page.goto(`${php.base}/dreport/device.php`);
    await go(() => page.click(`li.object[data-objectid="${OFFLINE_OBJECT}"] button.danger`));
    assert.match(await page.textContent('.confirm-delete'), /Да изтрия ли обект/);
    assert.equal(db.query('SELECT COUNT(*) FROM t_devices WHERE d_deviceid = ?', [device]), '2', 'not deleted before confirming');
    await go(() => page.click('.confirm-delete button.danger'));
    assert.match(await page.textContent('.flash.ok'), /Обектът е изтрит/);
    assert.equal(db.query('SELECT COUNT(*) FROM t_devices WHERE d_deviceid = ?', [device]), '1');
  });
}

/** The SQL of the last task relayed for a report, when the report server logs task texts (else null). */
async function lastTaskSql(report) {
  const cols = db.query("SELECT GROUP_CONCAT(column_name) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 't_relay_log'");
  const col = ['rl_task', 'rl_request', 'rl_sql'].find((c) => cols.split(',').includes(c));
  if (!col) return null;
  return db.query(`SELECT ${col} FROM t_relay_log WHERE rl_report = ? ORDER BY rl_id DESC LIMIT 1`, [report]);
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
    if (/PHP (Warning|Notice|Deprecated|Fatal)/.test(log)) {
      console.log('FAIL PHP logged errors during the viewer tests:\n' + log);
      code = 1;
    }
  }
  stopAll();
  if (shop && shop.cleanup) shop.cleanup();
  if (php) php.stop();
  if (crs) crs.cleanup();
  if (db) db.drop();
}
const failed = results.filter((r) => r.status === 'FAIL').length;
const skipped = results.filter((r) => r.status === 'SKIP').length;
console.log(`viewer browser tests: ${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped in ${Date.now() - t0} ms; screenshots in ${SHOTS}`);
process.exit(failed > 0 || code !== 0 ? 1 : 0);
