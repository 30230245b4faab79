// Issue 3's acceptance through the real entry point (bin/wsgi-logdoctor, built by `npm test`):
// `--root <bundle>` alone finds the logs, the logrotate stanza, the schedule and the zone; the
// JSON `rotations[]` keeps to cli-contract.md; `--logrotate`/`--cron`/`--timer`/`--schedule`
// given by hand on fixture files; and their bad input (exit 2, one line naming file:line,
// nothing written to -o). Expected values are read from the fixture files themselves wherever
// they can be, so the assertions check that the tool read the right file and line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'wsgi-logdoctor');
// TZ=UTC: the bundles are all in Europe/Berlin, so a zone that was not discovered shows up as UTC
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
  });
const bundle = (name: string) => path.join('fixtures', 'bundles', name);

interface Rotation {
  start: string;
  end: string;
  source: string;
  spec: string;
  origin: string;
  action: string;
  likelihood: string;
  [k: string]: unknown;
}
interface Json {
  timezone: string;
  inputs: { path: string; lines: number; first: string | null; last: string | null }[];
  rotations: Rotation[];
  schedule: {
    sources: { source: string; spec: string; origin: string; assumption: boolean }[];
    logrotate: { origin: string; action: string; matchedBy: string; frequency: string } | null;
    assumptions: string[];
  };
  restarts: { time: string; kind: string }[];
  missingEvidence: { code: string; args: Record<string, unknown>; text: string }[];
}

function json(args: string[]): { j: Json; stderr: string; status: number | null } {
  const r = run([...args, '--format', 'json']);
  expect(r.stderr).not.toMatch(/internal error/);
  expect([0, 1]).toContain(r.status);
  return { j: JSON.parse(r.stdout) as Json, stderr: r.stderr, status: r.status };
}

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/;
const REQUIRED = ['start', 'end', 'source', 'spec', 'origin', 'action', 'likelihood'];
/** additions the contract allows; anything else is a field nobody agreed on */
const ALLOWED_EXTRA = ['reason'];

/** Every rotations[] entry as cli-contract.md says: the fields, the enums, times with the zone's own offset. */
function checkRotationsContract(j: Json): void {
  const origins = new Set(j.schedule.sources.map((s) => s.origin));
  let prev = -Infinity;
  for (const r of j.rotations) {
    for (const k of REQUIRED) expect(r, k).toHaveProperty(k);
    for (const k of Object.keys(r)) expect([...REQUIRED, ...ALLOWED_EXTRA], `unexpected field ${k}`).toContain(k);
    for (const k of ['start', 'end'] as const) {
      expect(r[k]).toMatch(ISO_WITH_OFFSET);
      const t = DateTime.fromISO(r[k], { setZone: true });
      expect(t.isValid).toBe(true);
      // the offset written is the analysis zone's offset at that instant (DST-correct)
      expect(t.offset).toBe(DateTime.fromMillis(t.toMillis(), { zone: j.timezone }).offset);
    }
    const s = Date.parse(r.start);
    expect(Date.parse(r.end)).toBeGreaterThanOrEqual(s);
    expect(s).toBeGreaterThanOrEqual(prev); // in time order
    prev = s;
    expect(['cron', 'anacron', 'systemd', 'schedule', 'default', 'state-file']).toContain(r.source);
    expect(['graceful', 'restart', 'none', 'unknown']).toContain(r.action);
    expect(['certain', 'likely', 'possible']).toContain(r.likelihood);
    expect(typeof r.spec).toBe('string');
    // a window comes from a schedule source the report lists, or from the state file that proved it
    if (r.source !== 'state-file') expect([...origins]).toContain(r.origin);
    else expect(r.origin).toMatch(/status:\d+$/);
    if (j.schedule.logrotate) expect(r.action).toBe(j.schedule.logrotate.action);
  }
}

/** `file:line` → that line of the file under the bundle (origins are host paths). */
function originLine(bundleDir: string, origin: string): string {
  const m = /^(.*):(\d+)$/.exec(origin);
  expect(m, origin).not.toBeNull();
  const file = m![1]!.startsWith(path.resolve(root)) ? m![1]! : path.join(root, bundleDir, m![1]!);
  return fs.readFileSync(file, 'utf8').split('\n')[Number(m![2]) - 1] ?? '';
}

const local = (iso: string, zone: string) => DateTime.fromISO(iso).setZone(zone);

describe('--root on a Debian 12 root file system (debian12-host)', () => {
  const dir = bundle('debian12-host');
  let j: Json;
  let stderr: string;
  beforeAll(() => {
    ({ j, stderr } = json(['--root', dir]));
  });

  it('takes the zone from the tree, not from the machine', () => {
    expect(j.timezone).toBe(fs.readFileSync(path.join(root, dir, 'etc/timezone'), 'utf8').trim());
    expect(j.timezone).not.toBe('UTC');
  });
  it('finds the Apache error logs (vhost subdirectory included) and their rotated siblings, not the access log', () => {
    const logDir = '/var/log/apache2'; // named by its path on the host
    const want = ['error.log', 'error.log.1', 'error.log.2.gz', 'shop/error.log', 'sync_error.log'].map((n) =>
      path.join(logDir, n),
    );
    expect(j.inputs.map((i) => i.path).sort()).toEqual(want.sort());
    for (const i of j.inputs) expect(i.lines).toBeGreaterThan(0);
  });
  it("finds the apache2 stanza through logrotate.conf's include, with its postrotate", () => {
    const lr = j.schedule.logrotate!;
    expect(lr.origin).toBe('/etc/logrotate.d/apache2:1');
    expect(originLine(dir, lr.origin)).toMatch(/^\/var\/log\/apache2\/\*\.log/);
    expect(lr).toMatchObject({ matchedBy: 'path', frequency: 'daily', action: 'graceful' });
  });
  it('lists every scheduler that can run logrotate (or says why one is skipped), each origin pointing at the line that says so', () => {
    const by = new Map(j.schedule.sources.map((s) => [s.source, s]));
    // the timer runs logrotate on a systemd host (timers.target.wants/logrotate.timer in the tree)
    expect(by.get('systemd')).toMatchObject({ spec: 'daily', origin: '/usr/lib/systemd/system/logrotate.timer:6' });
    expect(originLine(dir, by.get('systemd')!.origin)).toBe('OnCalendar=daily');
    // cron's cron.daily line is guarded by `test -x /usr/sbin/anacron ||`, anacron's cron.daily ends
    // in cron.daily/logrotate, which exits under systemd: each is listed with its origin while the
    // host facts are unknown, or skipped with a warning naming that origin once they are known
    const guarded = [
      {
        source: 'cron',
        origin: '/etc/crontab:19',
        spec: '25 6 * * *',
        line: /^25 6\s.*test -x \/usr\/sbin\/anacron \|\| .*run-parts --report \/etc\/cron\.daily/,
      },
      { source: 'anacron', origin: '/etc/anacrontab:11', spec: '1 5 cron.daily', line: /^1\s+5\s+cron\.daily\s/ },
    ];
    for (const g of guarded) {
      expect(originLine(dir, g.origin)).toMatch(g.line);
      if (by.has(g.source)) expect(by.get(g.source)).toMatchObject({ origin: g.origin, spec: g.spec });
      else expect(stderr).toContain(`warning: ${g.origin}: `);
    }
    expect([...by.keys()].every((k) => ['systemd', 'cron', 'anacron'].includes(k))).toBe(true);
    for (const s of j.schedule.sources) expect(s.assumption).toBe(false);
    expect(j.schedule.assumptions).toEqual([]);
  });
  it("rotations[] holds no window outside the logs; each source's runs sit at its local time", () => {
    // every input here is one line (2015-08-31 06:29:47, 2016-03-20 03:39:40): no logrotate
    // window overlaps them, and the runs before them are not counted in the report (issue 14)
    checkRotationsContract(j);
    expect(j.rotations).toEqual([]);
    const r = run(['--root', dir, '--explain-schedule']);
    expect(r.status, r.stderr).toBe(0);
    const runs = [...r.stdout.matchAll(/^ {2}(?:previous|next) {2}\w{3} \S+ (\d\d:\d\d):00 – /gm)].map((m) => m[1]);
    expect(runs.length).toBeGreaterThan(0);
    expect(new Set(runs)).toEqual(new Set(['00:00'])); // logrotate.timer OnCalendar=daily; cron and anacron skipped under systemd
  });
});

describe('--root on a RHEL 9 sosreport (sosreport-rhel9-web01)', () => {
  const dir = bundle('sosreport-rhel9-web01');
  let j: Json;
  beforeAll(() => {
    ({ j } = json(['--root', dir]));
  });

  it('takes the zone from the timedatectl capture', () => {
    const cap = fs.readFileSync(path.join(root, dir, 'sos_commands/systemd/timedatectl'), 'utf8');
    expect(j.timezone).toBe(/Time zone:\s*(\S+)/.exec(cap)![1]);
  });
  it('finds error_log and the size-truncated ssl_error_log (a symlink into sos_strings), and says it was truncated', () => {
    expect(j.inputs.map((i) => path.basename(i.path)).sort()).toEqual(['error_log', 'ssl_error_log']);
    // discovery's notes, passed through as discovery-note items
    const notes = j.missingEvidence.filter((m) => m.code === 'discovery-note').map((m) => String(m.args['note']));
    expect(notes.join('\n')).toMatch(/kept only the tail of \/var\/log\/httpd\/ssl_error_log/);
    expect(notes.join('\n')).toMatch(/no rotated Apache logs in the sosreport/i);
  });
  it('finds the httpd stanza (weekly from the global default, graceful reload)', () => {
    const lr = j.schedule.logrotate!;
    expect(lr.origin).toMatch(/etc\/logrotate\.d\/httpd:3$/);
    expect(originLine(dir, lr.origin)).toMatch(/^\/var\/log\/httpd\/\*log/);
    expect(lr).toMatchObject({ matchedBy: 'path', frequency: 'weekly', action: 'graceful' });
  });
  it('takes the timer time from the admin drop-in, which overrides the vendor unit', () => {
    expect(j.schedule.sources).toHaveLength(1);
    const s = j.schedule.sources[0]!;
    expect(s).toMatchObject({
      source: 'systemd',
      origin: '/etc/systemd/system/logrotate.timer.d/override.conf:3',
      assumption: false,
    });
    expect(originLine(dir, s.origin)).toBe(`OnCalendar=${s.spec}`);
  });
  it('rotations[] keeps to the contract; the run the state file records is the certain one', () => {
    checkRotationsContract(j);
    const state = fs.readFileSync(path.join(root, dir, 'var/lib/logrotate/logrotate.status'), 'utf8');
    const m = /^"\/var\/log\/httpd\/error_log" (\d+)-(\d+)-(\d+)-(\d+):(\d+):(\d+)$/m.exec(state)!;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const rotated = DateTime.fromObject(
      { year: y, month: mo, day: d, hour: h, minute: mi, second: s },
      { zone: j.timezone },
    ).toMillis();
    const certain = j.rotations.filter((r) => r.likelihood === 'certain');
    expect(certain).toHaveLength(1);
    expect(Date.parse(certain[0]!.start)).toBeLessThanOrEqual(rotated);
    expect(Date.parse(certain[0]!.end)).toBeGreaterThanOrEqual(rotated);
    // a weekly stanza: the other daily runs may or may not have rotated
    for (const r of j.rotations.filter((x) => x !== certain[0])) expect(r.likelihood).toBe('possible');
    for (const r of j.rotations) expect(local(r.start, j.timezone).toFormat('HH:mm')).toBe('03:30');
  });
});

describe('--root on a SUSE supportconfig (scc_web02_261123_0914)', () => {
  const dir = bundle('scc_web02_261123_0914');
  let j: Json;
  beforeAll(() => {
    j = json(['--root', dir]).j;
  });

  it('reads the zone and the log out of the flat text files, naming the file and line they came from', () => {
    expect(j.timezone).toBe('Europe/Berlin'); // systemd.txt: "Time zone: Europe/Berlin (CET, +0100)"
    expect(j.inputs).toHaveLength(1);
    const m = /^\/var\/log\/apache2\/error_log \((web\.txt):(\d+)\)$/.exec(j.inputs[0]!.path)!;
    expect(m).not.toBeNull();
    // the named line is the first line of the log section, i.e. right after its "# /path" line;
    // the supportconfig's own file is named inside the bundle
    expect(fs.readFileSync(path.join(root, dir, m[1]!), 'utf8').split('\n')[Number(m[2]) - 2]).toBe(
      '# /var/log/apache2/error_log - Last 500 Lines',
    );
    expect(j.inputs[0]!.lines).toBe(3);
  });
  it('finds the error_log stanza in etc.txt (size-based, graceful)', () => {
    expect(j.schedule.logrotate).toMatchObject({ matchedBy: 'path', frequency: 'size 1M', action: 'graceful' });
  });
  it('with no scheduler file, falls back to the distro default (SLES, from basic-environment.txt) and says it is an assumption', () => {
    expect(j.schedule.sources.length).toBeGreaterThan(0);
    expect(j.schedule.assumptions.join('\n')).toMatch(/SLES/);
    for (const s of j.schedule.sources) expect(s).toMatchObject({ source: 'default', assumption: true });
    expect(j.schedule.assumptions.length).toBeGreaterThan(0);
    checkRotationsContract(j);
    // size-based: no run is more than possible
    for (const r of j.rotations) expect(r.likelihood).toBe('possible');
  });
});

describe('configs given by hand (no --root)', () => {
  const real = 'fixtures/real/daily-rotation-prefork';

  it('--logrotate + --schedule on a real capture: the windows hold the graceful restarts logrotate caused', () => {
    const { j, stderr } = json([
      `${real}/logs/error.log`,
      '--logrotate',
      `${real}/config/logrotate.conf`,
      '--schedule',
      '25 6 * * *',
      '--tz',
      'Europe/Berlin',
    ]);
    expect(j.schedule.sources).toEqual([
      expect.objectContaining({ source: 'schedule', spec: '25 6 * * *', origin: '--schedule', assumption: false }),
    ]);
    // the capture's stanza names the harness's temporary directory: matched by file name, and said so
    expect(j.schedule.logrotate).toMatchObject({
      matchedBy: 'basename',
      action: 'graceful',
      frequency: 'daily',
      origin: `${real}/config/logrotate.conf:1`,
    });
    expect(stderr).toMatch(/no stanza names this path; matched by file name/);
    checkRotationsContract(j);
    for (const r of j.rotations) {
      expect(local(r.start, 'Europe/Berlin').toFormat('HH:mm')).toBe('06:25');
      expect(r).toMatchObject({ source: 'schedule', origin: '--schedule', action: 'graceful' });
    }
    const graceful = j.restarts.filter((r) => r.kind === 'graceful');
    expect(graceful.length).toBeGreaterThan(0);
    for (const g of graceful) {
      const t = Date.parse(g.time);
      expect(
        j.rotations.some((r) => Date.parse(r.start) <= t && t <= Date.parse(r.end) + 60_000),
        g.time,
      ).toBe(true);
    }
  });

  it('--timer: a systemd unit file, origin at its OnCalendar line', () => {
    const timer = 'fixtures/schedule/rhel9/usr/lib/systemd/system/logrotate.timer';
    const { j } = json([`${real}/logs/error.log`, '--timer', timer, '--tz', 'Europe/Berlin']);
    const s = j.schedule.sources;
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ source: 'systemd', spec: 'daily' });
    const [file, line] = s[0]!.origin.split(':');
    expect(fs.readFileSync(path.join(root, file!), 'utf8').split('\n')[Number(line) - 1]).toBe('OnCalendar=daily');
    checkRotationsContract(j);
    // AccuracySec=1h: a window of an hour from midnight
    for (const r of j.rotations) {
      expect(local(r.start, 'Europe/Berlin').toFormat('HH:mm')).toBe('00:00');
      expect(Date.parse(r.end) - Date.parse(r.start)).toBe(3_600_000);
    }
    // no logrotate config given: what the rotation does is not known, and the report says so
    for (const r of j.rotations) expect(r.action).toBe('unknown');
    expect(j.missingEvidence.map((m) => m.code)).toContain('no-logrotate-config');
  });

  it('--cron: a crontab running logrotate directly, with CRON_TZ honoured', () => {
    const tab = 'fixtures/schedule/synthetic/crontabs/root';
    const { j } = json([`${real}/logs/error.log`, '--cron', tab, '--tz', 'Europe/Berlin']);
    const hourly = j.schedule.sources.find((x) => x.spec.includes('15 * * * *'));
    expect(hourly, JSON.stringify(j.schedule.sources)).toBeDefined();
    expect(hourly!.origin).toBe(`${tab}:4`);
    checkRotationsContract(j);
    const fromTab = j.rotations.filter((r) => r.origin === `${tab}:4`);
    expect(fromTab.length).toBeGreaterThan(24); // hourly over days of log
    for (const r of fromTab) expect(DateTime.fromISO(r.start).toUTC().minute).toBe(15);
  });

  it('--schedule with a systemd calendar spec and a macro, both kept', () => {
    const { j } = json([
      `${real}/logs/error.log`,
      '--schedule',
      'systemd:Mon..Fri 03:00',
      '--schedule',
      '@weekly',
      '--tz',
      'Europe/Berlin',
    ]);
    expect(j.schedule.sources.map((s) => s.source)).toEqual(['schedule', 'schedule']);
    checkRotationsContract(j);
    for (const r of j.rotations) {
      const t = local(r.start, 'Europe/Berlin');
      if (r.spec.includes('Mon..Fri')) {
        expect(t.toFormat('HH:mm')).toBe('03:00');
        expect(t.weekday).toBeLessThanOrEqual(5);
      } else {
        expect(t.toFormat('ccc HH:mm')).toBe('Sun 00:00');
      }
    }
  });
});

describe('input a scheduler itself only warns about', () => {
  it('a backwards START_HOURS_RANGE: anacron carries on (starting no job), so we warn with file:line and go on', () => {
    const r = run([
      'fixtures/real/daily-rotation-prefork/logs/error.log',
      '--cron',
      'fixtures/schedule/synthetic/crontabs/bad-anacrontab',
      '--format',
      'json',
    ]);
    expect([0, 1]).toContain(r.status);
    expect(r.stderr).toMatch(
      /^wsgi-logdoctor: warning: fixtures\/schedule\/synthetic\/crontabs\/bad-anacrontab:1: START_HOURS_RANGE '22-3'/m,
    );
    expect((JSON.parse(r.stdout) as Json).rotations).toEqual([]);
  });
});

describe('bad schedule/config input: exit 2, one line naming file:line, nothing written to -o', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-root-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const log = 'fixtures/real/daily-rotation-prefork/logs/error.log';

  it.each([
    {
      name: 'unparseable --schedule',
      args: ['--schedule', 'every night'],
      msg: /^wsgi-logdoctor: --schedule: cannot read schedule 'every night' \(expected/,
    },
    {
      name: 'bad cron field in --schedule',
      args: ['--schedule', '61 6 * * *'],
      msg: /^wsgi-logdoctor: --schedule: bad cron schedule '61 6 \* \* \*': minute field/,
    },
    {
      name: 'bad OnCalendar in --schedule',
      args: ['--schedule', 'systemd:Mon..Fri 25:00'],
      msg: /^wsgi-logdoctor: --schedule: bad systemd calendar spec .*hour 25/,
    },
    {
      name: 'bad cron field in --cron',
      args: ['--cron', 'fixtures/schedule/synthetic/crontabs/bad-field'],
      msg: /^wsgi-logdoctor: fixtures\/schedule\/synthetic\/crontabs\/bad-field:3: bad cron schedule '25 24 \* \* \*': hour field/,
    },
    {
      name: 'bad OnCalendar in --timer',
      args: ['--timer', 'fixtures/schedule/synthetic/bad.timer'],
      msg: /^wsgi-logdoctor: fixtures\/schedule\/synthetic\/bad\.timer:5: bad systemd calendar spec 'Mon\.\.Fri 25:00'/,
    },
    {
      name: 'a timer unit given to --logrotate',
      args: ['--logrotate', 'fixtures/schedule/synthetic/bad.timer'],
      msg: /^wsgi-logdoctor: fixtures\/schedule\/synthetic\/bad\.timer:1: lines must begin with a keyword or a filename/,
    },
    {
      name: 'missing --cron file',
      args: ['--cron', 'fixtures/nope/crontab'],
      msg: /^wsgi-logdoctor: fixtures\/nope\/crontab: cannot read cron file \(no such file\)/,
    },
    {
      name: 'missing --timer file',
      args: ['--timer', 'fixtures/nope/logrotate.timer'],
      msg: /^wsgi-logdoctor: fixtures\/nope\/logrotate\.timer: cannot read timer unit \(no such file\)/,
    },
    {
      name: 'missing --logrotate file',
      args: ['--logrotate', 'fixtures/nope/logrotate.conf'],
      msg: /^wsgi-logdoctor: fixtures\/nope\/logrotate\.conf: no such file/,
    },
    {
      name: 'missing --root directory',
      args: ['--root', 'fixtures/nope'],
      msg: /^wsgi-logdoctor: fixtures\/nope: no such directory/,
    },
    {
      name: '--root on a file',
      args: ['--root', 'fixtures/bundles/debian12-host/etc/crontab'],
      msg: /crontab: --root expects a directory/,
    },
  ])('$name', ({ args, msg }) => {
    const out = path.join(dir, `out-${Math.random()}.json`);
    const r = run([log, ...args, '--format', 'json', '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('the text report of a bundle whose restart notice was rotated away', () => {
  it('lists the "configured" line the diagnosis took as a restart as an inferred restart, not a start', () => {
    const r = run(['--root', path.join(root, 'fixtures/bundles/sosreport-rhel9-web01')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Verdict: rotation-restart/);
    expect(r.stdout).toMatch(/03:30:04 {2}restart \(inferred: its notice is not in the logs read\)/);
  });
});
