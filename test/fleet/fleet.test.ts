// The fleet roll-up on reports the built CLI writes for real captures, plus the foreign and broken
// files an operator's reports folder may hold (named and skipped, never fatal).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, REPO } from '../e2e/helpers.js';

function cli(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
}

let dir: string;
const HOSTS: Record<string, string> = {
  web01: 'daily-rotation-prefork',
  web02: 'backlog-overload',
  web03: 'daily-rotation-event',
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-fleet-'));
  for (const [host, scenario] of Object.entries(HOSTS)) {
    const r = cli([path.join(FIXTURES, scenario, 'logs'), '--tz', 'Europe/Berlin', '--format', 'json', '-q']);
    expect(r.status, r.stderr).not.toBe(2);
    fs.writeFileSync(path.join(dir, `${host}.json`), r.stdout);
  }
  fs.writeFileSync(path.join(dir, 'notes.json'), '{"hello": "world"}');
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"tool": {"name": "wsgi-logdoctor"');
  fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ schemaVersion: 1, tool: { name: 'wsgi-logdoctor' } }));
});

function json(args: string[]) {
  const r = cli(['fleet', ...args, '--format', 'json']);
  return {
    ...r,
    doc: JSON.parse(r.stdout) as { hosts: Record<string, unknown>[]; skipped: { file: string; reason: string }[] },
  };
}

describe('wsgi-logdoctor fleet', () => {
  it('lists every host once, those needing action first, and exits 1 when one does', () => {
    const r = json([dir]);
    expect(r.status).toBe(1);
    const hosts = r.doc.hosts.map((h) => [h.host, h.verdict, h.bursts, h.errors]);
    const reports = Object.fromEntries(
      Object.keys(HOSTS).map((h) => [h, JSON.parse(fs.readFileSync(path.join(dir, `${h}.json`), 'utf8'))]),
    );
    // every row agrees with its own report
    for (const [host, verdict, bursts, errors] of hosts) {
      const rep = reports[host as string];
      expect(verdict).toBe(rep.verdict);
      expect(bursts).toBe(rep.bursts.length);
      expect(errors).toBe(rep.summary.WSGI0116 + rep.summary.WSGI0117);
    }
    expect(hosts.map((h) => h[0])).toEqual(['web01', 'web02', 'web03']);
    expect(hosts.map((h) => h[1])).toEqual(['rotation-restart', 'backlog-overload', 'no-errors']);
    expect(r.doc.hosts[0]!.fixInEffect).toBe('no');
    expect(r.doc.hosts[0]!.action).toBe('WSGISocketRotation Off');
  });

  it('names and skips foreign, broken and old files', () => {
    const r = json([dir]);
    const reasons = Object.fromEntries(r.doc.skipped.map((s) => [path.basename(s.file), s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['broken.json', 'notes.json', 'old.json']);
    expect(r.stderr.split('\n').filter((l) => l.includes('skipped')).length).toBe(3);
  });

  it('exits 0 when no host needs action, 2 when nothing is a report', () => {
    expect(cli(['fleet', path.join(dir, 'web03.json')]).status).toBe(0);
    const none = cli(['fleet', path.join(dir, 'notes.json'), path.join(dir, 'missing.json')]);
    expect(none.status).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(3);
  });

  it('renders the same hosts in text, markdown and HTML', () => {
    for (const fmt of ['text', 'markdown', 'html']) {
      const out = cli(['fleet', dir, '--format', fmt, '-q']).stdout;
      for (const host of Object.keys(HOSTS)) expect(out).toContain(host);
    }
    const md = cli(['fleet', dir, '--format', 'markdown', '-q']).stdout;
    expect(md.split('\n').filter((l) => /^\| web0\d /.test(l))).toHaveLength(3);
  });

  it('escapes what a hostile report carries', () => {
    const evil = path.join(dir, 'evil');
    fs.mkdirSync(evil, { recursive: true });
    const rep = JSON.parse(fs.readFileSync(path.join(dir, 'web01.json'), 'utf8'));
    rep.hosts = [{ host: 'x\u001b[31m<script>|', events: 1, verdict: 'rotation-restart' }];
    fs.writeFileSync(path.join(evil, 'e.json'), JSON.stringify(rep));
    expect(cli(['fleet', evil]).stdout).not.toContain('\u001b');
    expect(cli(['fleet', evil, '--format', 'html']).stdout).not.toContain('<script>');
    expect(cli(['fleet', evil, '--format', 'markdown']).stdout).toContain('\\|');
  });
});
