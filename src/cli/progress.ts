// Progress on standard error (issue 14, point 5): only on a terminal, only for runs longer than
// about half a second, one line redrawn in place and erased at the end. Off with --no-progress
// or --quiet, when standard error is not a terminal, under CI (CI=…), on TERM=dumb and with
// NO_COLOR (as cli-contract.md asks); never written to standard output or --output.
import type { AnalysisProgress } from '../analyse/index.js';

export interface Progress {
  update(p: AnalysisProgress): void;
  /** erases the line (if one was drawn); call before anything else is written to stderr */
  end(): void;
}

const NONE: Progress = { update() {}, end() {} };

export function progressWanted(
  o: { progress: boolean; quiet?: boolean },
  stderr: { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  // NO_COLOR too: cli-contract.md turns colour *and* progress off with it
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return o.progress && o.quiet !== true && stderr.isTTY === true && !ci && !noColor && env.TERM !== 'dumb';
}

function size(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${n.toFixed(1)} ${units[i]}`;
}

export function describeProgress(p: AnalysisProgress, elapsedMs: number): string {
  switch (p.step) {
    case 'discover':
      return 'finding logs and configs under --root …';
    case 'configs':
      return 'reading configs and schedules …';
    case 'diagnose':
      return 'diagnosing …';
    case 'logs': {
      const r = p.read;
      if (!r) return 'reading logs …';
      const rate = elapsedMs > 0 ? `, ${size(Math.round((r.bytesDone / elapsedMs) * 1000))}/s` : '';
      const now = r.current !== null ? ` · ${r.current}` : '';
      return `reading logs: ${r.filesDone} of ${r.files} file${r.files === 1 ? '' : 's'}, ${size(r.bytesDone)} of ${size(r.bytes)}${rate}${now}`;
    }
  }
}

export function createProgress(
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  options: { delayMs?: number; now?: () => number } = {},
): Progress {
  const now = options.now ?? (() => Date.now());
  const delay = options.delayMs ?? 500;
  const start = now();
  let last: AnalysisProgress | null = null;
  let drawnAt = -Infinity;
  let drawn = false;
  let ended = false;
  const draw = () => {
    if (ended || last === null) return;
    const width = Math.max(20, (stderr.columns || 80) - 1);
    let line = describeProgress(last, now() - start);
    if (line.length > width) line = line.slice(0, width - 1) + '…';
    stderr.write(`\r${line}\x1b[K`);
    drawn = true;
    drawnAt = now();
  };
  const timer = setTimeout(draw, delay);
  timer.unref();
  return {
    update(p) {
      // a new step is drawn at once; within one, at most ten redraws a second
      const newStep = last === null || last.step !== p.step;
      last = p;
      const t = now();
      if (t - start >= delay && (newStep || t - drawnAt >= 100)) draw();
    },
    end() {
      ended = true;
      clearTimeout(timer);
      if (drawn) stderr.write('\r\x1b[K');
    },
  };
}

export function progressFor(
  o: { progress: boolean; quiet?: boolean },
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  env: NodeJS.ProcessEnv,
): Progress {
  if (!progressWanted(o, stderr, env)) return NONE;
  // a test knob: the PTY tests draw from the start instead of waiting for a slow run
  const knob = env.WSGI_LOGDOCTOR_PROGRESS_DELAY_MS;
  const d = knob !== undefined && /^\d+$/.test(knob) ? Number(knob) : 500;
  return createProgress(stderr, { delayMs: d });
}
