// Header patterns are expanded by glob(3) in logrotate; here bash's own pathname expansion
// (`compgen -G`, dotglob off: same rules for '*', '?', brackets, classes, leading dots) is the
// oracle for our per-component fnmatch. File names and patterns are synthetic.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { globMatch } from '../../src/logrotate/index.js';

const files = [
  'httpd/error_log',
  'httpd/ssl_error_log',
  'httpd/access_log',
  'httpd/.hidden_log',
  'httpd/error_log-20261122',
  'httpd/error_log.1',
  'httpd/vhosts/shop_error_log',
  'apache2/error.log',
  'apache2/other_vhosts_access.log',
  'apache2/a-error_log',
  'apache2/b1.log',
  'apache2/b2.log',
  'apache2/bx.log',
  'apache2/[x].log',
  'apache2/star*.log',
];
const patterns = [
  'httpd/*log',
  'httpd/*',
  'httpd/.*',
  'httpd/*/*_error_log',
  'apache2/*.log',
  'apache2/*-error_log',
  'apache2/b[0-9].log',
  'apache2/b[!0-9].log',
  'apache2/b[[:digit:]].log',
  'apache2/b?.log',
  'apache2/\\[x\\].log',
  'apache2/star\\*.log',
  'httpd/error_log[.-]*',
  'apache2/[ab]*',
  'httpd/*_log',
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-glob-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
for (const f of files) {
  fs.mkdirSync(path.dirname(path.join(tmp, f)), { recursive: true });
  fs.writeFileSync(path.join(tmp, f), '');
}
const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

(hasBash ? describe : describe.skip)('globMatch agrees with bash pathname expansion', () => {
  it.each(patterns)('%s', (pat) => {
    const r = spawnSync('bash', ['-c', 'cd "$1" && compgen -G "$2"', '_', tmp, pat], { encoding: 'utf8' });
    // logrotate drops glob hits that are directories (config.c), so do we here
    const theirs = r.stdout
      .split('\n')
      .filter(Boolean)
      .filter((f) => fs.statSync(path.join(tmp, f)).isFile())
      .sort();
    const ours = files.filter((f) => globMatch(pat, f)).sort();
    expect(ours).toEqual(theirs);
  });
});
