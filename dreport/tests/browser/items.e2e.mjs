// End-to-end test of item management (issue 13) in headless Chromium at 360x740 against the
// whole real chain: MariaDB (schema + demo seed), `php -S` serving dreport (with a
// DREPORT_SECRET_KEY), the real cloud-report-server and two real bos-clients executing tasks
// on two Firebird shop databases made from etc/shopdb/schema.sql (a central one,
// NN_OFFICE_TYPE = 1, and a branch, = 2). Every change is checked independently with isql-fb
// on the shop's database: the intended column of the intended row and one EVENTS row
// changed, nothing else.
//
//   node dreport/tests/browser/items.e2e.mjs   (run-tests.sh provides DB_HOST/DB_PORT)
// Screenshots: test-output/screenshots/items-*.png
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { ROOT, SHOTS, TestDb, startPhp, startReportServer, startBosClient, stopAll, navigate } from './lib.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BIN_DIR = process.env.CRS_BIN_DIR || join(ROOT, 'target', 'debug');
const PHONE = { width: 360, height: 740 };
const CENTRAL = 'e2ec0001';
const BRANCH = 'e2eb0002';
const FOREIGN = 'e2ef0003'; // another device's object
const PASS = { [CENTRAL]: 'central-pw', [BRANCH]: 'branch-pw' };
const RS_USER = 'itemsweb';
const RS_PASS = 'It3ms-pass';
const SECRET_KEY = 'e2e-secret-key-' + 'x'.repeat(40);
const device = 'e2e-items-' + Math.random().toString(16).slice(2, 8);
const md5 = (s) => createHash('md5').update(s).digest('hex');

const results = [];
const dialogs = [];
let db; let php; let crs; let browser; let page; let work;

// ---- the Firebird shops: scripts/shop-db.sh (generated central/branch shops, private
// Firebird home in SuperClassic mode so bos-client and isql-fb share the file) + a fixture ----
const shopDir = (oid) => join(work, oid);
function fbEnv(oid) {
  const home = join(shopDir(oid), 'fbhome');
  return { ...process.env, FIREBIRD: join(home, 'root'), FIREBIRD_LOCK: join(home, 'lock'), FIREBIRD_TMP: join(home, 'tmp'), LANG: 'C.UTF-8' };
}

function isql(oid, script) {
  return execFileSync('isql-fb', ['-q', '-bail', '-user', 'SYSDBA', '-ch', 'UTF8', join(shopDir(oid), 'shop.fdb')], {
    input: script + '\nCOMMIT;\nEXIT;\n', env: fbEnv(oid), encoding: 'utf8',
  });
}

/** Lines of one query, `|`-joined columns built by the caller. */
function lines(oid, select) {
  return isql(oid, `SET HEADING OFF;\n${select};`).split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
}

/** The items this test works on (numbers far above the generated ones). */
const FIX = { first: 900001, count: 20, local: 900002, tea: 900100, pastPromo: 990000 };

/**
 * The central shop: scripts/shop-db.sh create (the generated central shop, NN_OFFICE_TYPE 1).
 * The branch: a copy of it in its own folder and Firebird home, NN_OFFICE_TYPE set to 2 (a
 * second generator run would only cost time). Then this test's own items on both.
 */
function makeShops(bosClient) {
  const out = execFileSync('bash', [join(ROOT, 'scripts/shop-db.sh'), 'create', shopDir(CENTRAL), '1', 'central'], {
    // The same day's seed-1 central shop that make test's smoke run already generated.
    encoding: 'utf8',
    env: { ...process.env, BOS_CLIENT: bosClient, SHOPDB_CACHE: process.env.SHOPDB_CACHE || join(ROOT, 'target', 'shopdb-cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file = out.trim().split('\n').pop();
  assert.ok(existsSync(file), `shop-db.sh made ${file}`);
  execFileSync('bash', [join(ROOT, 'scripts/shop-db.sh'), 'home', shopDir(BRANCH)], { stdio: 'ignore' });
  copyFileSync(file, join(shopDir(BRANCH), 'shop.fdb'));
  isql(BRANCH, 'ALTER SEQUENCE NN_OFFICE_TYPE RESTART WITH 2;');
  for (const oid of [CENTRAL, BRANCH]) addFixture(oid);
}

function addFixture(oid) {
  isql(oid, `
${Array.from({ length: FIX.count }, (_, i) => `INSERT INTO PLUES (PLU_NUMB, PLU_NAME, PLU_ECR_NAME, PLU_SELL_PRICE, PLU_BUY_PRICE, PLU_LOCAL_PRICE_) VALUES (${FIX.first + i}, 'Е2Е кафе сорт ${i + 1}', 'Е2Е КАФЕ ${i + 1}', ${(2 + i / 10).toFixed(2)}, 0.8, ${FIX.first + i === FIX.local ? 1 : 0});`).join('\n')}
INSERT INTO PLUES (PLU_NUMB, PLU_NAME, PLU_ECR_NAME, PLU_SELL_PRICE, PLU_BUY_PRICE, PLU_GROUP_ID, PLU_TAXGROUP_ID) VALUES (${FIX.tea}, 'Е2Е чай мента', 'ЧАЙ', 7.13, 0.3, (SELECT MIN(PGRP_ID) FROM N_PLUGROUPS), (SELECT MIN(TAXGRP_NUMB) FROM N_WAT));
INSERT INTO BARCODES (BC_ID, PLU_NUMB, PLU_BARCODE) VALUES (990001, ${FIX.tea}, '3809990000017');
INSERT INTO BARCODES (BC_ID, PLU_NUMB, PLU_BARCODE) VALUES (990002, ${FIX.tea}, '3809990000024');
INSERT INTO PROMOTIONS (PR_ID, PR_PLUNUMB, PR_FROMDATE, PR_TODATE, PR_FROMTIME, PR_TOTIME, PR_PRICE, PR_PACKET_TYPE, PR_PRIORITY, PR_DAYOFWEEK) VALUES (${FIX.pastPromo}, ${FIX.tea}, '2020-01-01', '2020-01-31', '00:00:00', '23:59:59', 1.20, 1, 5, '1111111');`);
}

/** Everything the item pages could touch, as text, for "nothing else changed" checks. */
function snapshot(oid) {
  return {
    plues: lines(oid, "SELECT PLU_NUMB || '|' || PLU_NAME || '|' || PLU_ECR_NAME || '|' || PLU_SELL_PRICE || '|' || PLU_BUY_PRICE || '|' || PLU_PROMOTION_ || '|' || PLU_SELL_DISABLED_ || '|' || PLU_LOCAL_PRICE_ FROM PLUES ORDER BY PLU_NUMB"),
    barcodes: lines(oid, "SELECT BC_ID || '|' || PLU_NUMB || '|' || PLU_BARCODE || '|' || PLU_ISUSED FROM BARCODES ORDER BY BC_ID"),
    promotions: lines(oid, "SELECT PR_ID || '|' || PR_PLUNUMB || '|' || PR_FROMDATE || '|' || PR_TODATE || '|' || PR_FROMTIME || '|' || PR_TOTIME || '|' || PR_PRICE || '|' || PR_PACKET_TYPE || '|' || PR_PRIORITY || '|' || PR_DAYOFWEEK FROM PROMOTIONS ORDER BY PR_ID"),
    events: lines(oid, "SELECT EV_ID || '|' || EV_TYPE || '|' || EV_MODULE || '|' || EV_OPERATOR || '|' || EV_DATANUMB || '|' || EV_DATATEXT || '|' || EV_EXPORTED_ || '|' || EV_OFFICE || '|' || EV_DESCRIPTION FROM EVENTS ORDER BY EV_ID"),
    operators: lines(oid, "SELECT OPERATOR_ID || '|' || OPERATOR_USERNAME || '|' || OPERATOR_PASSWORD FROM N_OPERATORS ORDER BY 1"),
  };
}

/** Asserts that exactly the listed PLUES rows changed (to the given text) and `events` EVENTS rows were added. */
function assertOnly(before, after, { plues = {}, events = 0, promotions = null }) {
  const exp = before.plues.map((l) => plues[l.split('|')[0]] ?? l);
  assert.deepEqual(after.plues, exp, 'PLUES: only the intended row/column changed');
  assert.deepEqual(after.barcodes, before.barcodes, 'BARCODES unchanged');
  assert.deepEqual(after.operators, before.operators, 'N_OPERATORS unchanged');
  if (promotions === null) assert.deepEqual(after.promotions, before.promotions, 'PROMOTIONS unchanged');
  assert.equal(after.events.length, before.events.length + events, `${events} EVENTS row(s) added`);
  assert.deepEqual(after.events.slice(0, before.events.length), before.events, 'old EVENTS rows unchanged');
  return after.events.slice(before.events.length).map((l) => l.split('|'));
}

const row = (snap, plu) => snap.plues.find((l) => l.startsWith(plu + '|')).split('|');

// ---- browser helpers ------------------------------------------------------------------------
async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `items-${name}.png`), fullPage: true });
}

async function assertFitsPhone(what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} fits a 360 px screen (overflow ${overflow}px)`);
  const tables = await page.$$eval('.table-wrap', (ws) => ws.map((w) => w.scrollWidth - w.clientWidth));
  assert.ok(tables.every((x) => x <= 1), `${what}: every table fits without scrolling (${tables})`);
}

async function go(fn) {
  await navigate(page, fn);
}

async function flash() {
  return (await page.textContent('.flash')).trim();
}

async function card(oid, plu) {
  await page.goto(`${php.base}/dreport/items.php?id=${oid}&plu=${plu}&lang=en`);
  await page.waitForSelector('.item-title, .report-error, .item-missing');
}

async function submit(formClass, value) {
  if (value !== undefined) await page.fill(`form.${formClass} input[name=value]`, value);
  await go(() => page.click(`form.${formClass} button[type=submit]`));
}

async function setOperator(oid, user, pw) {
  await page.goto(`${php.base}/dreport/items.php?id=${oid}&view=operator&lang=en`);
  await page.fill('#o-user', user);
  await page.fill('#o-pass', pw);
  await go(() => page.click('form.operator-form button[type=submit]'));
  return flash();
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
  work = mkdtempSync(join(tmpdir(), 'dreport-items-'));
  makeShops(client);
  assert.deepEqual(lines(CENTRAL, 'SELECT GEN_ID(NN_OFFICE_TYPE, 0) FROM RDB$DATABASE').map(Number), [1]);
  assert.notDeepEqual(lines(BRANCH, 'SELECT GEN_ID(NN_OFFICE_TYPE, 0) FROM RDB$DATABASE').map(Number), [1]);

  db = new TestDb().create();
  for (const [oid, name, exp] of [[CENTRAL, 'Централа', '2099-12-31'], [BRANCH, 'Филиал', '2099-12-31'], [FOREIGN, 'Чужд', '2099-12-31']]) {
    db.query('INSERT INTO t_subscriptions (s_objectid, s_objectname, s_expiredate, s_customername, s_appdbtype, s_active) VALUES (?, ?, ?, ?, ?, 1)',
      [oid, name, exp, 'Е2Е ООД', 'R']);
  }
  db.query("INSERT INTO t_devices (d_deviceid, d_objectname, d_objectid, d_objectpswd) VALUES (?, 'Централа', ?, ?), (?, 'Филиал', ?, ?), ('someone-else', 'Чужд', ?, ?)",
    [device, CENTRAL, md5(PASS[CENTRAL]), device, BRANCH, md5(PASS[BRANCH]), FOREIGN, md5('x')]);
  db.query("UPDATE t_settings SET s_value = '3' WHERE s_name = 'log_level'");
  php = await startPhp(db, { DREPORT_SECRET_KEY: SECRET_KEY });
  crs = await startReportServer({ bin: server, restUrl: `${php.base}/dreport/api.php`, db, user: RS_USER, password: RS_PASS });
  db.query("UPDATE t_settings SET s_value = '127.0.0.1' WHERE s_name = 'rpt_server_host'");
  db.query("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_port'", [String(crs.http)]);
  db.query("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_user'", [RS_USER]);
  db.query("UPDATE t_settings SET s_value = ? WHERE s_name = 'rpt_server_pswd'", [RS_PASS]);
  for (const oid of [CENTRAL, BRANCH]) {
    const shop = await startBosClient(client, shopClientArgs(oid));
    assert.equal(shop.id, oid);
  }

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  page = await context.newPage();
  page.setDefaultTimeout(20000);
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const C = CENTRAL;

  await test('the catalogue button opens the item search; the operator login is saved encrypted and confirmed by the shop', async () => {
    await page.goto(`${php.base}/dreport/index.php?id=${device}&lang=en`);
    await page.goto(`${php.base}/dreport/rptlist.php?id=${CENTRAL}`);
    const link = page.locator('a[href^="articles.php"]');
    assert.equal(await link.count(), 1, 'the articles row is below the grid');
    await go(() => link.click());
    assert.match(page.url(), /\/dreport\/items\.php\?id=e2ec0001$/);
    await assertFitsPhone('search');
    assert.match(await setOperator(CENTRAL, 'ivan', '1111'), /saved and the shop confirmed it/);
    const stored = db.query("SELECT d_editPassword FROM t_devices WHERE d_deviceid = ? AND d_objectid = ?", [device, CENTRAL]);
    assert.match(stored, /^s1:/);
    assert.ok(!stored.includes('1111'));
    assert.ok(!db.query('SELECT GROUP_CONCAT(s_description) FROM t_statistics').includes('1111'), 'no password in the audit');
    await assertFitsPhone('operator');
    await shot('operator');
  });

  await test('search: name part (any case), 15 per page paged by the shop, number, price, barcode', async () => {
    await page.goto(`${php.base}/dreport/items.php?id=${CENTRAL}&lang=en`);
    await page.selectOption('#s-f', 'name');
    await page.fill('#s-q', 'е2е КаФе');
    await go(() => page.click('form.item-search button[type=submit]'));
    assert.equal(await page.locator('tr.item-row').count(), 15);
    assert.match(await page.textContent('.db-kind'), /Central database/);
    await assertFitsPhone('search results');
    await shot('search');
    await go(() => page.click('nav.pager a.next'));
    assert.equal(await page.locator('tr.item-row').count(), 5, 'page 2 has the other 5');
    assert.equal(await page.locator('nav.pager a.next').count(), 0);
    const q = async (f, v) => {
      await page.goto(`${php.base}/dreport/items.php?id=${CENTRAL}&f=${f}&q=${encodeURIComponent(v)}&lang=en`);
      return page.$$eval('tr.item-row', (rs) => rs.map((r) => r.dataset.plu));
    };
    assert.deepEqual(await q('numb', String(FIX.tea)), [String(FIX.tea)]);
    assert.deepEqual(await q('barcode', '3809990000024'), [String(FIX.tea)]);
    assert.ok((await q('price', '7,13')).includes(String(FIX.tea)), 'by price (a comma works too)');
    assert.deepEqual(await q('name', "'; DELETE FROM PLUES; --"), []);
    assert.deepEqual(await q('name', '%'), []);
    await q('price', 'abc');
    assert.match(await page.textContent('main'), /Invalid search value/);
  });

  await test('card read from the shop; a price change shows in the card and in the shop database with its EVENTS row', async () => {
    await page.goto(`${php.base}/dreport/items.php?id=${CENTRAL}&f=numb&q=${FIX.tea}&lang=en`);
    await go(() => page.click('tr.item-row a'));
    assert.match(page.url(), new RegExp(`plu=${FIX.tea}`));
    assert.equal((await page.textContent('.f-name')).trim(), 'Е2Е чай мента');
    assert.equal((await page.textContent('.f-price')).trim(), '7.13');
    assert.equal((await page.textContent('.f-barcodes')).trim(), '3809990000017, 3809990000024');
    // Group and tax group as the shop's own tables name them (independent query).
    const [tax] = lines(C, `SELECT TRIM(w.TAXGRP_DESCR) || ' (' || TRIM(w.TAXGRP_NAME) || ')' FROM PLUES p JOIN N_WAT w ON w.TAXGRP_NUMB = p.PLU_TAXGROUP_ID WHERE p.PLU_NUMB = ${FIX.tea}`);
    const [grp] = lines(C, `SELECT g.PGRP_NAME FROM PLUES p JOIN N_PLUGROUPS g ON g.PGRP_ID = p.PLU_GROUP_ID WHERE p.PLU_NUMB = ${FIX.tea}`);
    assert.equal((await page.textContent('.f-tax')).trim(), tax);
    assert.equal((await page.textContent('.f-group')).trim(), grp.trim());
    assert.match(await page.textContent('.edit-status'), /Operator ivan may make changes/);
    await assertFitsPhone('card');
    await shot('card');
    const before = snapshot(C);
    await submit('edit-price', '1,85');
    assert.equal(await flash(), 'The price was changed.');
    assert.equal((await page.textContent('.f-price')).trim(), '1.85', 'the card (read again from the shop) shows it');
    const after = snapshot(C);
    const r = row(before, FIX.tea); r[3] = '1.85';
    const [ev] = assertOnly(before, after, { plues: { [FIX.tea]: r.join('|') }, events: 1 });
    assert.deepEqual(ev.slice(1, 8), ['6', '24', '1', String(FIX.tea), `Device ID - ${device}`, '0', '0']);
    assert.equal(ev[8], `[МОБИЛНИ СПРАВКИ] [ПРОМЯНА ЦЕНА] ОБЕКТ (${CENTRAL}) Оператор (ivan) направи промяна на цена(1.85) за артикул с артикулен номер(${FIX.tea}).`);
    const audit = db.query('SELECT s_description FROM t_statistics WHERE s_opertype = 150 ORDER BY s_id DESC LIMIT 1');
    assert.equal(audit, `device ${device} object ${CENTRAL} item ${FIX.tea} operator ivan: sell price 7.13 -> 1.85`);
    await shot('price-changed');
    // 4 decimals are valid input; the shop's column keeps 2: the user is told what was stored.
    await submit('edit-price', '1.8549');
    assert.match(await flash(), /keeps it as 1\.85/);
    assert.equal(row(snapshot(C), FIX.tea)[3], '1.85');
    assert.equal(db.query('SELECT s_description FROM t_statistics WHERE s_opertype = 150 ORDER BY s_id DESC LIMIT 1'),
      `device ${device} object ${CENTRAL} item ${FIX.tea} operator ivan: sell price 1.85 -> 1.85`);
  });

  await test('name, till name, sale block on/off: one column and one EVENTS row each', async () => {
    await card(CENTRAL, FIX.tea);
    let before = snapshot(C);
    await submit('edit-name', 'Чай „Мента“ 20 бр.');
    assert.equal(await flash(), 'The name was changed.');
    assert.equal((await page.textContent('.item-title')).trim(), 'Чай „Мента“ 20 бр.');
    let r = row(before, FIX.tea); r[1] = 'Чай „Мента“ 20 бр.';
    let [ev] = assertOnly(before, snapshot(C), { plues: { [FIX.tea]: r.join('|') }, events: 1 });
    assert.ok(ev[8].endsWith(`Оператор (ivan) направи промяна на име на артикул(Чай „Мента“ 20 бр.) с артикулен номер(${FIX.tea}).`), ev[8]);
    assert.ok(ev[8].startsWith(`[МОБИЛНИ СПРАВКИ] [ПРОМЯНА ИМЕ] ОБЕКТ (${CENTRAL})`), ev[8]);

    before = snapshot(C);
    await submit('edit-ecrname', 'ЧАЙ МЕНТА');
    assert.equal((await page.textContent('.f-ecrname')).trim(), 'ЧАЙ МЕНТА');
    r = row(before, FIX.tea); r[2] = 'ЧАЙ МЕНТА';
    [ev] = assertOnly(before, snapshot(C), { plues: { [FIX.tea]: r.join('|') }, events: 1 });
    assert.match(ev[8], /\[ПРОМЯНА КАСОВО ИМЕ\] .*касово име\(ЧАЙ МЕНТА\)/);

    before = snapshot(C);
    await submit('edit-block');
    assert.equal((await page.textContent('.f-blocked')).trim(), 'yes');
    r = row(before, FIX.tea); r[6] = '1';
    [ev] = assertOnly(before, snapshot(C), { plues: { [FIX.tea]: r.join('|') }, events: 1 });
    assert.equal(ev[8], `[МОБИЛНИ СПРАВКИ] [ПРОМЯНА АРТИКУЛ] ОБЕКТ (${CENTRAL}) Оператор (ivan) забрани за продажба артикул с артикулен номер(${FIX.tea}).`);
    before = snapshot(C);
    await submit('edit-block');
    assert.equal((await page.textContent('.f-blocked')).trim(), 'no');
    r = row(before, FIX.tea); r[6] = '0';
    [ev] = assertOnly(before, snapshot(C), { plues: { [FIX.tea]: r.join('|') }, events: 1 });
    assert.match(ev[8], /разреши за продажба/);
  });

  await test('promotions: past one listed, a percent promotion created for weekends and deleted again', async () => {
    await card(CENTRAL, FIX.tea);
    await go(() => page.click('a.promotions'));
    assert.equal(await page.locator('ul.promo-past li.promotion').count(), 1);
    assert.equal(await page.locator('ul.promo-active li.promotion').count(), 0);
    await assertFitsPhone('promotions');
    const before = snapshot(C);
    await page.check('input[name=ptype][value=percent]');
    await page.fill('#p-value', '15');
    await page.fill('#p-fd', '2026-01-01');
    await page.fill('#p-td', '2099-12-31');
    await page.fill('#p-ft', '08:00');
    await page.fill('#p-tt', '20:00');
    await page.selectOption('#p-prio', '3');
    for (const d of ['1', '2', '3', '4', '5']) await page.uncheck(`input[name="days[]"][value="${d}"]`);
    await shot('promotion-form');
    await go(() => page.click('form.promo-new button[type=submit]'));
    assert.equal(await flash(), 'The promotion was created.');
    assert.equal(await page.locator('ul.promo-active li.promotion').count(), 1);
    const after = snapshot(C);
    const r = row(before, FIX.tea); r[5] = '1';
    const [ev] = assertOnly(before, after, { plues: { [FIX.tea]: r.join('|') }, events: 1, promotions: 'changed' });
    const added = after.promotions.filter((l) => !before.promotions.includes(l));
    assert.deepEqual(after.promotions.filter((l) => before.promotions.includes(l)), before.promotions, 'old promotions unchanged');
    assert.equal(added.length, 1);
    const newId = added[0].split('|')[0];
    assert.equal(added[0], `${newId}|${FIX.tea}|2026-01-01|2099-12-31|08:00:00.0000|20:00:00.0000|-15.00|4|3|0000011`);
    assert.equal(ev[8], `[МОБИЛНИ СПРАВКИ] [НОВА ПРОМОЦИЯ] ОБЕКТ (${CENTRAL}) Оператор (ivan) направи нова промоция за артикул (${FIX.tea}) с начална дата (2026-01-01), крайна дата (2099-12-31), начален час (08:00:00), краен час (20:00:00).`);
    await shot('promotions');

    const b2 = snapshot(C);
    await go(() => page.click('ul.promo-active li.promotion form.promo-delete button'));
    assert.equal(await flash(), 'The promotion was deleted.');
    const a2 = snapshot(C);
    const r2 = row(b2, FIX.tea); r2[5] = '0';
    const [ev2] = assertOnly(b2, a2, { plues: { [FIX.tea]: r2.join('|') }, events: 1, promotions: 'changed' });
    assert.deepEqual(a2.promotions, before.promotions, 'only the new promotion is gone');
    assert.equal(ev2[4], newId, 'EV_DATANUMB = PR_ID');
    assert.equal(ev2[8], `[МОБИЛНИ СПРАВКИ] [ПРЕМАХВАНЕ НА ПРОМОЦИЯ] ОБЕКТ (${CENTRAL}) Оператор (ivan) премахна промоция с ID (${newId}).`);
  });

  await test('hostile values: SQL in a name is stored as text; invalid values change nothing', async () => {
    await card(CENTRAL, FIX.first + 2);
    let before = snapshot(C);
    await submit('edit-ecrname', "'; DELETE FROM PLUES;--");
    assert.equal(await flash(), 'The till name was changed.');
    const r = row(before, FIX.first + 2); r[2] = "'; DELETE FROM PLUES;--";
    assertOnly(before, snapshot(C), { plues: { [FIX.first + 2]: r.join('|') }, events: 1 });
    before = snapshot(C);
    for (const [form, v, msg] of [
      ['edit-price', '1e3', /the price must be a number/],
      ['edit-price', "1'; DELETE FROM PLUES; --", /the price must be a number/],
      ['edit-price', '1.23456', /the price must be a number/],
      ['edit-price', '-5', /the price must be a number/],
      ['edit-name', 'Кафе 😀', /the name must be 1 to 60/],
      ['edit-name', 'x'.repeat(61), /the name must be 1 to 60/],
      ['edit-ecrname', 'Ж'.repeat(25), /the till name must be 1 to 24/],
    ]) {
      await card(CENTRAL, FIX.first + 2);
      await page.$eval(`form.${form} input[name=value]`, (el) => el.removeAttribute('maxlength'));
      await submit(form, v);
      assert.match(await flash(), /^Nothing was changed: /);
      assert.match(await flash(), msg);
    }
    assertOnly(before, snapshot(C), {});
    await shot('refused-hostile');
  });

  await test('a wrong operator password and an expired operator are refused and change nothing', async () => {
    assert.match(await setOperator(CENTRAL, 'ivan', 'not-1111'), /does not accept it: wrong operator username or password/);
    const before = snapshot(C);
    await card(CENTRAL, FIX.first);
    assert.match(await page.textContent('.edit-status'), /wrong operator username or password/);
    await submit('edit-price', '9.99');
    assert.equal(await flash(), 'Nothing was changed: wrong operator username or password.');
    assert.match(await setOperator(CENTRAL, 'elena', '4444'), /no longer active/);
    await card(CENTRAL, FIX.first);
    await submit('edit-price', '9.99');
    assert.equal(await flash(), 'Nothing was changed: the operator is no longer active in the shop\'s database (expired).');
    assertOnly(before, snapshot(C), {});
    await shot('refused-operator');
    await setOperator(CENTRAL, 'ivan', '1111');
  });

  await test('a branch database: the name is refused, the price only for an item with a local price', async () => {
    const B = BRANCH;
    await setOperator(BRANCH, 'ivan', '1111');
    const before = snapshot(B);
    await card(BRANCH, FIX.first);
    assert.match(await page.textContent('.item-fresh'), /Branch database/);
    await submit('edit-name', 'Ново име');
    assert.match(await flash(), /^Nothing was changed: this is a branch database: name, till name/);
    await submit('edit-price', '3.33');
    assert.match(await flash(), /^Nothing was changed: this is a branch database and the item has no local price/);
    assertOnly(before, snapshot(B), {});
    await card(BRANCH, FIX.local); // PLU_LOCAL_PRICE_ = 1
    await submit('edit-price', '3.33');
    assert.equal(await flash(), 'The price was changed.');
    const r = row(before, FIX.local); r[3] = '3.33';
    assertOnly(before, snapshot(B), { plues: { [FIX.local]: r.join('|') }, events: 1 });
    await shot('branch');
  });

  await test('an expired subscription refuses a change from an open card and blocks the pages', async () => {
    await card(CENTRAL, FIX.first);
    const before = snapshot(C);
    db.query('UPDATE t_subscriptions SET s_expiredate = ? WHERE s_objectid = ?', ['2020-01-31', CENTRAL]);
    try {
      await submit('edit-price', '7.77');
      assert.equal(await flash(), 'Nothing was changed: the object\'s subscription has expired or is not active.');
      assert.match(await page.textContent('.items-blocked'), /31\.01\.2020/);
      assertOnly(before, snapshot(C), {});
      await shot('expired');
    } finally {
      db.query('UPDATE t_subscriptions SET s_expiredate = ? WHERE s_objectid = ?', ['2099-12-31', CENTRAL]);
    }
  });

  await test('forged POSTs: no CSRF token, a wrong one, another device\'s object: refused, nothing changed', async () => {
    await card(CENTRAL, FIX.first);
    const token = await page.getAttribute('form.edit-price input[name=csrf]', 'value');
    const before = snapshot(C);
    const post = (form) => page.request.post(`${php.base}/dreport/items.php`, { form, maxRedirects: 0 });
    let r = await post({ action: 'price', id: CENTRAL, plu: String(FIX.first), value: '0.01' });
    assert.equal(r.status(), 403);
    r = await post({ csrf: 'f'.repeat(64), action: 'price', id: CENTRAL, plu: String(FIX.first), value: '0.01' });
    assert.equal(r.status(), 403);
    r = await post({ csrf: token, action: 'price', id: FOREIGN, plu: String(FIX.first), value: '0.01' });
    assert.equal(r.status(), 404);
    // From another site (no session cookie at all): also refused.
    const res = await fetch(`${php.base}/dreport/items.php`, { method: 'POST', redirect: 'manual',
      body: new URLSearchParams({ csrf: token, action: 'price', id: CENTRAL, plu: String(FIX.first), value: '0.01' }) });
    assert.equal(res.status, 403);
    assertOnly(before, snapshot(C), {});
    const refused = Number(db.query('SELECT COUNT(*) FROM t_statistics WHERE s_opertype = 151'));
    assert.ok(refused >= 3, `refusals are audited (${refused})`);
  });

  await test('the admin event log shows the item changes (type 150) without any password', async () => {
    await page.goto(`${php.base}/dreport/admin/index.php`);
    await page.fill('#username', 'admin');
    await page.fill('#password', 'admin123');
    await go(() => page.click('#login-form button[type=submit]'));
    await page.goto(`${php.base}/dreport/admin/index.php?page=events&type=150`);
    const text = await page.textContent('main');
    assert.match(text, new RegExp(`item ${FIX.tea} operator ivan: sell price 7\\.13 -> 1\\.85`));
    assert.ok(!text.includes('1111') && !text.includes('not-1111') && !text.includes('4444'));
    await shot('admin-events');
  });
}

let exitCode = 0;
try {
  await main();
} catch (e) {
  console.log(`FAIL setup\n${e.stack || e}`);
  exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  const phpLog = php ? php.log() : '';
  stopAll();
  await new Promise((r) => setTimeout(r, 300));
  if (crs) crs.cleanup();
  if (php) php.stop();
  if (db) db.drop();
  if (work) rmSync(work, { recursive: true, force: true });
  if (/PHP (Warning|Notice|Deprecated|Fatal|Parse)/.test(phpLog)) {
    console.log('FAIL php -S logged PHP errors:\n' + phpLog);
    exitCode = 1;
  }
  for (const secret of ['1111', 'not-1111', '4444']) {
    if (phpLog.includes(secret)) { console.log(`FAIL the PHP log contains an operator password`); exitCode = 1; }
  }
}
const failed = results.filter((r) => r.status === 'FAIL').length;
console.log(`\n${results.length - failed}/${results.length} item tests passed`);
process.exit(failed > 0 || results.length === 0 ? 1 : exitCode);

/** How bos-client runs tasks on a Firebird shop database (the shop engineer's executor). */
function shopClientArgs(oid) {
  const file = join(shopDir(oid), 'shop.fdb');
  return ['--server', `127.0.0.1:${crs.tcp}`, '--host', `SHOP-${oid}`, '--object-id', oid, '--password', PASS[oid],
    '--object-name', oid, '--customer-name', 'Е2Е ООД', '--eik', '200000009', '--db-type', 'R',
    '--shop-db', file, '--fb-home', join(shopDir(oid), 'fbhome'), '--ping-secs', '30', '--poll-ms', '100'];
}
