// npm run test:any-time: the test suite at the instants that used to break it (a Sunday night inside quiet
// hours, a Monday before dawn, a working morning, a public holiday, the night European clocks change), each run
// under libfaketime so every process — vitest, its workers, the emulators, the local stack — starts its clock
// there and lets it run. Tests pin their own instants (test/support/pinned-time.ts); this proves none of them
// reads the machine's clock. One line per instant; exit code 1 if any run failed.
//
//   npm run test:any-time                                  # npm test and npm run test:e2e at all five instants
//   npm run test:any-time -- --only e2e                    # just the browser tests
//   npm run test:any-time -- --only integration new-years-day 5   # test/integration at two instants
//   npm run test:any-time -- --list
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Instant {
  name: string;
  /** Wall time in `zone`, as faketime reads it. */
  at: string;
  zone: string;
  why: string;
}

export const INSTANTS: readonly Instant[] = [
  { name: 'sunday-night', at: '2026-12-06 22:50:00', zone: 'Asia/Shanghai', why: 'Sunday, quiet hours' },
  { name: 'monday-dawn', at: '2026-12-14 06:30:00', zone: 'Asia/Shanghai', why: 'Monday before quiet hours end' },
  { name: 'tuesday-morning', at: '2026-12-15 10:00:00', zone: 'Asia/Shanghai', why: 'an ordinary working morning' },
  { name: 'new-years-day', at: '2027-01-01 07:30:00', zone: 'Asia/Shanghai', why: 'a holiday on the demo Settings' },
  { name: 'berlin-dst', at: '2027-03-28 01:30:00', zone: 'Europe/Berlin', why: 'the night European clocks change' },
];

type SuiteName = 'test' | 'integration' | 'e2e';
interface Suite {
  label: string;
  command: string[];
}
/** Each command gets vitest's JSON report added, which the summary line is read from. */
const SUITES: Record<SuiteName, Suite> = {
  test: { label: 'unit+integration', command: ['npm', 'test', '--'] },
  integration: { label: 'integration', command: ['npx', 'vitest', 'run', 'test/integration'] },
  e2e: { label: 'e2e', command: ['npm', 'run', 'test:e2e', '--'] },
};

const FAKETIME = process.env.FAKETIME_BIN ?? 'faketime';
const INSTALL_HINT = 'Install it with: sudo apt-get install -y faketime   (Debian/Ubuntu; brings libfaketime)';

interface Options {
  suites: SuiteName[];
  instants: Instant[];
  timeoutMinutes: number;
}

function usage(): string {
  return [
    'Usage: npm run test:any-time -- [--only test|integration|e2e[,…]] [--timeout-minutes N] [instant …]',
    '  --only      what to run at each instant (default: test,e2e — npm test and npm run test:e2e)',
    '              test = npm test (unit, conformance, integration); integration = npx vitest run test/integration',
    '  instant     a name or number from --list (default: all five)',
    '  --list      print the instants',
  ].join('\n');
}

function listInstants(): string {
  return INSTANTS.map(
    (i, n) => `  ${n + 1}  ${i.name.padEnd(16)} ${i.at.slice(0, 16)} ${i.zone.padEnd(14)} ${i.why}`,
  ).join('\n');
}

function parseArgs(argv: string[]): Options {
  const suites: SuiteName[] = [];
  const instants: Instant[] = [];
  let timeoutMinutes = 20;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--help' || arg === '-h') {
      console.log(`${usage()}\n\nInstants:\n${listInstants()}`);
      process.exit(0);
    } else if (arg === '--list') {
      console.log(listInstants());
      process.exit(0);
    } else if (arg === '--only' || arg.startsWith('--only=')) {
      for (const name of value().split(',')) {
        if (!(name in SUITES)) throw new Error(`--only takes test, integration or e2e, not "${name}"`);
        suites.push(name as SuiteName);
      }
    } else if (arg === '--timeout-minutes' || arg.startsWith('--timeout-minutes=')) {
      timeoutMinutes = Number(value());
      if (!(timeoutMinutes > 0)) throw new Error('--timeout-minutes takes a positive number');
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      for (const key of arg.split(',')) {
        const instant = /^\d+$/.test(key) ? INSTANTS[Number(key) - 1] : INSTANTS.find((i) => i.name === key);
        if (!instant) throw new Error(`no instant "${key}"; --list shows them`);
        instants.push(instant);
      }
    }
  }
  return {
    suites: suites.length ? [...new Set(suites)] : ['test', 'e2e'],
    instants: instants.length ? [...new Set(instants)] : [...INSTANTS],
    timeoutMinutes,
  };
}

/** The environment without anything a faketime of our own caller left behind. */
function cleanEnv(zone: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: zone };
  for (const key of Object.keys(env)) if (key.startsWith('FAKETIME')) delete env[key];
  if (env.LD_PRELOAD?.includes('faketime')) delete env.LD_PRELOAD;
  return env;
}

/** faketime is there and does fake: `date` under it reads the instant. */
function checkFaketime(instant: Instant): string | undefined {
  const env = cleanEnv(instant.zone);
  const probe = spawnSync(FAKETIME, [instant.at, 'date', '+%Y-%m-%d %H:%M'], { env, encoding: 'utf8' });
  if (probe.error) return `faketime is not available (${probe.error.message}). ${INSTALL_HINT}`;
  const seen = probe.stdout.trim();
  if (seen !== instant.at.slice(0, 16)) return `faketime '${instant.at}' date printed "${seen}" ${probe.stderr.trim()}`;
  return undefined;
}

interface VitestReport {
  success: boolean;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string }[];
  }[];
}

interface SuiteResult {
  ok: boolean;
  summary: string;
  failures: string[];
  log: string;
}

/** The run under way, stopped with the script on Ctrl+C (it has a process group of its own). */
let current: ChildProcess | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (current) stopGroup(current);
    process.exit(130);
  });
}

function stopGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function runSuite(
  instant: Instant,
  suite: SuiteName,
  logDir: string,
  timeoutMinutes: number,
): Promise<SuiteResult> {
  const base = join(logDir, `${instant.name}-${suite}`);
  const log = `${base}.log`;
  const report = `${base}.json`;
  const reporters = ['--reporter=default', '--reporter=json', `--outputFile=${report}`];
  const args = [instant.at, ...SUITES[suite].command, ...reporters];
  const out = createWriteStream(log);
  out.write(`$ TZ=${instant.zone} ${FAKETIME} '${instant.at}' ${args.slice(1).join(' ')}\n`);
  // Its own process group, so a run that hangs is stopped with every process it started.
  const env = cleanEnv(instant.zone);
  const child = spawn(FAKETIME, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  current = child;
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stopGroup(child);
  }, timeoutMinutes * 60_000);
  const exitCode = await new Promise<number>((resolve) => {
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  clearTimeout(timer);
  current = undefined;
  await new Promise<void>((resolve) => out.end(resolve));

  let parsed: VitestReport | undefined;
  try {
    parsed = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as VitestReport) : undefined;
  } catch {
    parsed = undefined;
  }
  const failures: string[] = [];
  for (const file of parsed?.testResults ?? []) {
    const failed = file.assertionResults.filter((a) => a.status === 'failed');
    for (const test of failed) failures.push(`${file.name.replace(`${process.cwd()}/`, '')} > ${test.fullName}`);
    if (file.status === 'failed' && failed.length === 0) {
      const reason = (file.message ?? '').split('\n')[0]!.slice(0, 160);
      failures.push(`${file.name.replace(`${process.cwd()}/`, '')}: ${reason || 'failed'}`);
    }
  }
  const ok = exitCode === 0 && !timedOut;
  let summary: string;
  if (parsed) {
    const skipped = parsed.numPendingTests + parsed.numTodoTests;
    summary = `${parsed.numPassedTests} passed, ${parsed.numFailedTests} failed`;
    if (skipped) summary += `, ${skipped} skipped`;
  } else {
    summary = 'no report';
  }
  if (timedOut) summary += `, stopped after ${timeoutMinutes} min`;
  else if (!ok && (!parsed || parsed.numFailedTests === 0)) summary += `, exit ${exitCode}`;
  return { ok, summary: `${ok ? 'pass' : 'FAIL'} (${summary})`, failures, log };
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

function weekday(instant: Instant): string {
  const [y, m, d] = instant.at.slice(0, 10).split('-').map(Number);
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay()]!;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage()}`);
    return 2;
  }
  const broken = checkFaketime(options.instants[0]!);
  if (broken) {
    console.error(broken);
    return 2;
  }
  const logDir = mkdtempSync(join(tmpdir(), 'test-any-time-'));
  const labels = options.suites.map((s) => SUITES[s].label).join(' + ');
  console.log(`Running ${labels} under faketime at ${options.instants.length} instant(s); logs in ${logDir}/`);

  let allOk = true;
  for (const instant of options.instants) {
    const started = Date.now();
    const problem = checkFaketime(instant);
    const results: [SuiteName, SuiteResult][] = [];
    if (!problem) {
      for (const suite of options.suites) {
        results.push([suite, await runSuite(instant, suite, logDir, options.timeoutMinutes)]);
      }
    }
    const ok = !problem && results.every(([, r]) => r.ok);
    allOk &&= ok;
    const when = `${weekday(instant)} ${instant.at.slice(0, 16)} ${instant.zone}`.padEnd(35);
    const columns = problem ? [`FAIL (${problem})`] : results.map(([s, r]) => `${SUITES[s].label}: ${r.summary}`);
    console.log([when, ...columns, formatDuration(Date.now() - started)].join('  |  '));
    for (const [, result] of results.filter(([, r]) => !r.ok)) {
      for (const failure of result.failures.slice(0, 10)) console.log(`    ✗ ${failure}`);
      if (result.failures.length > 10) console.log(`    … and ${result.failures.length - 10} more`);
      console.log(`    log: ${result.log}`);
    }
  }
  console.log(allOk ? 'All runs passed.' : 'Some runs failed (see the logs above).');
  return allOk ? 0 : 1;
}

process.exitCode = await main();
