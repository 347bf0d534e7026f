// The shop side of the viewer's end-to-end test (viewer.e2e.mjs) and its report checks.
//
// REPORTS: ONE LINE PER REPORT PAGE. Each line opens `url` (object id and lang=en are added)
// on the 360 px phone through the whole chain, fails on any error shown (1007 = a Firebird SQL
// error), and compares the number in `selector` with `sql`, an INDEPENDENT query of the same
// shop database (written here, not taken from the report class), run with isql-fb.
//   r(url, what, selector, sql)      url/sql may use ${D} (the test day), ${M} (its month's first
//                                    day), ${N} (the day after D), ${W} (D − 6)
// Add yours at the end of the list.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

/** The generated shop's data end (business day D = 05.01.2026: its 7 days span the euro change). */
export const UNTIL = '2026-01-06 01:30:00';
export const DAY = '2026-01-05';

const EUR = "(select CURR_ID from N_CURRENCY where CURR_ABR = 'EUR')";
const ITEM = '(round(s.SPLU_SELLPRICE * s.SPLU_SOLDQUANT * s.SPLU_CURRCOURCE, 2)'
  + ' + round(s.SPLU_SOLDQUANT * s.SPLU_SELLPRICE * s.SPLU_CURRCOURCE * coalesce(s.SPLU_SELLDISCOUNT, 0) / 100, 2))';
const r = (url, what, selector, sql) => ({ url, what, selector, sql });

export const REPORTS = [
  r('dayturnover.php?date=${D}', 'the day = the sum of its valid EUR receipts', '.stat-box.day-total .stat-value',
    `select coalesce(sum(SELL_SUM), 0) from SALES_BON where SELL_REVOKED_ = 0 and SELL_CURRTYPE = ${EUR}
     and SELL_DATETIME between '\${D} 00:00:00' and '\${D} 23:59:59.9999'`),
  r('monthturnover.php?date=${D}', 'the month to date = the sum of its valid EUR receipts', '.stat-box.month-total .stat-value',
    `select coalesce(sum(SELL_SUM), 0) from SALES_BON where SELL_REVOKED_ = 0 and SELL_CURRTYPE = ${EUR}
     and extract(year from SELL_DATETIME) * 100 + extract(month from SELL_DATETIME) = \${YM}
     and cast(SELL_DATETIME as date) <= '\${D}'`),
  r('groupturnover.php?date=${D}', 'the groups add up to the day\'s item lines', 'table.groups tfoot th:last-child',
    `select coalesce(sum(${ITEM}), 0) from SALES_PLUES s where s.SPLU_REVOKED_ = 0
     and cast(s.SPLU_DATETIME as date) = '\${D}'`),
  r('monthgroupturnover.php?date=${D}', 'the month\'s groups add up to its item lines', 'table.groups tfoot th:last-child',
    `select coalesce(sum(${ITEM}), 0) from SALES_PLUES s where s.SPLU_REVOKED_ = 0
     and cast(s.SPLU_DATETIME as date) between '\${M}' and '\${D}'`),
  r('pluturnover.php?date=${D}', 'the best-selling receipt name of the day', 'table.items tbody tr:first-child td:last-child',
    `select first 1 sum(${ITEM}) from SALES_PLUES s where s.SPLU_REVOKED_ = 0
     and cast(s.SPLU_DATETIME as date) = '\${D}' group by s.SPLU_NAME order by 1 desc`),
  r('monthpluturnover.php?date=${D}', 'the best-selling receipt name of the month', 'table.items tbody tr:first-child td:last-child',
    `select first 1 sum(${ITEM}) from SALES_PLUES s where s.SPLU_REVOKED_ = 0
     and cast(s.SPLU_DATETIME as date) between '\${M}' and '\${D}' group by s.SPLU_NAME order by 1 desc`),
  r('openbills.php?', 'the number of open bills', '.stat-box.bill-count .stat-value',
    `select count(*) from POSBILLS_HEADER where BH_ENDDATETIME is null and BH_SELLID = 0 and BH_REVOKED_ = 0
     and BH_BILLNUMB > 0 and BH_PLUCOUNT > 0`),
  r('closedbills.php?date=${D}', 'the number of bills closed that day', '.stat-box.bill-count .stat-value',
    `select count(*) from POSBILLS_HEADER where BH_SELLID <> 0 and BH_REVOKED_ = 0 and BH_BILLNUMB > 0
     and BH_PLUCOUNT > 0 and cast(BH_ENDDATETIME as date) = '\${D}'`),
  r('voidplues.php?date=${D}', 'voided lines on valid receipts of the 7 days', '.stat-box.void-closed-count .stat-value',
    `select count(*) from SALES_PLUES s join SALES_BON b on b.SELL_ID = s.SPLU_SELL_ID
     where s.SPLU_REVOKED_ = 1 and b.SELL_REVOKED_ = 0 and cast(s.SPLU_DATETIME as date) between '\${W}' and '\${D}'`),
  // Issue 12 point 2 (operators, print groups, expenses, BOS, tickets): the EUR total of the
  // page = an independent sum over the same rows (offset 0: whole calendar days).
  r('DailySalesByOperators.php?date=${D}', 'the operators add up to the day\'s valid EUR receipts',
    '.stat-box.total-EUR .stat-value',
    `select coalesce(sum(SELL_SUM), 0) from SALES_BON where SELL_REVOKED_ = 0 and SELL_CURRTYPE = ${EUR}
     and SELL_DATETIME >= '\${D}' and SELL_DATETIME < '\${N}'`),
  // A8/A10 cover the whole calendar month of the date (up to today), as the original did.
  r('MonthlySalesByOperators.php?date=${D}', 'the operators add up to the month\'s valid EUR receipts',
    '.stat-box.total-EUR .stat-value',
    `select coalesce(sum(SELL_SUM), 0) from SALES_BON where SELL_REVOKED_ = 0 and SELL_CURRTYPE = ${EUR}
     and extract(year from SELL_DATETIME) * 100 + extract(month from SELL_DATETIME) = \${YM}`),
  r('DailySalesByPrintGroup.php?date=${D}', 'the print groups add up to the day\'s EUR item lines',
    '.stat-box.total-EUR .stat-value',
    `select coalesce(sum(s.SPLU_SOLDQUANT * (s.SPLU_SELLPRICE + s.SPLU_SELLPRICE * s.SPLU_SELLDISCOUNT / 100)), 0)
     from SALES_PLUES s where s.SPLU_REVOKED_ = 0 and s.SPLU_SELLCURRENCY = ${EUR}
     and s.SPLU_DATETIME >= '\${D}' and s.SPLU_DATETIME < '\${N}'`),
  r('MonthlySalesByPrintGroup.php?date=${D}', 'the print groups add up to the month\'s EUR item lines',
    '.stat-box.total-EUR .stat-value',
    `select coalesce(sum(s.SPLU_SOLDQUANT * (s.SPLU_SELLPRICE + s.SPLU_SELLPRICE * s.SPLU_SELLDISCOUNT / 100)), 0)
     from SALES_PLUES s where s.SPLU_REVOKED_ = 0 and s.SPLU_SELLCURRENCY = ${EUR}
     and extract(year from s.SPLU_DATETIME) * 100 + extract(month from s.SPLU_DATETIME) = \${YM}`),
  r('monthlyexpenses.php?date=${D}', 'consumables (group 84) delivered in the month to date', '.stat-box.total-EUR .stat-value',
    `select coalesce(sum(sp.SUPP_SUPQUANT * sp.SUPP_BUYPRICE), 0) from SUPPLIES_PLU sp
     join SUPPLIES d on d.SUP_ID = sp.SUPP_DOCID join PLUES p on p.PLU_NUMB = sp.SUPP_PLUNUMB
     where d.SUP_TYPE = 1 and d.SUP_REVOKED_ = 0 and sp.SUPP_REVOKED_ = 0 and p.PLU_GROUP_ID = 84
     and d.SUP_CURRENCY = ${EUR} and sp.SUPP_DATETIME >= '\${M}' and sp.SUPP_DATETIME < '\${N}'`),
  r('monthlyStockExpenses.php?date=${D}', 'goods (not group 84) delivered in the month to date', '.stat-box.total-EUR .stat-value',
    `select coalesce(sum(sp.SUPP_SUPQUANT * sp.SUPP_BUYPRICE), 0) from SUPPLIES_PLU sp
     join SUPPLIES d on d.SUP_ID = sp.SUPP_DOCID join PLUES p on p.PLU_NUMB = sp.SUPP_PLUNUMB
     where d.SUP_TYPE = 1 and d.SUP_REVOKED_ = 0 and sp.SUPP_REVOKED_ = 0 and p.PLU_GROUP_ID <> 84
     and d.SUP_CURRENCY = ${EUR} and sp.SUPP_DATETIME >= '\${M}' and sp.SUPP_DATETIME < '\${N}'`),
  r('BOSSalesTurnover.php?date=${D}', 'the day\'s valid EUR BOS sales documents', '.stat-box.total-EUR .stat-value',
    `select coalesce(sum(SUP_SUM), 0) from SUPPLIES where SUP_TYPE = 2 and SUP_REVOKED_ = 0
     and SUP_CURRENCY = ${EUR} and SUP_DATETIME >= '\${D}' and SUP_DATETIME < '\${N}'`),
  r('BOSSalesMonthlyTurnover.php?date=${D}', 'the month\'s valid EUR BOS sales documents', '.stat-box.total-EUR .stat-value',
    `select coalesce(sum(SUP_SUM), 0) from SUPPLIES where SUP_TYPE = 2 and SUP_REVOKED_ = 0
     and SUP_CURRENCY = ${EUR} and SUP_DATETIME >= '\${M}' and SUP_DATETIME < '\${N}'`),
  r('BOSSalesCounterpartyTurnover.php?date=${D}', 'the counterparties add up to the day\'s BOS sales',
    '.stat-box.total-EUR .stat-value',
    `select coalesce(sum(SUP_SUM), 0) from SUPPLIES where SUP_TYPE = 2 and SUP_REVOKED_ = 0
     and SUP_CURRENCY = ${EUR} and SUP_DATETIME >= '\${D}' and SUP_DATETIME < '\${N}'`),
  r('BOSSalesCounterpartyMonthlyTurnover.php?date=${D}', 'the counterparties add up to the month\'s BOS sales',
    '.stat-box.total-EUR .stat-value',
    `select coalesce(sum(SUP_SUM), 0) from SUPPLIES where SUP_TYPE = 2 and SUP_REVOKED_ = 0
     and SUP_CURRENCY = ${EUR} and SUP_DATETIME >= '\${M}' and SUP_DATETIME < '\${N}'`),
  r('ActiveTickets.php?', 'the cards valid now', '.stat-box.total .stat-value', `select count(*) from PAC_ACCESSLIST
     where PAC_DISABLED = 0 and (PAC_VALIDFROMD is null or PAC_VALIDFROMD <= current_date)
     and (PAC_VALIDTOD is null or PAC_VALIDTOD = '1899-12-30' or PAC_VALIDTOD >= current_date)
     and (PAC_VALIDFROMT is null or PAC_VALIDFROMT <= current_time) and (PAC_VALIDTOT is null or PAC_VALIDTOT >= current_time)`),
  r('TicketsControl.php?page=1', 'the cards valid now (paged)', '.stat-box.total .stat-value', `select count(*) from PAC_ACCESSLIST
     where PAC_DISABLED = 0 and (PAC_VALIDFROMD is null or PAC_VALIDFROMD <= current_date)
     and (PAC_VALIDTOD is null or PAC_VALIDTOD = '1899-12-30' or PAC_VALIDTOD >= current_date)
     and (PAC_VALIDFROMT is null or PAC_VALIDFROMT <= current_time) and (PAC_VALIDTOT is null or PAC_VALIDTOT >= current_time)`),
  // A17-A19 for item 2011 (a fixed item of the generator's catalogue); the name comes from the shop.
  r('plueStorageAvailability.php?plu=2011', 'the item\'s stock = Σ STORAGEQUANT', '.stat-box.total .stat-value',
    `select coalesce(sum(SQ_QUANTITY), 0) from STORAGEQUANT where SQ_PLUNUMB = 2011`),
  r('plueDailySales.php?plu=2011&date=${D}', 'the item\'s day = its valid sale lines', '.stat-box.total .stat-value',
    `select coalesce(sum(${ITEM}), 0) from SALES_PLUES s where s.SPLU_REVOKED_ = 0 and s.SPLU_PLUNUMB = 2011
     and s.SPLU_DATETIME >= '\${D}' and s.SPLU_DATETIME < '\${N}'`),
  r('plueMonthlySales.php?plu=2011&date=${D}', 'the item\'s month = its valid sale lines', '.stat-box.total .stat-value',
    `select coalesce(sum(${ITEM}), 0) from SALES_PLUES s where s.SPLU_REVOKED_ = 0 and s.SPLU_PLUNUMB = 2011
     and extract(year from s.SPLU_DATETIME) * 100 + extract(month from s.SPLU_DATETIME) = \${YM}`),
];

const ymd = (d) => d.toISOString().slice(0, 10);

/** Fill ${D}, ${M}, ${N}, ${W}, ${YM} for the test day (YYYY-MM-DD). */
export function fill(text, day) {
  const d = new Date(`${day}T00:00:00Z`);
  const next = new Date(d); next.setUTCDate(d.getUTCDate() + 1);
  const week = new Date(d); week.setUTCDate(d.getUTCDate() - 6);
  const vars = { D: day, M: `${day.slice(0, 8)}01`, N: ymd(next), W: ymd(week), YM: day.slice(0, 4) + day.slice(5, 7) };
  return text.replace(/\$\{(D|M|N|W|YM)\}/g, (_, k) => vars[k]);
}

/** One value from isql-fb (embedded engine on the shop database file). */
export function isqlValue(dbPath, sql, env = {}) {
  const out = execFileSync('isql-fb', ['-q', '-ch', 'UTF8', '-user', 'SYSDBA', dbPath], {
    input: `set list on;\n${sql.replace(/\s+/g, ' ').trim()};\n`, encoding: 'utf8', env: { ...process.env, ...env },
  });
  if (/Statement failed|SQLSTATE|error/i.test(out)) throw new Error(`isql-fb: ${out}`);
  const m = out.match(/^\S+\s+(.+)$/m);
  // No value line means the reference query is broken: fail, never read it as 0. A SUM over
  // no rows is NULL, which is 0.
  if (!m) throw new Error(`isql-fb gave no value for: ${sql}\n${out}`);
  const v = m[1].trim();
  return v === '<null>' ? '0' : v;
}

/**
 * Start the shop for the e2e test: a bos-client connected to the report server, answering
 * tasks on a generated Firebird shop database (scripts/shop-db.sh, seed 1, central, data up to
 * UNTIL) when this checkout's bos-client can execute SQL; otherwise in demo mode with
 * `query` = null (the REPORTS checks then report SKIP, saying why).
 */
export async function startShop({ client, tcp, objectId, password, startBosClient }) {
  const common = ['--server', `127.0.0.1:${tcp}`, '--host', 'DEMO-MARKET', '--object-id', objectId,
    '--password', password, '--object-name', 'Демо Маркет - център', '--customer-name', 'Демо Маркет ООД',
    '--eik', '200000001', '--db-type', 'R', '--ping-secs', '30', '--poll-ms', '100'];
  const help = execFileSync(client, ['--help'], { encoding: 'utf8' });
  const script = join(ROOT, 'scripts', 'shop-db.sh');
  if (!/--shop-db/.test(help) || !existsSync(script)) {
    const bc = await startBosClient(client, [...common, '--mode', 'demo']);
    return { ...bc, query: null, day: null, why: 'this bos-client cannot run SQL on a Firebird shop yet', cleanup: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'viewer-shop-'));
  try {
    const db = execFileSync('bash', [script, 'create', dir, '1', 'central', UNTIL], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BOS_CLIENT: client },
    }).trim().split('\n').pop();
    const env = {};
    for (const m of execFileSync('bash', [script, 'env', dir], { encoding: 'utf8' }).matchAll(/(\w+)=(\S+)/g)) {
      env[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
    }
    const bc = await startBosClient(client, [...common, '--mode', 'shop', '--shop-db', db, '--fb-home', env.SHOP_FB_HOME]);
    return {
      ...bc, day: DAY, db,
      query: (sql) => isqlValue(db, sql, env),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
