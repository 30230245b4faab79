// Loads a fixture tree laid out like a host (fixtures/schedule/<distro>/) into the inputs of
// collectSources(), with host paths (/etc/crontab …) as the files' names. Test-only: the real
// --root discovery lives in src/discovery.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ScheduleFiles } from '../../src/schedule/index.js';

export const FIXTURES = new URL('../../fixtures/schedule/', import.meta.url).pathname;

export function fixturePath(rel: string): string {
  return join(FIXTURES, rel);
}

export function readFixture(rel: string): string {
  return readFileSync(fixturePath(rel), 'utf8');
}

function files(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => statSync(join(dir, n)).isFile())
        .sort()
    : [];
}

export function loadTree(
  distro: string,
  host: ScheduleFiles['host'] = { systemd: null, anacron: null },
): ScheduleFiles {
  const root = fixturePath(distro);
  const out: Required<Omit<ScheduleFiles, 'host' | 'lenient'>> & Pick<ScheduleFiles, 'host' | 'lenient'> = {
    crontabs: [],
    anacrontabs: [],
    timers: [],
    runParts: [],
    host,
  };
  const text = (p: string) => readFileSync(join(root, p), 'utf8');
  if (existsSync(join(root, 'etc/crontab'))) out.crontabs.push({ path: '/etc/crontab', text: text('etc/crontab') });
  for (const n of files(join(root, 'etc/cron.d')))
    out.crontabs.push({ path: `/etc/cron.d/${n}`, text: text(`etc/cron.d/${n}`) });
  for (const n of files(join(root, 'etc/crontabs')))
    out.crontabs.push({ path: `/etc/crontabs/${n}`, text: text(`etc/crontabs/${n}`), kind: 'user', flavor: 'busybox' });
  if (existsSync(join(root, 'etc/anacrontab')))
    out.anacrontabs.push({ path: '/etc/anacrontab', text: text('etc/anacrontab') });
  for (const d of ['lib/systemd/system', 'usr/lib/systemd/system', 'etc/systemd/system']) {
    for (const n of files(join(root, d)).filter((x) => x.endsWith('.timer'))) {
      const dropDir = join(root, 'etc/systemd/system', `${n}.d`);
      const dropIns = files(dropDir).map((c) => ({
        path: `/etc/systemd/system/${n}.d/${c}`,
        text: readFileSync(join(dropDir, c), 'utf8'),
      }));
      out.timers.push({ path: `/${d}/${n}`, text: text(`${d}/${n}`), dropIns });
    }
  }
  for (const d of [
    'etc/cron.hourly',
    'etc/cron.daily',
    'etc/cron.weekly',
    'etc/cron.monthly',
    'etc/periodic/daily',
    'etc/periodic/hourly',
  ]) {
    if (!existsSync(join(root, d))) continue;
    // An empty placeholder stands for "script present, text not collected" (fixtures README).
    const entries = files(join(root, d)).map((name) => {
      const t = text(`${d}/${name}`);
      return { name, text: t === '' ? null : t };
    });
    out.runParts.push({ dir: `/${d}`, entries });
  }
  return out;
}
