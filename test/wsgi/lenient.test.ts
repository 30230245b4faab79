// The lenient reader's limits: a daemon that is stopped with the server is not a crash. Real line
// from fixtures/real/rotation-off-prefork (the harness stops Apache after the last rotation).
import { describe, expect, it } from 'vitest';
import { matchLenient, SIGNATURE_RE } from '../../src/wsgi/index.js';

const STOPPED = "mod_wsgi (pid=26365): Process 'app' has died but server is being stopped, deregister it.";
const CRASHED = "mod_wsgi (pid=1305): Process 'app' has died, deregister and restart it.";

describe('daemon-died, leniently', () => {
  it('a daemon stopped with the server is neither an event nor a signature line', () => {
    expect(matchLenient(STOPPED, null)).toBeNull();
    expect(SIGNATURE_RE.test(STOPPED)).toBe(false);
  });
  it('a daemon that died and is restarted still is', () => {
    expect(matchLenient(CRASHED.replace(', deregister', ',, deregister'), null)?.entry.id).toBe('daemon-died');
    expect(SIGNATURE_RE.test(CRASHED)).toBe(true);
  });
});
