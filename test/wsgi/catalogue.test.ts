// The catalogue is the single source of truth: every entry's sample lines must parse to that
// entry with the values they declare. Adding a variant = adding a row with a real line.
import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/apache/record.js';
import { CATALOGUE, NON_EVENTS, NEEDLES, buildEvent, isNonEvent, matchMessage } from '../../src/wsgi/index.js';
import { LIFECYCLE_MARKERS, matchLifecycle } from '../../src/apache/lifecycle.js';

const rows = CATALOGUE.flatMap((entry) =>
  entry.samples.map((s, i) => ({ id: `${entry.id} #${i + 1}`, entry, sample: s })),
);

const WHERE = { time: 0, file: 'x', line: 1, message: '', host: null, envelope: 'apache' as const, damaged: false };

describe('mod_wsgi catalogue', () => {
  it.each(rows)('$id parses to its entry with the declared fields', ({ entry, sample }) => {
    const rec = parseRecord(sample.line);
    expect(rec, 'the sample is an Apache record').not.toBeNull();
    const m = matchMessage(rec!.message);
    expect(m?.entry.id).toBe(entry.id);
    const ev = buildEvent(rec!, m!, WHERE);
    const got = 'connect' in ev ? ev.connect : ev.related;
    const e = sample.expect;
    if (e.code !== undefined) expect(got.code).toBe(e.code);
    if (e.group !== undefined) expect(got.group).toBe(e.group);
    if (e.socket !== undefined) expect(got.socket).toBe(e.socket);
    if (e.errno !== undefined) expect(got.errno).toBe(e.errno);
    if (e.pid !== undefined) expect(got.pid).toBe(e.pid);
    if (e.client !== undefined && 'client' in got) expect(got.client).toBe(e.client);
    if (e.childUid !== undefined && 'childUid' in got) expect(got.childUid).toBe(e.childUid);
    expect(got.modWsgiMessageStyle).toBe(entry.style);
  });

  it.each(rows)('$id contains one of the scanner needles (or it would never be looked at)', ({ sample }) => {
    expect(NEEDLES.some((n) => sample.line.includes(n))).toBe(true);
  });

  it('every connect variant maps to WSGI0116 or WSGI0117', () => {
    for (const entry of CATALOGUE.filter((e) => e.kind === 'connect')) {
      for (const s of entry.samples) {
        const rec = parseRecord(s.line)!;
        const ev = buildEvent(rec, matchMessage(rec.message)!, WHERE);
        expect('connect' in ev && ['WSGI0116', 'WSGI0117'].includes(ev.connect.code)).toBe(true);
      }
    }
  });

  it('classifies the 3.x "after multiple attempts." wording by errno', () => {
    const base =
      "[Tue Sep 22 04:20:37 2015] [error] [client 50.131.221.92] (ERRNO): mod_wsgi (pid=3302): Unable to connect to WSGI daemon process 'astronomy' on '/etc/httpd/logs/wsgi.3299.0.1.sock' after multiple attempts.";
    const code = (errno: string) => {
      const rec = parseRecord(base.replace('(ERRNO)', errno))!;
      const ev = buildEvent(rec, matchMessage(rec.message)!, WHERE);
      return 'connect' in ev ? ev.connect.code : null;
    };
    expect(code('(111)Connection refused')).toBe('WSGI0116');
    expect(code('(11)Resource temporarily unavailable')).toBe('WSGI0116');
    expect(code('(2)No such file or directory')).toBe('WSGI0117');
    expect(code('(13)Permission denied')).toBe('WSGI0117');
  });

  it.each(NON_EVENTS)('$id lines are recognised and are not events', ({ sample }) => {
    const rec = parseRecord(sample)!;
    expect(isNonEvent(rec.message)).toBe(true);
    expect(matchMessage(rec.message)).toBeNull();
  });

  it('text that merely mentions the message (an application print) is not an event', () => {
    const rec = parseRecord(
      "[Tue Nov 17 06:25:03.000001 2026] [wsgi:error] [pid 1:tid 1] [remote 10.0.0.1:1] saw: mod_wsgi (pid=1): Unable to connect to WSGI daemon process 'a' on 'b' as user with uid=3.",
    )!;
    expect(matchMessage(rec.message)).toBeNull();
  });
});

const markerRows = LIFECYCLE_MARKERS.flatMap((m) => m.samples.map((s, i) => ({ id: `${m.id} #${i + 1}`, m, s })));
describe('Apache lifecycle markers', () => {
  it.each(markerRows)('$id', ({ m, s }) => {
    const rec = parseRecord(s.line);
    expect(rec).not.toBeNull();
    const got = matchLifecycle(rec!.module, rec!.message);
    expect(got?.marker.id).toBe(m.id);
    if (m.mpm) expect(got?.mpm).toBe(m.mpm);
    expect(NEEDLES.some((n) => s.line.includes(n))).toBe(true);
  });

  it('names the MPM from the module tag of threaded markers', () => {
    const rec = parseRecord(
      '[Mon Nov 16 06:25:01.000212 2026] [mpm_worker:notice] [pid 900:tid 140001] AH00297: SIGUSR1 received.  Doing graceful restart',
    )!;
    expect(matchLifecycle(rec.module, rec.message)?.mpm).toBe('worker');
  });
});
