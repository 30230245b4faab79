// From the real logrotate stage (configs in fixtures/logrotate, state-file parser, sibling
// names) through evidenceFromLogrotate() to narrowed windows: the RHEL 9 weekly stanza under a
// daily timer, and openSUSE's size-based stanza.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { expectedSiblings, findStanza, loadLogrotateConfig, parseStateFile } from '../../src/logrotate/index.js';
import { collectSources, evidenceFromLogrotate, expandWindows, narrowWindows } from '../../src/schedule/index.js';
import { loadTree } from './helpers.js';

const Z = 'America/New_York';
const at = (iso: string) => DateTime.fromISO(iso, { zone: Z }).toMillis();
const LR = new URL('../../fixtures/logrotate/', import.meta.url).pathname;

function stanza(distro: string, log: string) {
  const root = `${LR}${distro}`;
  const config = loadLogrotateConfig([`${root}/etc/logrotate.conf`], undefined, { root });
  const m = findStanza(config, log);
  if (!m) throw new Error(`no stanza for ${log}`);
  return m;
}

function windows(tree: string, from: string, to: string, action: 'graceful' | 'restart' | 'none' | 'unknown') {
  const { sources } = collectSources(loadTree(tree, { systemd: true, anacron: null }));
  return expandWindows(sources, { start: at(from), end: at(to) }, Z, action).filter(
    (w) => w.start >= at(from) && w.start <= at(to),
  );
}

describe('RHEL 9: logrotate.timer daily, httpd stanza weekly (global), dateext', () => {
  const m = stanza('rhel9', '/var/log/httpd/error_log');
  const spec = expectedSiblings('/var/log/httpd/error_log', m.options);
  const ws = windows('rhel9', '2026-11-08T00:00', '2026-11-21T23:59', m.action);

  it('the stanza is weekly and graceful', () => {
    expect(m.options.frequency?.kind).toBe('weekly');
    expect(m.action).toBe('graceful');
    expect(ws).toHaveLength(14);
  });

  it('dated siblings and the state file make their runs certain; Sundays stay likely', () => {
    const state = parseStateFile(
      'logrotate state -- version 2\n"/var/log/httpd/error_log" 2026-11-15-0:41:7\n',
      '/var/lib/logrotate/logrotate.status',
    );
    const ev = evidenceFromLogrotate(
      {
        options: m.options,
        state: { time: state.get('/var/log/httpd/error_log')!, origin: '/var/lib/logrotate/logrotate.status' },
        siblings: ['error_log-20261108', 'error_log-20261115'].map((name) => ({
          name,
          origin: `/var/log/httpd/${name}`,
          parsed: spec.parse(name),
          mtime: null,
        })),
        dateMeans: spec.dateMeans,
      },
      Z,
    );
    expect(ev.frequency).toEqual({ kind: 'weekly', weekday: 0 });
    expect(ev.datedSiblings.map((d) => d.date)).toEqual(['2026-11-08', '2026-11-15']);
    const out = narrowWindows(ws, ev, Z);
    const sundays = out.filter((w) => DateTime.fromMillis(w.start, { zone: Z }).weekday === 7);
    expect(sundays.map((w) => [DateTime.fromMillis(w.start, { zone: Z }).toISODate(), w.likelihood, w.action])).toEqual(
      [
        ['2026-11-08', 'certain', 'graceful'],
        ['2026-11-15', 'certain', 'graceful'],
      ],
    );
    expect(sundays[1]!.reason).toBe(
      'state file /var/lib/logrotate/logrotate.status:2 records the last rotation at 2026-11-15 00:41:07',
    );
    expect(out.filter((w) => w.likelihood === 'possible')).toHaveLength(12);
  });
});

describe('openSUSE: size-based apache2 stanza', () => {
  const m = stanza('opensuse', '/var/log/apache2/error_log');
  it('every timer run is only possible, for the size reason', () => {
    const ev = evidenceFromLogrotate({ options: m.options, state: null, siblings: [] }, Z);
    expect(ev.sizeBased).toEqual({ directive: 'size', bytes: 1024 * 1024 });
    const out = narrowWindows(windows('rhel9', '2026-11-16T00:00', '2026-11-18T23:59', m.action), ev, Z);
    expect(out.map((w) => w.likelihood)).toEqual(['possible', 'possible', 'possible']);
    expect(out[0]!.reason).toMatch(/^size-based stanza \(size 1048576 bytes\)/);
  });
});

describe('Debian 12: numbered siblings, mtime of error.log.1', () => {
  const m = stanza('debian12', '/var/log/apache2/error.log');
  it('error.log.1 last written during the 17th run pins it; compressed .2.gz mtimes are ignored', () => {
    const spec = expectedSiblings('/var/log/apache2/error.log', m.options);
    const ev = evidenceFromLogrotate(
      {
        options: m.options,
        state: null,
        siblings: [
          {
            name: 'error.log.1',
            origin: '/var/log/apache2/error.log.1',
            parsed: spec.parse('error.log.1'),
            mtime: at('2026-11-17T00:12:30'),
          },
          {
            name: 'error.log.2.gz',
            origin: '/var/log/apache2/error.log.2.gz',
            parsed: spec.parse('error.log.2.gz'),
            mtime: at('2026-11-17T00:12:31'),
          },
        ],
      },
      Z,
    );
    expect(ev.siblingMtimes.map((s) => s.name)).toEqual(['error.log.1']);
    const out = narrowWindows(windows('debian12', '2026-11-16T00:00', '2026-11-18T23:59', m.action), ev, Z);
    expect(out.map((w) => `${DateTime.fromMillis(w.start, { zone: Z }).toISODate()} ${w.likelihood}`)).toEqual([
      '2026-11-16 likely',
      '2026-11-17 certain',
      '2026-11-18 likely',
    ]);
  });
});
