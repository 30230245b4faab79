// The default text report's first screen on every real capture (fixtures/real/*), through the
// built CLI at COLUMNS=80, with the logs alone and with the host's configs (issue 14, point 4):
// the summary is at most 15 lines, the fix's code within the first 20 lines, at most 5 % of the
// lines wider than 80 columns, each warning once, no empty section heading.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES } from './helpers.js';

interface Case {
  name: string;
  args: string[];
}

function cases(): Case[] {
  if (!fs.existsSync(FIXTURES)) return [];
  const out: Case[] = [];
  for (const name of fs.readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, name);
    const logs = path.join(dir, 'logs');
    if (!fs.existsSync(logs)) continue;
    const tz = (JSON.parse(fs.readFileSync(path.join(dir, 'counts.json'), 'utf8')) as { timezone?: string }).timezone;
    const base = ['--tz', tz ?? 'Europe/Berlin'];
    const files = fs.readdirSync(logs);
    // plain error logs: the directory; envelope captures (syslog, journal): each file
    const inputs = files.some((f) => /error/.test(f)) ? [[logs]] : files.map((f) => [path.join(logs, f)]);
    for (const i of inputs) out.push({ name: `${name} ${path.basename(i[0]!)}`, args: [...i, ...base] });
    const cfg = (f: string) => path.join(dir, 'config', f);
    if (fs.existsSync(cfg('httpd.conf')))
      out.push({
        name: `${name} with configs`,
        args: [
          logs,
          ...base,
          '--apache-config',
          cfg('httpd.conf'),
          ...(fs.existsSync(cfg('logrotate.conf'))
            ? ['--logrotate', cfg('logrotate.conf'), '--schedule', '25 6 * * *']
            : []),
        ],
      });
  }
  return out;
}

const ROOT = path.resolve(FIXTURES, '..', '..');
// paths as an operator in the checkout types them (relative), wherever the checkout lives
const run = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args.map((a) => (a.startsWith(ROOT + path.sep) ? path.relative(ROOT, a) : a))], {
    encoding: 'utf8',
    env: { ...process.env, COLUMNS: '80', NO_COLOR: '1' },
    cwd: ROOT,
  });

const all = fs.existsSync(BIN.replace(/bin\/wsgi-logdoctor$/, 'dist/cli/main.js')) ? cases() : [];

describe.skipIf(all.length === 0)('the first screen on the real captures', () => {
  it.each(all)('$name', ({ args }) => {
    const text = run(args);
    expect([0, 1], text.stderr).toContain(text.status);
    const json = JSON.parse(run([...args, '--format', 'json']).stdout) as {
      verdict: string;
      warnings: string[];
      findings: { kind: string; recommendation: { snippet: string } | null }[];
    };
    const lines = text.stdout.replace(/\n$/, '').split('\n');
    // the summary: everything before the first blank line
    const summary = lines.indexOf('');
    expect(summary).toBeGreaterThan(2);
    expect(summary).toBeLessThanOrEqual(15);
    // the fix's code lines within the first 20 lines
    const top = json.findings.find((f) => f.kind === json.verdict);
    const snippet = top?.recommendation?.snippet;
    if (snippet) {
      const code = snippet.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
      expect(code.length).toBeGreaterThan(0);
      for (const c of code) {
        const at = lines.findIndex((l) => l.trim() === c.trim());
        expect(at, c).toBeGreaterThanOrEqual(0);
        expect(at, c).toBeLessThan(20);
      }
    }
    // wrapped: at most 5 % of the lines wider than COLUMNS (code points, as a terminal counts them here)
    const wide = lines.filter((l) => [...l].length > 80);
    expect(wide.length, wide.join('\n')).toBeLessThanOrEqual(Math.floor(lines.length * 0.05));
    // each warning once: in the report's section, not again on stderr
    for (const w of json.warnings) expect(text.stderr).not.toContain(w);
    // no heading without anything under it
    lines.forEach((l, i) => {
      if (/^[A-Z]/.test(l) && lines[i - 1] === '' && !/^(Verdict|Details|Caveat|Fix|Firmer)/.test(l))
        expect(lines[i + 1] ?? '', `"${l}" heads nothing`).not.toBe('');
    });
  });
});
