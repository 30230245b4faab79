import { describe, expect, it } from 'vitest';
import { decodeSocketPath } from '../../src/wsgi/index.js';

describe('mod_wsgi socket path decoding', () => {
  it.each([
    [
      '/run/httpd/wsgi.28402.19.24.sock',
      { prefix: '/run/httpd/wsgi', parentPid: 28402, generation: 19, uid: null, id: 24, rotation: 'on' },
    ],
    [
      '/var/run/apache2/wsgi.22506.0.1.sock',
      { prefix: '/var/run/apache2/wsgi', parentPid: 22506, generation: 0, uid: null, id: 1, rotation: 'on' },
    ],
    [
      '/var/run/apache2/wsgi.1200.u33.1.sock',
      { prefix: '/var/run/apache2/wsgi', parentPid: 1200, generation: null, uid: 33, id: 1, rotation: 'off' },
    ],
    [
      '/var/run/wsgi/my.app.3778384.3.1.sock',
      { prefix: '/var/run/wsgi/my.app', parentPid: 3778384, generation: 3, rotation: 'on' },
    ],
  ])('%s', (p, want) => {
    expect(decodeSocketPath(p)).toMatchObject(want);
  });
  it('returns null for paths that are not mod_wsgi daemon sockets', () => {
    expect(decodeSocketPath('/var/run/apache2/wsgi.redacted.sock')).toBeNull();
    expect(decodeSocketPath('/tmp/x.sock')).toBeNull();
    // more than 15 digits is no pid, generation or id (a Number would not keep it; npm run fuzz)
    expect(decodeSocketPath('/var/run/apache2/wsgi.22506.1234567890123456789.1.sock')).toBeNull();
  });
});
