// Issue 18, "Done when: the hostile-bundle test reads nothing outside the bundle". A copy of the
// real RHEL 9 sosreport fixture is armed with what an untrusted bundle can hold: symlinks to
// absolute paths outside it (a secret file this test creates, /etc/shadow, /dev/zero), `..`
// chains, FIFOs, a link loop, decoy files at the same path inside the bundle, logrotate
// `olddir /abs` and `olddir ../../..`, a vhost-directory symlink and an Include directory
// symlink. The built CLI runs on it in every format: the secret's token appears nowhere, the run
// ends (a FIFO opened for reading would block it), the decoys are what was read, and the
// warnings name the files that were not read.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/formats.js';

const repo = path.resolve(__dirname, '../..');
const bin = path.join(repo, 'bin', 'wsgi-logdoctor');
const FIXTURE = path.join(repo, 'fixtures/bundles/sosreport-rhel9-web01');
// every format the CLI offers

const TOKEN = `s3cr3t${randomBytes(6).toString('hex')}`;
/** each decoy's lines carry their own group, so that no two inputs hold the same record */
const decoy = (n: number) => `decoy${n}`;

/**
 * Real connect-error lines of the fixture, the daemon group renamed (it is in every report) and
 * the client changed, so that no two files hold the same record (those are counted once).
 */
let clients = 0;
function lines(group: string): string {
  const client = `192.0.2.${++clients}`;
  const real = fs
    .readFileSync(path.join(FIXTURE, 'var/log/httpd/error_log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('Unable to connect to WSGI daemon process'))
    .slice(0, 3);
  expect(real.length).toBe(3);
  return (
    real
      .map((l) =>
        l.replace(/daemon process '[^']+'/, `daemon process '${group}'`).replace(/client [\d.]+:/, `client ${client}:`),
      )
      .join('\n') + '\n'
  );
}

function mkfifo(p: string): void {
  const r = spawnSync('mkfifo', [p]);
  expect(r.status, `mkfifo ${p}`).toBe(0);
}

let scratch: string;
let outside: string;

/** Writes `text` at `p`, creating its directory. */
function put(p: string, text: string): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}

/** The outside world: secrets at absolute paths, and a FIFO that blocks whoever opens it. */
function buildOutside(): void {
  outside = path.join(scratch, 'outside');
  put(path.join(outside, 'secret_log'), lines(TOKEN) + `root:$6$${TOKEN}:19000:0:99999:7:::\n`);
  put(path.join(outside, 'secret_log2'), lines(TOKEN));
  put(path.join(outside, 'api_error_log'), lines(TOKEN));
  put(path.join(outside, 'shoplogs/error_log'), lines(TOKEN));
  put(path.join(outside, 'old/error_log.6'), lines(TOKEN));
  put(path.join(outside, 'conf.d/leak.conf'), `WSGISocketPrefix /run/${TOKEN}\n`);
  put(path.join(outside, 'status'), `logrotate state -- version 2\n"/var/log/httpd/error_log" 2026-11-22-3:30:0\n`);
  put(path.join(outside, 'cron'), `25 6 * * * root /usr/sbin/logrotate /etc/${TOKEN}\n`);
  mkfifo(path.join(outside, 'trap'));
}

/** The fixture bundle, armed; `olddir` is the logrotate stanza's. */
function buildBundle(name: string, olddir: string): string {
  const b = path.join(scratch, name);
  fs.cpSync(FIXTURE, b, { recursive: true, verbatimSymlinks: true });
  const inB = (p: string) => path.join(b, p);
  const logs = inB('var/log/httpd');
  // decoys: the same absolute paths, inside the bundle
  put(inB(path.join(outside, 'secret_log')), lines(decoy(1)));
  put(inB(path.join(outside, 'secret_log2')), lines(decoy(2)));
  put(inB(path.join(outside, 'api_error_log')), lines(decoy(3)));
  put(inB(path.join(outside, 'shoplogs/error_log')), lines(decoy(4)));
  put(inB(path.join(outside, 'old/error_log.6')), lines(decoy(5)));
  put(inB(path.join(outside, 'conf.d/decoy.conf')), '# the bundle copy\n');
  // links out of the bundle
  fs.symlinkSync(path.join(outside, 'secret_log'), path.join(logs, 'error_log.1')); // absolute, decoy inside
  fs.symlinkSync('../'.repeat(12) + path.join(outside, 'secret_log2').slice(1), path.join(logs, 'error_log.2')); // .. chain
  fs.symlinkSync('/etc/shadow', path.join(logs, 'error_log.3'));
  fs.symlinkSync('/dev/zero', path.join(logs, 'error_log.4'));
  mkfifo(path.join(logs, 'error_log.5'));
  fs.symlinkSync(path.join(outside, 'trap'), path.join(logs, 'error_log.7'));
  fs.symlinkSync('/dev/zero', path.join(logs, 'zero_error_log'));
  fs.symlinkSync(path.join(outside, 'api_error_log'), path.join(logs, 'api_error_log')); // decoy inside
  fs.symlinkSync(path.join(outside, 'shoplogs'), path.join(logs, 'shop')); // vhost directory, decoy inside
  fs.symlinkSync('/proc/self/environ', path.join(logs, 'error_log.8'));
  fs.symlinkSync('/sys', inB('sys')); // re-rooted onto itself: a loop
  fs.symlinkSync('/sys/x/error_log', path.join(logs, 'loop_error_log'));
  // configs, schedules, state
  fs.symlinkSync(path.join(outside, 'conf.d'), inB('etc/httpd/conf.d'));
  mkfifo(inB('etc/cron.d/fifo'));
  mkfifo(inB('etc/logrotate.d/fifo'));
  fs.symlinkSync(path.join(outside, 'cron'), inB('etc/cron.d/leak'));
  fs.mkdirSync(inB('var/lib/logrotate'), { recursive: true });
  fs.rmSync(inB('var/lib/logrotate/logrotate.status'), { force: true });
  fs.symlinkSync(path.join(outside, 'status'), inB('var/lib/logrotate/logrotate.status'));
  const stanza = fs.readFileSync(inB('etc/logrotate.d/httpd'), 'utf8');
  fs.writeFileSync(inB('etc/logrotate.d/httpd'), stanza.replace('missingok', `missingok\n    olddir ${olddir}`));
  return b;
}

const run = (bundle: string, format: string) =>
  spawnSync(process.execPath, [bin, '--root', bundle, '--format', format], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
    timeout: 60_000,
  });

const BUNDLES = [
  { name: 'olddir-absolute', olddir: () => path.join(outside, 'old') },
  { name: 'olddir-climbing', olddir: () => '../'.repeat(12) + path.join(outside, 'old').slice(1) },
];

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-hostile-'));
  buildOutside();
  for (const b of BUNDLES) buildBundle(b.name, b.olddir());
});
afterAll(() => {
  if (!process.env.A2_KEEP) fs.rmSync(scratch, { recursive: true, force: true });
});

describe.each(BUNDLES)('a hostile bundle ($name)', ({ name }) => {
  const bundle = () => path.join(scratch, name);

  it.each(FORMATS)('--format %s: ends, and no byte from outside the bundle is in the output', (format) => {
    const r = run(bundle(), format);
    expect(r.signal, 'killed by the timeout: a FIFO or device was opened').toBeNull();
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain(TOKEN);
    expect(r.stderr).not.toContain(TOKEN);
  });

  it('reads the decoys at the same paths inside the bundle instead', () => {
    const r = run(bundle(), 'json');
    const j = JSON.parse(r.stdout) as {
      inputs: { path: string; lines: number }[];
      events: { group: string; file: string }[];
    };
    // under --root every file is named by its path on the host
    const inBundle = (p: string) => path.posix.join('/', p);
    const read = (p: string) => j.inputs.find((i) => i.path === p);
    // error_log.1 (absolute) and error_log.2 (.. chain) land on the decoys
    expect(read(inBundle('var/log/httpd/error_log.1'))?.lines).toBe(3);
    expect(read(inBundle('var/log/httpd/error_log.2'))?.lines).toBe(3);
    expect(read(inBundle('var/log/httpd/api_error_log'))?.lines).toBe(3);
    expect(read(inBundle('var/log/httpd/shop/error_log'))?.lines).toBe(3);
    // the olddir sibling, taken inside the bundle
    expect(read(inBundle(path.join(outside, 'old/error_log.6')))?.lines).toBe(3);
    for (let n = 1; n <= 5; n++) expect(j.events.filter((e) => e.group === decoy(n))).toHaveLength(3);
    expect(j.events.every((e) => e.group !== TOKEN)).toBe(true);
  });

  it('names every file it did not read, and why', () => {
    const r = run(bundle(), 'json');
    const warned = (file: string, why: RegExp) =>
      expect(r.stderr.split('\n').some((l) => l.includes(`: /${file}: `) && why.test(l))).toBe(true);
    warned('var/log/httpd/error_log.3', /link to \/etc\/shadow/);
    warned('var/log/httpd/error_log.4', /link to \/dev\/zero, which is not in/);
    warned('var/log/httpd/zero_error_log', /link to \/dev\/zero, which is not in/);
    warned('var/log/httpd/error_log.8', /link to \/proc\/self\/environ, which is not in/);
    warned('var/log/httpd/error_log.5', /FIFO/);
    warned('var/log/httpd/error_log.7', /link to .*trap/);
    warned('var/log/httpd/loop_error_log', /link to \/sys\/x\/error_log, too many levels of symbolic links/);
    warned('etc/cron.d/fifo', /FIFO/);
    warned('etc/logrotate.d/fifo', /FIFO/);
  });
});

describe('a bundle whose only error log is a link out of it', () => {
  it('exits 2 with one line naming the link and where it points, reading nothing', () => {
    const b = path.join(scratch, 'only-link');
    fs.mkdirSync(path.join(b, 'var/log/httpd'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'secret_log'), path.join(b, 'var/log/httpd/error_log'));
    const r = run(b, 'json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${b}: `); // the bundle, once
    expect(r.stderr).toContain(`/var/log/httpd/error_log: a symbolic link to ${outside}/secret_log`);
    expect(r.stderr).not.toContain(TOKEN);
  });
});
