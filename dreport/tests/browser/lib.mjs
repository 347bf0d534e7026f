// Helpers for the dreport browser tests: private databases on the test MariaDB, `php -S`,
// the report server and bos-client processes, free ports. Everything started here is
// registered and stopped at exit.
import { execFileSync, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHOTS = join(ROOT, 'test-output', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const children = new Set();
export function track(proc) {
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  return proc;
}
/** Signal a process we started; processes spawned with `detached` lead their own group
 *  (php -S with workers forks), so the whole group gets the signal. */
export function stopProc(p) {
  try {
    if (p.spawnargs && p.detachedGroup) process.kill(-p.pid, 'SIGTERM');
    else p.kill('SIGTERM');
  } catch { /* already gone */ }
}
export function stopAll() {
  for (const p of children) stopProc(p);
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { stopAll(); process.exit(130); });
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export function canConnect(port) {
  return new Promise((res) => {
    const sock = connect({ host: '127.0.0.1', port }, () => { sock.destroy(); res(true); });
    sock.on('error', () => res(false));
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `action` (a click or a submit that leaves the page) and resolves once the next document
 * has loaded. `waitForLoadState('load')` alone resolves at once on the page being left, so a
 * check made right after could run on the old or on a half-replaced document (CI saw
 * `document.documentElement` null in one such check).
 */
export async function navigate(page, action) {
  // Promise.all handles both: an action that throws does not leave the wait unobserved.
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
}

export async function waitHttp(url, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const r = await fetch(url, { redirect: 'manual' });
      return r;
    } catch (e) {
      last = e;
      await sleep(100);
    }
  }
  throw new Error(`no answer from ${url}: ${last}`);
}

export function dbEnv() {
  const env = {
    DB_HOST: process.env.DB_HOST, DB_PORT: process.env.DB_PORT,
    DB_USER: process.env.DB_USER || 'crs', DB_PASSWORD: process.env.DB_PASSWORD || 'crs',
  };
  if (!env.DB_HOST || !env.DB_PORT) {
    throw new Error('DB_HOST/DB_PORT not set: run dreport/tests/run-tests.sh');
  }
  return env;
}

/** A throw-away database loaded with schema.sql and the demo seed. */
export class TestDb {
  constructor() {
    this.name = 'drb_' + Math.random().toString(16).slice(2, 10);
    this.env = dbEnv();
  }

  cli(args, input) {
    const e = this.env;
    return execFileSync('mariadb', ['--no-defaults', '--protocol=TCP', '-h', e.DB_HOST, '-P', e.DB_PORT, '-u', e.DB_USER,
      '--default-character-set=utf8mb4', '--batch', '--skip-column-names', ...args], {
      env: { ...process.env, MYSQL_PWD: e.DB_PASSWORD }, input, encoding: 'utf8',
    });
  }

  create() {
    this.cli(['-e', `CREATE DATABASE \`${this.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`]);
    this.cli([this.name], readFileSync(join(ROOT, 'schema.sql'), 'utf8'));
    this.cli([this.name], readFileSync(join(ROOT, 'etc/demo-seed.sql'), 'utf8'));
    return this;
  }

  /** Runs SQL given with `?` placeholders filled from args as quoted literals (test data only). */
  query(sql, args = []) {
    let i = 0;
    const text = sql.replace(/\?/g, () => {
      const v = args[i++];
      if (typeof v === 'number') return String(v);
      return "'" + String(v).replace(/\\/g, '\\\\').replace(/'/g, "''") + "'";
    });
    return this.cli([this.name, '-e', text]).trim();
  }

  drop() {
    try { this.cli(['-e', `DROP DATABASE IF EXISTS \`${this.name}\``]); } catch { /* best effort */ }
  }
}

export function bcrypt(password) {
  return execFileSync('php', ['-r', 'echo password_hash($argv[1], PASSWORD_BCRYPT);', password], { encoding: 'utf8' });
}

/** The real PHP built-in server with the repository as document root (URLs like production). */
export async function startPhp(db, extraEnv = {}) {
  const port = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), 'dreport-php-'));
  const proc = track(spawn('php', ['-d', 'display_errors=0', '-d', 'log_errors=1', '-d', `error_log=${logDir}/php.log`,
    '-S', `127.0.0.1:${port}`, '-t', ROOT, join(ROOT, 'dreport/tests/router.php')], {
    cwd: ROOT,
    env: { ...process.env, ...db.env, DB_NAME: db.name, PHP_CLI_SERVER_WORKERS: '3', ...extraEnv },
    stdio: ['ignore', 'ignore', 'ignore'],
    detached: true,
  }));
  proc.detachedGroup = true;
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(base + '/dreport/api.php/');
  return {
    base, port, proc, logDir,
    log: () => (existsSync(`${logDir}/php.log`) ? readFileSync(`${logDir}/php.log`, 'utf8') : ''),
    stop: () => { stopProc(proc); rmSync(logDir, { recursive: true, force: true }); },
  };
}

/** Starts cloud-report-server with a temporary ini; resolves once its HTTP API answers. */
export async function startReportServer({ bin, restUrl, db, user, password }) {
  const dir = mkdtempSync(join(tmpdir(), 'dreport-crs-'));
  const tcp = await freePort();
  const http = await freePort();
  mkdirSync(join(dir, 'Logs'));
  mkdirSync(join(dir, 'Updates'));
  const ini = `[COMMONSETTINGS]
CommInterfaceCount=1
LogFolder=Logs
LogLevel=info
MaxSessions=100
[REGISTRATION INFO]
SERIAL NUMBER=141298787
KEY=BszXj0gTaKILS6Ap56==
[DATABASE]
Host=${db.env.DB_HOST}
Port=${db.env.DB_PORT}
User=${db.env.DB_USER}
Password=${db.env.DB_PASSWORD}
Name=${db.name}
PoolSize=2
SpoolFolder=Spool
[HOUSEKEEPING]
HealthCheckSec=30
[SRV_1_COMMON]
TraceLogEnabled=0
UpdateFolder=Updates
NoIdTimeoutSec=60
IdleTimeoutSec=120
RelayTimeoutSec=10
[SRV_1_HTTP]
HTTP_IPInterface=127.0.0.1
HTTP_Port=${http}
HTTP_Workers=4
[SRV_1_TCP]
TCP_IPInterface=127.0.0.1
TCP_Port=${tcp}
[SRV_1_AUTHSERVER]
REST_URL=${restUrl}
[SRV_1_HTTPLOGINS]
${user}=${password}
`;
  writeFileSync(join(dir, 'crs.ini'), ini);
  let stderr = '';
  const env = { ...process.env };
  for (const k of ['DB_HOST', 'DB_PORT', 'DB_USER', 'DB_PASSWORD', 'DB_NAME', 'AUTH_SERVER_URL']) delete env[k];
  const proc = track(spawn(bin, ['--config', join(dir, 'crs.ini'), 'serve'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] }));
  proc.stderr.on('data', (d) => { stderr = (stderr + d.toString()).slice(-20000); });
  let exited = null;
  proc.on('exit', (code) => { exited = code; });
  // Ready when the client port accepts connections (the HTTP API is checked by the test).
  const end = Date.now() + 15000;
  let up = false;
  while (!up && Date.now() < end) {
    if (exited !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`cloud-report-server exited with ${exited}:\n${stderr}`);
    }
    up = await canConnect(tcp);
    if (!up) await sleep(100);
  }
  if (!up) {
    try { proc.kill('SIGTERM'); } catch { /* gone */ }
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cloud-report-server did not listen on 127.0.0.1:${tcp} within 15 s:\n${stderr.slice(-4000)}`);
  }
  return {
    tcp, http, proc, dir,
    stderr: () => stderr,
    stop: () => { try { proc.kill('SIGTERM'); } catch { /* gone */ } },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Starts a bos-client and resolves with its CONNECTED line. */
export function startBosClient(bin, args, timeoutMs = 15000) {
  return new Promise((res, rej) => {
    const proc = track(spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let err = '';
    const timer = setTimeout(() => rej(new Error(`bos-client did not connect:\n${out}\n${err}`)), timeoutMs);
    proc.stdout.on('data', (d) => {
      out += d.toString();
      const m = out.match(/CONNECTED id=(\S+) ex=(\S+) en=(\S+)/);
      if (m) { clearTimeout(timer); res({ proc, line: m[0], id: m[1] }); }
    });
    proc.stderr.on('data', (d) => { err = (err + d.toString()).slice(-10000); });
    proc.on('exit', (code) => { clearTimeout(timer); rej(new Error(`bos-client exited ${code}:\n${out}\n${err}`)); });
  });
}
