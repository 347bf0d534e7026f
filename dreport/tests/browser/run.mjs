// End-to-end tests of the dreport admin panel in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core). Real MariaDB, real `php -S`, and for the
// live-clients test the real cloud-report-server with real bos-client processes.
//
//   node dreport/tests/browser/run.mjs        (DB_HOST/DB_PORT of a test MariaDB required;
//                                              run-tests.sh provides them)
// Screenshots: test-output/screenshots/admin-*.png
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ROOT, SHOTS, TestDb, bcrypt, startPhp, startReportServer, startBosClient, stopAll, navigate } from './lib.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BIN_DIR = process.env.CRS_BIN_DIR || join(ROOT, 'target', 'debug');
const PHONE = { width: 360, height: 740 };

const results = [];
const alerts = [];
let db;
let php;
let browser;

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  // Any alert() is injected script (XSS): record it, and every test asserts there was none.
  page.on('dialog', async (d) => {
    if (d.type() === 'alert') alerts.push(`${d.message()} on ${page.url()}`);
    await d.accept();
  });
  page.setDefaultTimeout(10000);
  return page;
}

const adminUrl = (page = '', params = {}) => {
  const q = new URLSearchParams(page ? { page, ...params } : params).toString();
  return `${php.base}/dreport/admin/index.php${q ? '?' + q : ''}`;
};

async function login(page, user, password) {
  await page.goto(adminUrl());
  await page.waitForSelector('#login-form');
  await page.fill('#username', user);
  await page.fill('#password', password);
  await navigate(page, () => page.click('#login-form button[type=submit]'));
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `admin-${name}.png`), fullPage: true });
}

async function test(name, fn) {
  const t0 = Date.now();
  try {
    const before = alerts.length;
    const r = await fn();
    assert.deepEqual(alerts.slice(before), [], 'no alert() may run (stored XSS)');
    const skipped = r && r.skip;
    results.push({ name, status: skipped ? 'SKIP' : 'PASS', ms: Date.now() - t0, note: skipped ? r.skip : '' });
    console.log(`${skipped ? 'SKIP' : 'PASS'} ${name} (${Date.now() - t0} ms)${skipped ? ': ' + r.skip : ''}`);
  } catch (e) {
    results.push({ name, status: 'FAIL', ms: Date.now() - t0, note: e.stack || String(e) });
    console.log(`FAIL ${name}\n${e.stack || e}`);
  }
}

async function main() {
  db = new TestDb().create();
  db.query("INSERT INTO `user` (a_role_id, a_username, a_password, a_first_name) SELECT r_id, 'reader', ?, 'Read' FROM role WHERE r_name = 'Reader'",
    [bcrypt('reader-pass1')]);
  php = await startPhp(db);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });

  await test('admin login (wrong password refused, then dashboard)', async () => {
    const page = await newPage();
    await login(page, 'admin', 'not-the-password');
    assert.match(await page.textContent('#login-error'), /Wrong username or password/);
    await shot(page, 'login-failed');
    await login(page, 'admin', 'admin123');
    assert.equal((await page.textContent('#whoami')).trim(), 'admin (Admin)');
    assert.ok(await page.isVisible('nav a[href*="page=users"]'), 'admin sees the Users menu');
    assert.ok(await page.isVisible('#chart-online svg'), 'dashboard chart drawn');
    await shot(page, 'dashboard');
    const phone = await newPage(PHONE);
    await login(phone, 'admin', 'admin123');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `dashboard fits a 360 px screen (overflow ${overflow}px)`);
    await shot(phone, 'dashboard-phone');
    await phone.context().close();
    await page.context().close();
  });

  await test('subscription renewal (+1 year on an expired subscription)', async () => {
    const page = await newPage(PHONE);
    await login(page, 'admin', 'admin123');
    await page.goto(adminUrl('subscriptions'));
    await page.fill('#q', '0badf00d');
    await navigate(page, () => page.click('form.filters button[type=submit]'));
    const row = page.locator('tr[data-objectid="0badf00d"]');
    assert.match(await row.locator('td.expiry').textContent(), /2020-01-31\s*expired/);
    await shot(page, 'subscriptions-before-renewal');
    await navigate(page, () => row.locator('button', { hasText: '+1 year' }).click());
    const d = new Date();
    const expected = `${d.getFullYear() + 1}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    assert.match(await page.textContent('.flash.ok'), new RegExp(`renewed until ${expected}`));
    assert.match(await page.locator('tr[data-objectid="0badf00d"] td.expiry').textContent(), new RegExp(expected));
    assert.equal(db.query("SELECT s_expiredate FROM t_subscriptions WHERE s_objectid = '0badf00d'"), expected);
    assert.equal(db.query("SELECT s_operid FROM t_statistics WHERE s_opertype = 136 ORDER BY s_id DESC LIMIT 1"), 'admin');
    await shot(page, 'subscriptions-renewed');
    // And through the detail page with an explicit date.
    await page.goto(adminUrl('subscriptions', { id: '1a2b3c4d' }));
    await page.fill('#renew-date', '2033-03-15');
    await navigate(page, () => page.click('#renew-form button[type=submit]'));
    assert.equal((await page.textContent('#expiredate')).trim(), '2033-03-15');
    await shot(page, 'subscription-detail');
    await page.context().close();
  });

  await test('a user without the admin role is refused', async () => {
    const page = await newPage();
    await login(page, 'reader', 'reader-pass1');
    assert.equal((await page.textContent('#whoami')).trim(), 'reader (Reader)');
    assert.equal(await page.locator('nav a[href*="page=users"]').count(), 0, 'no Users menu for a reader');
    const resp = await page.goto(adminUrl('users'));
    assert.equal(resp.status(), 403);
    assert.match(await page.textContent('#error-message'), /Access denied/);
    await shot(page, 'reader-refused');
    await page.goto(adminUrl('subscriptions'));
    assert.equal(await page.locator('button', { hasText: '+1 year' }).count(), 0, 'no renew buttons for a reader');
    // A forged POST with the reader's valid CSRF token is still refused by the server.
    const status = await page.evaluate(async () => {
      const fd = new URLSearchParams({ do: 'renew', id: '3769d93a', months: '1',
        csrf: document.querySelector('input[name=csrf]').value });
      const r = await fetch('index.php?page=subscriptions', { method: 'POST', body: fd });
      return r.status;
    });
    assert.equal(status, 403);
    await page.context().close();
  });

  await test('live clients: bos-client connected to a real report server', async () => {
    const server = join(BIN_DIR, 'cloud-report-server');
    const client = join(BIN_DIR, 'bos-client');
    if (!existsSync(server) || !existsSync(client)) {
      return { skip: `report server binaries not found in ${BIN_DIR} (run \`cargo build --bins\` first)` };
    }
    const crs = await startReportServer({
      bin: server, restUrl: `${php.base}/dreport/api.php`, db, user: 'crsweb', password: 'Web$ecret-1',
    });
    try {
      db.query("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_port'", [String(crs.http)]);
      db.query("UPDATE t_settings SET s_value = 'crsweb' WHERE s_name = 'rpt_server_user'");
      db.query("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_pswd'", ['Web$ecret-1']);
      const common = ['--server', `127.0.0.1:${crs.tcp}`, '--db-type', 'R', '--mode', 'demo', '--ping-secs', '5',
        '--poll-ms', '200', '--password', 'demo'];
      const a = await startBosClient(client, [...common, '--host', 'SHOP-CENTER', '--object-id', '3769d93a',
        '--object-name', 'Демо Маркет - център', '--customer-name', 'Демо Маркет ООД', '--eik', '200000001']);
      // INIT is space-separated (HST=<host>), and Windows host names have no spaces.
      const evilHost = '<svg/onload=alert(1)>';
      const b = await startBosClient(client, [...common, '--host', evilHost, '--object-id', '1a2b3c4d',
        '--object-name', 'Cafe', '--customer-name', '<script>alert("cafe")</script>Cafe Demo', '--eik', '200000002']);
      assert.match(a.line, /^CONNECTED id=3769d93a /);
      assert.match(b.line, /^CONNECTED id=1a2b3c4d /);

      // The server asked our REST API about both objects on INFO and the API stored what the
      // clients sent (http-api.md §4).
      assert.equal(db.query("SELECT s_hostname FROM t_subscriptions WHERE s_objectid = '3769d93a'"), 'SHOP-CENTER');
      assert.equal(db.query("SELECT s_hostname FROM t_subscriptions WHERE s_objectid = '1a2b3c4d'"), evilHost);

      const page = await newPage();
      await login(page, 'admin', 'admin123');
      await page.goto(adminUrl('clients'));
      const unreachable = await page.locator('#clients-error').count();
      assert.equal(unreachable, 0, unreachable ? await page.textContent('#clients-error') : '');
      assert.match(await page.textContent('#clients-summary'), /2\s*client\(s\) connected/);
      const rowA = page.locator('#clients tr[data-objectid="3769d93a"]');
      assert.match(await rowA.textContent(), /online/);
      assert.equal((await rowA.locator('td.host').textContent()).trim(), 'SHOP-CENTER');
      assert.match(await rowA.textContent(), /Демо Маркет ООД/);
      assert.match(await rowA.textContent(), /2099-12-31/);
      assert.match(await rowA.textContent(), /EBOCloudReportSvc\.exe/);
      const rowB = page.locator('#clients tr[data-objectid="1a2b3c4d"]');
      assert.equal((await rowB.locator('td.host').textContent()).trim(), evilHost, 'host shown as text, not markup');
      assert.equal(await page.locator('#clients svg, #clients script').count(), 0, 'no injected element');
      assert.match(await rowB.textContent(), /<script>alert\("cafe"\)<\/script>Cafe Demo/, 'customer name shown as text');
      await shot(page, 'live-clients');
      await page.goto(adminUrl('clients', { offline: '1' }));
      assert.match(await page.locator('#clients tr[data-objectid="0badf00d"]').textContent(), /offline/);
      await page.goto(adminUrl('subscriptions', { id: '3769d93a' }));
      assert.match(await page.textContent('#live-state'), /online\s+since/);
      await page.goto(adminUrl('subscriptions', { id: '0badf00d' }));
      assert.match(await page.textContent('#live-state'), /offline/);
      await page.goto(adminUrl('dashboard'));
      assert.equal((await page.textContent('#clients-online')).trim(), '2');
      await shot(page, 'dashboard-live');
      const phone = await newPage(PHONE);
      await login(phone, 'admin', 'admin123');
      await phone.goto(adminUrl('clients'));
      await shot(phone, 'live-clients-phone');
      await phone.context().close();
      await page.context().close();
    } catch (e) {
      e.message += `\n--- report server stderr ---\n${crs.stderr().slice(-4000)}`;
      throw e;
    } finally {
      stopAll();
      crs.cleanup();
    }
  });
}

let code = 0;
const t0 = Date.now();
try {
  await main();
} catch (e) {
  console.log(`FAIL setup\n${e.stack || e}`);
  code = 1;
} finally {
  if (browser) await browser.close();
  if (php) {
    const log = php.log();
    if (/PHP (Warning|Notice|Deprecated|Fatal|Parse)/.test(log)) {
      console.log('FAIL PHP logged errors during the browser tests:\n' + log);
      code = 1;
    }
    php.stop();
  }
  stopAll();
  if (db) db.drop();
}
const failed = results.filter((r) => r.status === 'FAIL').length;
const skipped = results.filter((r) => r.status === 'SKIP').length;
console.log(`browser tests: ${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped in ${Date.now() - t0} ms; screenshots in ${SHOTS}`);
process.exit(failed > 0 || code !== 0 ? 1 : 0);
