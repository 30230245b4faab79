// Captures whose Apache lines sit inside another program's envelope (fixtures/real/syslog-two-hosts,
// logger-pipe, journald-export; made by scripts/repro/repro_syslog.py with Debian's rsyslogd, logger and
// systemd-journald). Recounted here independently of scripts/repro/count.py; then the tool's per-host
// diagnosis through the built CLI (issue 13).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readLogText, runCli } from './helpers.js';

const CONNECT = /Unable to connect to WSGI daemon process '[^']*' on '([^']*)'/;
const BACKLOG = /WSGI0116: |after multiple attempts as listener backlog limit was exceeded/;
const ERRNO = /\[pid [^\]]+\] \((\d+)\)[^:]*: /;
// RSYSLOG_TraditionalFileFormat (RFC 3164 stamp) / RSYSLOG_FileFormat (RFC 3339): stamp, host, rest
const ENVELOPE = [
  /^(\w{3} [ \d]\d \d{2}:\d{2}:\d{2}) (\S+) (.*)$/,
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (\S+) (.*)$/,
];

interface HostCount {
  lines: number;
  errorsByMinute?: Record<string, number>;
  WSGI0116: number;
  WSGI0117: number;
  errno: Record<string, number>;
  markers: Record<string, number>;
}
interface SyslogCounts {
  days?: number;
  syslog: { files: Record<string, { lines: number; unparsed: number; hosts: Record<string, HostCount> }> };
  hosts: Record<string, { access: { totals: { status: Record<string, number> } } }>;
  logrotateRuns: { exit: number }[];
  expected: { hosts: Record<string, string> };
}

function bump(o: Record<string, number>, k: string): void {
  o[k] = (o[k] ?? 0) + 1;
}

function countSyslog(file: string): Record<string, HostCount> {
  const hosts: Record<string, HostCount> = {};
  for (const line of readLogText(file).split('\n')) {
    if (line === '') continue;
    const m = ENVELOPE.map((re) => re.exec(line)).find((x) => x !== null);
    if (!m) continue;
    const h = (hosts[m[2]!] ??= { lines: 0, WSGI0116: 0, WSGI0117: 0, errno: {}, markers: {} });
    h.lines++;
    const rest = m[3]!;
    const mk = /\] (AH00171|AH00163|AH00169): /.exec(rest);
    if (mk) bump(h.markers, mk[1]!);
    if (!CONNECT.test(rest)) continue;
    if (BACKLOG.test(rest)) h.WSGI0116++;
    else h.WSGI0117++;
    bump(h.errno, ERRNO.exec(rest)?.[1] ?? 'none');
  }
  return hosts;
}

function read(name: string): SyslogCounts | null {
  const p = path.join(FIXTURES, name, 'counts.json');
  return fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')) as SyslogCounts) : null;
}

function status503(c: SyslogCounts, host: string): number {
  return c.hosts[host]!.access.totals.status['503'] ?? 0;
}

for (const name of ['syslog-two-hosts', 'logger-pipe']) {
  const c = read(name);
  describe.skipIf(c === null)(`${name} (rsyslog files)`, () => {
    const dir = path.join(FIXTURES, name, 'logs');
    const files = c ? Object.keys(c.syslog.files) : [];

    it('holds the RFC 3164 file and the RFC 3339 file', () => {
      expect(files).toEqual(['syslog', 'syslog-rfc3339']);
    });

    it.each(files)('%s: the recount per host matches counts.json', (f) => {
      const got = countSyslog(path.join(dir, f));
      const want = c!.syslog.files[f]!.hosts;
      expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
      for (const [host, h] of Object.entries(want)) {
        const g = got[host]!;
        expect({ lines: g.lines, WSGI0116: g.WSGI0116, WSGI0117: g.WSGI0117, errno: g.errno }, host).toEqual({
          lines: h.lines,
          WSGI0116: h.WSGI0116,
          WSGI0117: h.WSGI0117,
          errno: h.errno,
        });
      }
    });

    it('both formats carry the same lines per host', () => {
      const [a, b] = files.map((f) => countSyslog(path.join(dir, f)));
      expect(a).toEqual(b);
    });

    if (name === 'syslog-two-hosts') {
      it('web01: one ENOENT per 503 and no restart notice (syslog drops notices); web02: one EAGAIN per 503', () => {
        const h = countSyslog(path.join(dir, 'syslog'));
        expect(h.web01!.WSGI0117).toBe(status503(c!, 'web01'));
        expect(h.web01!.WSGI0116).toBe(0);
        expect(Object.keys(h.web01!.errno)).toEqual(['2']);
        expect(h.web01!.markers).toEqual({});
        expect(h.web02!.WSGI0116).toBe(status503(c!, 'web02'));
        expect(h.web02!.WSGI0117).toBe(0);
        expect(Object.keys(h.web02!.errno)).toEqual(['11']);
      });
      interface HostReport {
        verdict: string;
        hosts: { host: string; events: number; verdict: string }[];
        bursts: { host: string; count: number; start: string; cause: { kind: string } | null }[];
        findings: { kind: string; host?: string; bursts: number[]; explains: { errors: number } }[];
        missingEvidence: { code: string; args: Record<string, unknown> }[];
      }
      it.each(files)('%s: each host its own verdict; no burst or finding across hosts', (f) => {
        const want = c!.syslog.files[f]!.hosts;
        const r = runCli([path.join(dir, f), '--tz', 'Europe/Berlin']);
        const rep = r.report as unknown as HostReport;
        expect(r.status).toBe(1);
        expect(Object.fromEntries(rep.hosts.map((h) => [h.host, h.verdict]))).toEqual(c!.expected.hosts);
        for (const h of rep.hosts) expect(h.events, h.host).toBe(want[h.host]!.WSGI0116 + want[h.host]!.WSGI0117);
        // one burst per minute with errors (the runs are minutes or hours apart), each on one host
        for (const host of ['web01', 'web02']) {
          const mine = rep.bursts.filter((b) => b.host === host);
          expect(mine.length, host).toBe(Object.keys(want[host]!.errorsByMinute ?? {}).length);
          expect(
            mine.reduce((s, b) => s + b.count, 0),
            host,
          ).toBe(want[host]!.WSGI0116 + want[host]!.WSGI0117);
        }
        for (const fd of rep.findings) {
          expect(fd.host).toBeDefined();
          for (const i of fd.bursts) expect(rep.bursts[i]!.host, fd.kind).toBe(fd.host);
        }
        // the overall verdict: the finding explaining most errors (web02's 18 against web01's 12)
        expect(rep.verdict).toBe('backlog-overload');
        // under ErrorLog syslog there are no restart notices: the report says what the restarts rest on
        expect(rep.missingEvidence.map((m) => m.code)).toContain('restart-notices-not-in-syslog');
      });
      it("with the 06:25 schedule (web01's logrotate time), web02's burst 30 s later stays overload", () => {
        const r = runCli([path.join(dir, 'syslog'), '--tz', 'Europe/Berlin', '--schedule', '25 6 * * *']);
        const rep = r.report as unknown as HostReport;
        expect(Object.fromEntries(rep.hosts.map((h) => [h.host, h.verdict]))).toEqual(c!.expected.hosts);
        const web02 = rep.findings.filter((fd) => fd.host === 'web02');
        expect(web02.map((fd) => fd.kind)).toEqual(['backlog-overload']);
        expect(web02[0]!.explains.errors).toBe(c!.syslog.files.syslog!.hosts.web02!.WSGI0116);
      });
    } else {
      it("the old children's connect errors die with the old logger: restart notices, fewer connect errors than 503s", () => {
        // httpd server/log.c log_child: the piped logger belongs to the config pool and is killed at a graceful
        // restart; only lines written before that survive
        const h = countSyslog(path.join(dir, 'syslog')).web01!;
        expect(h.markers.AH00171).toBe(c!.logrotateRuns.length);
        expect(status503(c!, 'web01')).toBeGreaterThanOrEqual(c!.logrotateRuns.length);
        expect(h.WSGI0116 + h.WSGI0117).toBeLessThan(status503(c!, 'web01'));
      });
      it.todo('the access log shows 503 bursts that the error log does not: never an all-clear (issues 13 and 15)');
    }
  });
}

const j = read('journald-export');
describe.skipIf(j === null)('journald-export (journalctl output)', () => {
  const dir = path.join(FIXTURES, 'journald-export', 'logs');
  interface Entry {
    _COMM?: string;
    _HOSTNAME?: string;
    MESSAGE?: string | number[];
  }
  const entries = j
    ? fs
        .readFileSync(path.join(dir, 'journal.json'), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Entry)
    : [];
  const apache = entries.filter((e) => e._COMM === 'apache2');
  const msg = (e: Entry) => (typeof e.MESSAGE === 'string' ? e.MESSAGE : Buffer.from(e.MESSAGE ?? []).toString('utf8'));
  const connect = apache.filter((e) => CONNECT.test(msg(e)));

  it('-o json: ENOENT connect errors from host web01, one per 503 in the access log', () => {
    const c = j as unknown as {
      access: { totals: { status: Record<string, number> } };
      journal: { apache: HostCount };
    };
    expect(connect.length).toBeGreaterThan(0);
    expect(connect.length).toBe(c.journal.apache.WSGI0117 + c.journal.apache.WSGI0116);
    expect(connect.length).toBe(c.access.totals.status['503'] ?? 0);
    expect(new Set(apache.map((e) => e._HOSTNAME))).toEqual(new Set(['web01']));
    expect(connect.every((e) => /\[pid [^\]]+\] \(2\)/.test(msg(e)))).toBe(true);
  });

  it('-o short-iso and -o export hold the same connect errors', () => {
    const short = fs.readFileSync(path.join(dir, 'journal.short-iso'), 'utf8').split('\n');
    expect(short.filter((l) => CONNECT.test(l) && / web01 /.test(l))).toHaveLength(connect.length);
    const exp = fs.readFileSync(path.join(dir, 'journal.export'), 'utf8').split('\n');
    expect(exp.filter((l) => l.startsWith('MESSAGE=') && CONNECT.test(l))).toHaveLength(connect.length);
  });
  it.each(['journal.json', 'journal.short-iso'])('%s: the connect errors become events of host web01, exit 1', (f) => {
    const r = runCli([path.join(dir, f), '--tz', 'Europe/Berlin']);
    const rep = r.report as unknown as { hosts: { host: string; events: number; verdict: string }[]; verdict: string };
    expect(r.status).toBe(1);
    expect(r.report.events).toHaveLength(connect.length);
    expect(rep.hosts.map((h) => [h.host, h.events])).toEqual([['web01', connect.length]]);
    expect(rep.verdict).not.toBe('no-errors');
  });
  // The journal stamps are the real clock (journald ignores libfaketime): the three simulated days
  // ran within a minute, so the three generations' bursts are seconds apart and no daily pattern
  // shows; inferring each restart from the generation step alone is not built yet.
  it.todo('rotation-restart for host web01 from the journal export (issue 13)');
});
