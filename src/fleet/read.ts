// The fleet roll-up reads per-host JSON reports (schemaVersion 2, docs/report.schema.json) that
// wsgi-logdoctor wrote elsewhere. They are input like any log: a file that is not such a report is
// named and skipped, never fatal, and no field is trusted to have the type the schema promises.
import fs from 'node:fs';
import path from 'node:path';

/** One host's line in the roll-up. */
export interface FleetRow {
  host: string;
  /** the report file the row came from, as given */
  file: string;
  verdict: string;
  bursts: number;
  errors: number;
  /** 503 responses counted in the access log during bursts; null when no access log was read */
  status503: number | null;
  /** codes of risks[] (what the configuration predicts even without errors) */
  risks: string[];
  /** is WSGISocketRotation Off in force: from the sockets when they say it, else the config */
  fixInEffect: 'yes' | 'no' | 'configured' | 'unknown';
  modWsgi: string | null;
  mpm: string | null;
  /** the primary finding's directive or what to do, when there is one */
  action: string | null;
  window: { start: string | null; end: string | null };
}

export interface Skipped {
  file: string;
  reason: string;
}

export interface Fleet {
  rows: FleetRow[];
  skipped: Skipped[];
}

/** Reports larger than this are not fleet input (a JSON report with 1M events is ~600 MB). */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Expands the arguments (files, or directories holding *.json) into report files, in a stable order. */
export function listReportFiles(args: string[]): { files: string[]; skipped: Skipped[] } {
  const files: string[] = [];
  const skipped: Skipped[] = [];
  for (const a of args) {
    let st: fs.Stats;
    try {
      st = fs.statSync(a);
    } catch (e) {
      skipped.push({ file: a, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'unreadable' });
      continue;
    }
    if (st.isDirectory()) {
      const names = fs
        .readdirSync(a)
        .filter((n) => n.endsWith('.json'))
        .sort();
      for (const n of names) files.push(path.join(a, n));
    } else files.push(a);
  }
  return { files, skipped };
}

/** Reads every report; the rows come back with the hosts that need action first. */
export function readFleet(args: string[]): Fleet {
  const { files, skipped } = listReportFiles(args);
  const rows: FleetRow[] = [];
  for (const file of files) {
    const r = readOne(file);
    if ('reason' in r) skipped.push(r);
    else rows.push(...r.rows);
  }
  rows.sort(byUrgency);
  return { rows, skipped };
}

function readOne(file: string): { rows: FleetRow[] } | Skipped {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return { file, reason: 'not a regular file' };
    if (st.size > MAX_REPORT_BYTES) return { file, reason: `larger than ${MAX_REPORT_BYTES >> 20} MiB` };
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { file, reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { file, reason: 'not JSON' };
  }
  if (!isObj(doc) || !isObj(doc.tool) || doc.tool.name !== 'wsgi-logdoctor')
    return { file, reason: 'not a wsgi-logdoctor report' };
  if (typeof doc.schemaVersion !== 'number' || doc.schemaVersion < 2)
    return { file, reason: `report schemaVersion ${String(doc.schemaVersion)} (2 or later is needed)` };
  return { rows: rowsOf(doc, file) };
}

/** One row per host the report names (a central syslog holds several), else one for the file. */
function rowsOf(doc: Obj, file: string): FleetRow[] {
  const fallbackHost = path.basename(file).replace(/\.json$/, '');
  const hosts = arr(doc.hosts).filter(isObj);
  const bursts = arr(doc.bursts).filter(isObj);
  const events = arr(doc.events).filter(isObj);
  const summary = isObj(doc.summary) ? doc.summary : {};
  const common = {
    file,
    risks: arr(doc.risks)
      .filter(isObj)
      .map((r) => str(r.code))
      .filter((c): c is string => c !== null),
    modWsgi: lastBanner(doc, 'modWsgi'),
    mpm: lastBanner(doc, 'mpm') ?? configValue(doc, 'mpm'),
    window: isObj(doc.window) ? { start: str(doc.window.start), end: str(doc.window.end) } : { start: null, end: null },
  };
  const named = hosts.filter((h) => (str(h.host) ?? '') !== '');
  if (named.length <= 1) {
    const host = named.length === 1 ? str(named[0]!.host)! : fallbackHost;
    return [
      {
        ...common,
        host,
        verdict: str(doc.verdict) ?? 'unknown',
        bursts: bursts.length,
        errors: num(summary.WSGI0116) + num(summary.WSGI0117),
        status503: status503(bursts),
        fixInEffect: fixInEffect(doc, events),
        action: primaryAction(doc),
      },
    ];
  }
  return named.map((h) => {
    const host = str(h.host)!;
    const mine = bursts.filter((b) => b.host === host);
    const evs = events.filter((e) => e.host === host);
    return {
      ...common,
      host,
      verdict: str(h.verdict) ?? 'unknown',
      bursts: mine.length,
      errors: num(h.events),
      status503: status503(mine),
      fixInEffect: fixInEffect(doc, evs),
      action: str(h.verdict) === str(doc.verdict) ? primaryAction(doc) : null,
    };
  });
}

function status503(bursts: Obj[]): number | null {
  let seen = false;
  let n = 0;
  for (const b of bursts) {
    if (!isObj(b.impact)) continue;
    seen = true;
    n += num(b.impact.status503);
  }
  return seen ? n : null;
}

/** The sockets tell the truth (u<uid> = Off in force); the config only says what was asked for. */
function fixInEffect(doc: Obj, events: Obj[]): FleetRow['fixInEffect'] {
  const last = events.length > 0 ? events[events.length - 1]! : null;
  const rotation = last && isObj(last.socketInfo) ? str(last.socketInfo.rotation) : null;
  if (rotation === 'off') return 'yes';
  if (rotation === 'on') return 'no';
  const changes = arr(doc.changes).filter(isObj);
  const lastChange = [...changes].reverse().find((c) => /^socket-rotation-/.test(str(c.kind) ?? ''));
  if (lastChange) return lastChange.kind === 'socket-rotation-off' ? 'yes' : 'no';
  const configured = configValue(doc, 'socketRotation');
  if (configured === 'off') return 'configured';
  return 'unknown';
}

function configValue(doc: Obj, key: string): string | null {
  const c = doc.apacheConfig;
  if (!isObj(c) || !isObj(c[key])) return null;
  const v = (c[key] as Obj).value;
  return typeof v === 'string' ? v : null;
}

function lastBanner(doc: Obj, key: 'modWsgi' | 'mpm'): string | null {
  const banners = arr(doc.banners).filter(isObj);
  for (let i = banners.length - 1; i >= 0; i--) {
    const v = str(banners[i]![key]);
    if (v) return v;
  }
  return null;
}

function primaryAction(doc: Obj): string | null {
  const findings = arr(doc.findings).filter(isObj);
  const primary = findings.find((f) => f.role === 'primary') ?? findings[0];
  if (!primary || !isObj(primary.recommendation)) return null;
  return str(primary.recommendation.directive);
}

/** Which verdicts call for action soonest: a fix that is not working, then the nightly 503s, … */
const URGENCY: Record<string, number> = {
  'fix-not-in-effect': 0,
  'rotation-restart': 1,
  'daemon-down': 2,
  'socket-permission': 3,
  'backlog-overload': 4,
  'rotation-already-off': 5,
  inconclusive: 6,
  'no-errors': 8,
};

function urgency(r: FleetRow): number {
  const u = URGENCY[r.verdict] ?? 6;
  return u === 8 && r.risks.length > 0 ? 7 : u;
}

function byUrgency(a: FleetRow, b: FleetRow): number {
  return urgency(a) - urgency(b) || b.errors - a.errors || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0);
}

/** Whether a row asks the operator to do something (the roll-up's exit status). */
export function needsAction(r: FleetRow): boolean {
  return urgency(r) < 8;
}
