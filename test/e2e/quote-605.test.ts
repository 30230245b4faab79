// Quote what the log says (issue 13, point 6): on genuine mod_wsgi 6.0.5 output the evidence
// carries the 6.x lines as logged (WSGI0034, WSGI0146) with their counts and daemon group.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './helpers.js';

interface Ev {
  code: string;
  args: { asLogged?: { code: string | null; text: string; group: string | null; count: number }[]; sixX?: boolean };
}
interface Rep {
  findings: { kind: string; evidence: Ev[]; recommendation: { caveats: Ev[]; verify: Ev[] } | null }[];
  related: { kind: string; code: string | null }[];
}

describe('rotation-off-prefork-605 through the CLI', () => {
  const r = runCli([path.join(FIXTURES, 'rotation-off-prefork-605', 'logs'), '--tz', 'Europe/Berlin']);
  const rep = r.report as unknown as Rep;
  const ev = rep.findings.flatMap((f) => f.evidence);
  const related = (kind: string) => rep.related.filter((x) => x.kind === kind);
  it('the origin-check alerts are quoted as WSGI0034, one line per wording, with the count of related lines', () => {
    const a = ev.find((e) => e.code === 'origin-check-alerts')!;
    expect(a.args.asLogged!.map((l) => l.code)).toEqual(['WSGI0034']);
    expect(a.args.asLogged![0]!.count).toBe(related('origin-check-failed').length);
  });
  it('the truncated responses are quoted as WSGI0146 of group app', () => {
    const t = ev.find((e) => e.code === 'origin-check-truncated')!;
    expect(t.args.asLogged!.map((l) => [l.code, l.group])).toEqual([['WSGI0146', 'app']]);
    expect(t.args.asLogged![0]!.text).toMatch(/closed connection before sending complete response headers/);
    expect(t.args.asLogged![0]!.count).toBe(related('truncated-headers').length);
  });
});

describe('daily-rotation-prefork-605 through the CLI', () => {
  const r = runCli([path.join(FIXTURES, 'daily-rotation-prefork-605', 'logs'), '--tz', 'Europe/Berlin']);
  const rep = r.report as unknown as Rep;
  it('the rotation-Off caveat and the check afterwards use the 6.x wording', () => {
    const f = rep.findings.find((x) => x.kind === 'rotation-restart')!;
    expect(f.recommendation!.caveats.find((c) => c.code === 'prefork-off-origin-check')!.args.sixX).toBe(true);
    expect(f.recommendation!.verify.find((c) => c.code === 'verify-rotation-off')!.args.sixX).toBe(true);
  });
});
