// `--format prometheus`: a node_exporter textfile-collector file (text exposition format 0.0.4,
// checked with `promtool check metrics`). With -o it is written atomically (temp file + rename),
// as the collector requires. One series per host the logs name ("" when they name none).
import type { EventShape, Report, Verdict } from '../model.js';

const VERDICTS: readonly Verdict[] = [
  'rotation-restart',
  'rotation-already-off',
  'backlog-overload',
  'socket-permission',
  'daemon-down',
  'fix-not-in-effect',
  'inconclusive',
  'no-errors',
];

/** Label values: backslash, double quote and newline escaped (exposition format). */
function label(v: string): string {
  return v
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function labels(l: Record<string, string>): string {
  if (Object.keys(l).length === 0) return '';
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}="${label(v)}"`)
    .join(',')}}`;
}

class Out {
  lines: string[] = [];
  metric(name: string, help: string, samples: [Record<string, string>, number][]): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [l, v] of samples) this.lines.push(`${name}${labels(l)} ${Number.isInteger(v) ? v : v.toFixed(3)}`);
  }
}

export function renderPrometheus(report: Report): string {
  const hosts = report.hosts.length > 0 ? report.hosts.map((h) => h.host) : [''];
  const o = new Out();

  const errors = new Map<string, number>();
  // counted per shape (host, group and code are the shape's), then per key
  const perShape = new Map<number, number>();
  const shapes = new Map<number, EventShape>();
  const ev = report.events;
  for (let i = 0; i < ev.length; i++) {
    const id = ev.shapeId(i);
    const n = perShape.get(id);
    if (n === undefined) shapes.set(id, ev.shape(i));
    perShape.set(id, (n ?? 0) + 1);
  }
  for (const [id, n] of perShape) {
    const e = shapes.get(id)!;
    const k = JSON.stringify([e.host ?? '', e.group ?? '', e.code]);
    errors.set(k, (errors.get(k) ?? 0) + n);
  }
  // a host with no error of a code still gets its zero, so that alerts see the series
  for (const h of hosts)
    for (const code of ['WSGI0116', 'WSGI0117']) {
      const has = [...errors.keys()].some((k) => {
        const [kh, , kc] = JSON.parse(k) as string[];
        return kh === h && kc === code;
      });
      if (!has) errors.set(JSON.stringify([h, '', code]), 0);
    }
  o.metric(
    'wsgi_logdoctor_connect_errors',
    'mod_wsgi daemon connect errors (WSGI0116/WSGI0117 and their pre-6.0 forms) in the analysed window.',
    [...errors].sort().map(([k, v]) => {
      const [host, group, code] = JSON.parse(k) as [string, string, string];
      return [{ host, group, code }, v];
    }),
  );

  const burstsOf = (h: string) => report.bursts.filter((b) => (b.host ?? '') === h);
  o.metric(
    'wsgi_logdoctor_bursts',
    'Bursts of connect errors in the analysed window.',
    hosts.map((h) => [{ host: h }, burstsOf(h).length]),
  );

  const verdictOf = (h: string): Verdict => report.hosts.find((x) => x.host === h)?.verdict ?? report.verdict;
  o.metric(
    'wsgi_logdoctor_verdict',
    'The diagnosis: 1 for the verdict of the host, 0 for the other kinds.',
    hosts.flatMap((h) =>
      VERDICTS.map((k): [Record<string, string>, number] => [{ host: h, kind: k }, verdictOf(h) === k ? 1 : 0]),
    ),
  );

  const unreadable = new Map<string, number>();
  for (const i of report.inputs)
    for (const [reason, n] of Object.entries(i.unreadable ?? {}))
      unreadable.set(reason, (unreadable.get(reason) ?? 0) + n);
  o.metric(
    'wsgi_logdoctor_unreadable_lines',
    'Lines carrying a connect-failure signature that could not become an event, by reason.',
    [...unreadable].sort().map(([reason, n]) => [{ host: '', reason }, n]),
  );

  const last = hosts
    .map((h): [Record<string, string>, number] | null => {
      const b = burstsOf(h);
      return b.length > 0 ? [{ host: h }, Math.max(...b.map((x) => x.end)) / 1000] : null;
    })
    .filter((x): x is [Record<string, string>, number] => x !== null);
  if (last.length > 0)
    o.metric('wsgi_logdoctor_last_burst_timestamp_seconds', 'End of the last burst, Unix time.', last);

  o.metric(
    'wsgi_logdoctor_risk',
    'What the configuration predicts even without errors in the window (1 per risk code).',
    report.risks.map((r) => [{ host: hosts[0] ?? '', code: r.code }, 1]),
  );

  if (report.window.end !== null)
    o.metric('wsgi_logdoctor_window_end_timestamp_seconds', 'Last log timestamp analysed, Unix time.', [
      [{}, report.window.end / 1000],
    ]);
  return o.lines.join('\n') + '\n';
}
