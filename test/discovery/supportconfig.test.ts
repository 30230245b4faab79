// SUSE supportconfig (fixtures/bundles/scc_web02_261123_0914, synthetic-shaped; see its README).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleOrigin, discoverRoot } from '../../src/discovery/index.js';
import { findStanza, loadLogrotateConfig, toLogrotateSummary } from '../../src/logrotate/index.js';

const SCC = path.resolve('fixtures/bundles/scc_web02_261123_0914');

describe('supportconfig bundle', () => {
  const d = discoverRoot(SCC);

  it('is recognised and its sections become files', () => {
    expect(d.layout).toBe('supportconfig');
    expect(d.timezone).toEqual({ zone: 'Europe/Berlin', origin: `${SCC}/supportconfig_commands/timedatectl:4` });
    expect(d.sources!.get(`${SCC}/supportconfig_commands/timedatectl`)).toMatchObject({
      file: `${SCC}/systemd.txt`,
      line: 7,
      kind: 'command',
    });
    expect(d.apacheLogs.map((l) => [l.hostPath, l.truncated])).toEqual([['/var/log/apache2/error_log', true]]);
    expect(d.fs.readFile(d.apacheLogs[0]!.path).split('\n')[0]).toMatch(/AH00493: SIGUSR1 received/);
    expect(d.apacheConfig?.hostPath).toBe('/etc/apache2/httpd.conf');
    // basic-environment.txt carries /etc/os-release as a Configuration File section
    expect(d.distro).toMatchObject({
      id: 'sles',
      versionId: '15.5',
      idLike: ['suse'],
      origin: `${SCC}/etc/os-release`,
    });
    expect(d.crontabs.map((c) => c.hostPath)).toEqual(['/etc/crontab']);
    expect(d.notes.join('\n')).toMatch(/comment and blank lines/);
  });

  it('the logrotate sections read like the real tree: SUSE error_log stanza, size 1M, two reloading stanzas', () => {
    expect(d.logrotateConfigs.map((f) => f.hostPath)).toEqual(['/etc/logrotate.conf']);
    const config = loadLogrotateConfig(
      d.logrotateConfigs.map((f) => f.path),
      d.fs,
      { root: d.root },
    );
    const m = findStanza(config, '/var/log/apache2/error_log')!;
    const s = toLogrotateSummary(m);
    expect(s.frequency).toBe('size 1M');
    expect(s.options.compressext).toBe('.xz');
    expect(s.action).toBe('graceful');
    expect(s.consequences.join('\n')).toMatch(/2 stanzas reload Apache/);
    // the stanza header's line in the virtual file maps back into etc.txt
    const src = d.sources!.get(`${SCC}/etc/logrotate.d/apache2`)!;
    expect(src.file).toBe(`${SCC}/etc.txt`);
    expect(m.stanza.line + src.line - 1).toBe(34); // etc.txt line 34 holds the error_log header
  });

  it('says how much of the log supportconfig kept (the N of its "Last N Lines" header)', () => {
    expect(d.sources!.get(d.apacheLogs[0]!.path)).toMatchObject({ truncated: true, lastLines: 500 });
    expect(d.notes.join('\n')).toMatch(/supportconfig kept only the last 500 lines of \/var\/log\/apache2\/error_log/);
    expect(d.notes.join('\n')).not.toMatch(/--log-size/); // that is sos's option, not supportconfig's
  });

  it('bundleOrigin names the host path and the supportconfig line behind a virtual file:line', () => {
    const config = loadLogrotateConfig(
      d.logrotateConfigs.map((f) => f.path),
      d.fs,
      { root: d.root },
    );
    const m = findStanza(config, '/var/log/apache2/error_log')!;
    expect(bundleOrigin(d, m.origin)).toBe(`/etc/logrotate.d/apache2:16 (${SCC}/etc.txt:34)`);
    // inside a sentence, every occurrence; the host form used by the schedule stage too
    expect(bundleOrigin(d, `2 stanzas (${SCC}/etc/logrotate.d/apache2:1, ${SCC}/etc/logrotate.d/apache2:16)`)).toBe(
      `2 stanzas (/etc/logrotate.d/apache2:1 (${SCC}/etc.txt:19), /etc/logrotate.d/apache2:16 (${SCC}/etc.txt:34))`,
    );
    const cronLine = bundleOrigin(d, '/etc/crontab:4');
    const [, file, line] = /\((.*):(\d+)\)$/.exec(cronLine)!;
    expect(readFileSync(file!, 'utf8').split('\n')[Number(line) - 1]).toMatch(/run-crons/);
    // not a file of the bundle: unchanged
    expect(bundleOrigin(d, '--schedule')).toBe('--schedule');
    expect(bundleOrigin(d, '/etc/nothere:3')).toBe('/etc/nothere:3');
  });

  it('a "File not found" section yields no file', () => {
    expect(d.fs.stat(`${SCC}/etc/logrotate.d/zypper.lr`)).toBeNull();
  });
});
