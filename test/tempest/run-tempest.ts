// Runs OpenStack's own tempest compute API tests (Debian python3-tempest) against a fresh stack:
// starts `nova-stack up --detach` in a temp dir, creates the alt_demo project and user through
// keystone-lite's API with the real `openstack` CLI, writes tempest.conf, accounts.yaml and
// .stestr.conf, runs the chosen include lists serially, prints tempest's summary and the counts
// per module, and exits non-zero when a test failed (or nothing ran).
//
//   tsx test/tempest/run-tempest.ts [--lists ci|all|tier1,tier2,…] [--keep] [--max-microversion X]
//
// Lists are the *.txt files beside this script (one regex per line). `ci` is what .ci/run runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countsByModule, formatCounts, parseCsv } from './tempest-results.js';
import { accountsYaml, tempestConf } from './tempest-config.js';
import { readConfig, writeConfig } from '../../stack/common/stack-config.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const STACK = path.join(ROOT, 'dist/nova-stack.js');
const DIST = '/usr/lib/python3/dist-packages';
/** The modules that pass reliably: what CI runs. */
export const LIST_SETS: Record<string, string[]> = { ci: ['ci'], all: ['tier1', 'tier2', 'tier3', 'microversions', 'tier4'] };

function args(argv: string[]) {
  const out = { lists: 'ci', keep: false, maxMicroversion: null as string | null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--lists') out.lists = argv[++i];
    else if (argv[i] === '--keep') out.keep = true;
    else if (argv[i] === '--max-microversion') out.maxMicroversion = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number, cwd?: string) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env, timeout: timeoutMs, cwd, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

function must(r: { code: number | null; out: string; err: string }, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.err}\n${r.out}`);
  return r.out;
}

async function main(): Promise<number> {
  const opt = args(process.argv.slice(2));
  const names = LIST_SETS[opt.lists] ?? opt.lists.split(',');
  const patterns = names.flatMap((n) => fs.readFileSync(path.join(HERE, `${n}.txt`), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-tempest-'));
  const stateDir = path.join(dir, 'state');
  const logDir = path.join(dir, 'log');
  const ws = path.join(dir, 'ws');
  fs.mkdirSync(path.join(ws, 'lock'), { recursive: true });
  fs.mkdirSync(path.join(ws, 'logs'), { recursive: true });
  const upArgs = ['up', '--hosts', '2', '--delays', 'zero', '--state-dir', stateDir, '--log-dir', logDir];
  must(run(process.execPath, [STACK, ...upArgs, '--fresh', '--no-start'], process.env, 60_000), 'nova-stack up --no-start');
  // A snapshot takes a real hypervisor seconds: tempest's second createImage must find the first
  // one still under way (409), as on a cloud. Every other step stays instantaneous.
  const cfg = readConfig(stateDir);
  writeConfig({ ...cfg, driver: { ...cfg.driver, snapshot: 2000 } });
  const up = must(run(process.execPath, [STACK, ...upArgs, '--detach'], process.env, 180_000), 'nova-stack up');
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' };
    for (const m of up.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
    const osc = (...a: string[]) => must(run('openstack', a, env, 120_000), `openstack ${a.join(' ')}`);
    // The second project and user, through keystone-lite's API as an operator would.
    let alt = true;
    try {
      osc('project', 'create', 'alt_demo');
      osc('user', 'create', '--project', 'alt_demo', '--password', 'alt-secret', 'alt_demo');
      osc('role', 'add', '--project', 'alt_demo', '--user', 'alt_demo', 'member');
      osc('role', 'add', '--project', 'alt_demo', '--user', 'alt_demo', 'reader');
    } catch (e) {
      alt = false;
      console.log(`no alt_demo account: ${(e as Error).message.split('\n')[0]}`);
    }
    const version = JSON.parse(must(run('curl', ['-sf', `${env.OS_AUTH_URL!.replace(/\/v3$/, '')}/compute/v2.1`], env, 10_000), 'GET /compute/v2.1')) as { version: { version: string } };
    const maxMv = opt.maxMicroversion ?? version.version.version;
    const images = JSON.parse(osc('image', 'list', '-f', 'json')) as { ID: string; Name: string }[];
    const baseUrl = env.OS_AUTH_URL!.replace(/\/v3$/, '');
    fs.writeFileSync(path.join(ws, 'tempest.conf'), tempestConf({ ws, baseUrl, imageRef: images[0].ID, imageRefAlt: (images[1] ?? images[0]).ID, maxMicroversion: maxMv }));
    fs.writeFileSync(path.join(ws, 'accounts.yaml'), accountsYaml(env.OS_PASSWORD!, alt));
    fs.writeFileSync(path.join(ws, '.stestr.conf'), `[DEFAULT]\ntest_path=${DIST}/tempest/test_discover\ntop_dir=${DIST}\ngroup_regex=([^\\.]*\\.)*\n`);
    fs.writeFileSync(path.join(ws, 'include.txt'), `${patterns.join('\n')}\n`);
    console.log(`tempest: ${names.join(', ')} (${patterns.length} patterns) against ${baseUrl}, max_microversion ${maxMv}`);
    const tenv = { ...process.env, TEMPEST_CONFIG_DIR: ws, TEMPEST_CONFIG: 'tempest.conf', OS_STDOUT_CAPTURE: '1', OS_STDERR_CAPTURE: '1' };
    for (const k of Object.keys(tenv)) if (k.startsWith('OS_') && !k.endsWith('_CAPTURE')) delete tenv[k];
    const t = run('tempest', ['run', '--config-file', path.join(ws, 'tempest.conf'), '--serial', '--include-list', path.join(ws, 'include.txt')], tenv, 40 * 60_000, ws);
    const tail = t.out.split('\n');
    const totals = tail.findIndex((l) => l.startsWith('Totals'));
    console.log((totals >= 0 ? tail.slice(Math.max(0, totals - 2)) : tail.slice(-40)).join('\n'));
    const subunit = spawnSync('stestr', ['last', '--subunit'], { cwd: ws, env: tenv, maxBuffer: 256 * 1024 * 1024 });
    const csv = spawnSync('subunit2csv', [], { input: subunit.stdout, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const counts = countsByModule(parseCsv(csv.stdout ?? ''));
    console.log(formatCounts(counts));
    const failed = Object.values(counts).reduce((s, c) => s + c.failed, 0);
    const passed = Object.values(counts).reduce((s, c) => s + c.passed, 0);
    if (failed > 0) {
      const failing = spawnSync('stestr', ['failing', '--list'], { cwd: ws, env: tenv, encoding: 'utf8' }).stdout;
      console.log(`failing:\n${failing}`);
    }
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 && passed > 0 ? 0 : 1;
  } finally {
    run(process.execPath, [STACK, 'down', '--state-dir', stateDir], process.env, 60_000);
    if (opt.keep) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e: Error) => { console.error(e.message); process.exit(2); });
