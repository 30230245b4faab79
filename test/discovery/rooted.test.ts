// Symlinks inside a bundle point at host paths (sos copies them as they are; a copied root keeps
// Debian's timers.target.wants links to /lib/systemd/system/…): they must be followed inside
// the bundle, never into the analysing machine's own /etc or /lib.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverRoot } from '../../src/discovery/index.js';
import { nodeFs, rootedFs } from '../../src/fs/index.js';

const DEB = path.resolve('fixtures/bundles/debian12-host');

describe('rootedFs', () => {
  it('follows the real Debian timers.target.wants link (/lib/… → lib → usr/lib) inside the bundle', () => {
    const link = `${DEB}/etc/systemd/system/timers.target.wants/logrotate.timer`;
    expect(fs.readlinkSync(link)).toBe('/lib/systemd/system/logrotate.timer');
    const d = discoverRoot(DEB);
    expect(d.fs.readFile(link)).toBe(fs.readFileSync(`${DEB}/usr/lib/systemd/system/logrotate.timer`, 'utf8'));
    expect(d.fs.stat(link)?.isFile).toBe(true);
    expect(d.fs.readlink(link)).toBe('/lib/systemd/system/logrotate.timer'); // raw
  });

  describe('on a scratch root', () => {
    let root: string;
    beforeAll(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-rooted-'));
      fs.mkdirSync(path.join(root, 'usr/lib/systemd/system'), { recursive: true });
      fs.mkdirSync(path.join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
      fs.writeFileSync(
        path.join(root, 'usr/lib/systemd/system/httpd.service'),
        '[Service]\nExecReload=/usr/sbin/httpd $OPTIONS -k graceful\n',
      );
      fs.symlinkSync(
        '/usr/lib/systemd/system/httpd.service',
        path.join(root, 'etc/systemd/system/multi-user.target.wants/httpd.service'),
      );
      // present on every machine that runs the tests, absent from the bundle
      fs.symlinkSync('/etc/passwd', path.join(root, 'etc/passwd-link'));
      fs.symlinkSync('../../../../../../etc/passwd', path.join(root, 'etc/climbs'));
      fs.symlinkSync('loop-b', path.join(root, 'loop-a'));
      fs.symlinkSync('loop-a', path.join(root, 'loop-b'));
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    it('an absolute target is read under the root', () => {
      const r = rootedFs(root);
      expect(r.readFile(path.join(root, 'etc/systemd/system/multi-user.target.wants/httpd.service'))).toMatch(
        /-k graceful/,
      );
      expect(r.readdir(path.join(root, 'etc/systemd/system/multi-user.target.wants'))).toEqual(['httpd.service']);
    });
    it("never reaches this machine's files: absolute or climbing targets missing in the bundle do not exist", () => {
      expect(nodeFs.stat(path.join(root, 'etc/passwd-link'))).not.toBeNull(); // what plain stat would do
      const r = rootedFs(root);
      expect(r.stat(path.join(root, 'etc/passwd-link'))).toBeNull();
      expect(r.stat(path.join(root, 'etc/climbs'))).toBeNull();
      expect(() => r.readFile(path.join(root, 'etc/passwd-link'))).toThrow();
    });
    it("discoverRoot reads the bundle's os-release through an absolute /etc/os-release link, not this machine's", () => {
      fs.writeFileSync(path.join(root, 'usr/lib/os-release'), 'ID=rhel\nVERSION_ID="9.4"\n');
      fs.symlinkSync('/usr/lib/os-release', path.join(root, 'etc/os-release'));
      const d = discoverRoot(root);
      expect(d.distro).toMatchObject({ id: 'rhel', versionId: '9.4' });
    });
    it('a symlink loop ends (40 links at most) instead of hanging', () => {
      expect(rootedFs(root).stat(path.join(root, 'loop-a'))).toBeNull();
    });
    it('paths outside the root are left alone', () => {
      expect(rootedFs(root).stat('/etc/passwd')).not.toBeNull();
    });
  });
});
