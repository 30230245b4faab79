// The CLI is a thin shell: it parses options, wires the stages and maps errors to exit codes
// (cli-contract.md). Everything it prints on failure is one line naming the file and line.
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../errors.js';
import { FORMATS, RENDERERS, type Format } from '../report/formats.js';
import { terminalSafe } from '../report/terminal.js';
import { TOOL_NAME, TOOL_VERSION } from '../analyse/version.js';
import { alreadyReported, writeOutput, writeStdout } from './output.js';
import { progressFor } from './progress.js';

/** when the logs were read, and the process's CPU time then (for WSGI_LOGDOCTOR_STATS) */
let scanEnd = NaN;
let scanEndCpu = NaN;
let scanEndRss = NaN;

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  now: () => number;
}

const EXAMPLES = `
Examples:
  # the usual case: the error log, its rotated siblings and the logrotate stanza
  $ wsgi-logdoctor /var/log/httpd/error_log --logrotate /etc/logrotate.d/httpd

  # a sosreport unpacked for a postmortem: find logs, configs, schedule and zone
  $ wsgi-logdoctor --root ./sosreport-web01/ --format markdown -o postmortem.md

  # logs copied off the host, schedule given by hand, last 7 days only
  $ wsgi-logdoctor ./logs/error_log* --schedule "25 6 * * *" --tz Europe/Berlin --since 7d

  # who got the 503s (access log, read only around the bursts) and when logrotate really ran
  $ wsgi-logdoctor /var/log/httpd/error_log --access-log /var/log/httpd/access_log --scheduler-log /var/log/cron

  # a pipeline: JSON for scripts (exit 1 when connect errors were found)
  $ zcat error_log-*.gz | wsgi-logdoctor - --format json | jq .summary

Exit status: 0 no mod_wsgi daemon connect errors, 1 such errors found, 2 usage error or
unusable input.`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name(TOOL_NAME)
    .description(
      'Find out why mod_wsgi daemon connections fail (WSGI0116/WSGI0117) and whether WSGISocketRotation Off is the fix.',
    )
    .argument('[log...]', "Apache error logs: paths, globs, directories, or '-' for standard input")
    .option('--logrotate <file>', 'a logrotate config (stanza file or main logrotate.conf); repeatable', collect, [])
    .option(
      '--schedule <spec>',
      'when logrotate runs: cron expression, @daily-style macro, or systemd:<OnCalendar>; repeatable',
      collect,
      [],
    )
    .option(
      '--cron <file>',
      'a crontab, /etc/cron.d file or anacrontab to read the schedule from; repeatable',
      collect,
      [],
    )
    .option('--timer <file>', 'a systemd .timer unit (e.g. logrotate.timer); repeatable', collect, [])
    .option(
      '--root <dir>',
      'discover logs and configs under a filesystem root (/ or an unpacked sosreport/supportconfig)',
    )
    .option('--apache-config <file>', 'the Apache main config (Include/IncludeOptional are followed)')
    .option(
      '--access-log <file>',
      'an Apache access log (path, glob, .gz; rotated siblings too) for the requests each burst failed; repeatable (default: the CustomLog files of the Apache config, or under --root)',
      collect,
      [],
    )
    .option(
      '--scheduler-log <file>',
      "a scheduler's own log showing when logrotate really ran: /var/log/cron, syslog with CRON/anacron lines, a journal export, logrotate's output; repeatable",
      collect,
      [],
    )
    .option(
      '--tz <zone>',
      "IANA time zone of the log timestamps and schedules (default: the machine's, or the bundle's with --root)",
    )
    .option('--since <time>', 'analyse from this time (ISO date/time, or relative such as 7d, 12h)')
    .option('--until <time>', 'analyse up to this time (ISO date/time, or relative)')
    .option(
      '--explain-schedule',
      'print the logrotate schedule found (--schedule/--cron/--timer/--root) with its previous and next runs, and exit',
    )
    .option(
      '--check',
      'run as a monitoring check (Monitoring Plugins): one status line with perfdata; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; default window --since 24h',
    )
    .option(
      '-w, --warning <range>',
      'with --check: WARNING when the number of bursts is outside this range (default 0: from 1 burst)',
    )
    .option(
      '-c, --critical <range>',
      'with --check: CRITICAL when the number of bursts is outside this range (default 2: from 3 bursts)',
    )
    .option('--burst-gap <seconds>', 'errors further apart than this start a new burst (default 120)')
    .addOption(new Option('--format <fmt>', 'report format').choices([...FORMATS]).default('text'))
    .option('-o, --output <file>', 'write the report to this file instead of standard output')
    .option('--no-rotated', 'read only the paths given, not their rotated siblings')
    .option('--no-color', 'no ANSI colours (also off when not a TTY or NO_COLOR is set)')
    .option('--no-progress', 'no progress on standard error')
    .option('-q, --quiet', 'no warnings on standard error')
    .version(TOOL_VERSION, '-V, --version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);
  return program;
}

interface Options {
  logrotate: string[];
  schedule: string[];
  cron: string[];
  timer: string[];
  root?: string;
  apacheConfig?: string;
  accessLog: string[];
  schedulerLog: string[];
  tz?: string;
  since?: string;
  until?: string;
  burstGap?: string;
  explainSchedule?: boolean;
  check?: boolean;
  warning?: string;
  critical?: string;
  format: Format;
  output?: string;
  rotated: boolean;
  color: boolean;
  progress: boolean;
  quiet?: boolean;
}

/** `--explain-schedule`'s text: the sources and their previous/next runs around `around`. */
function explainScheduleText(s: {
  zone: string;
  aroundLocal: string;
  runs: string[];
  assumptions: string[];
  notes: string[];
}): string {
  const lines = [`Schedule (${s.zone}), runs around ${s.aroundLocal}:`, ...s.runs];
  for (const a of s.assumptions) lines.push(`assumption: ${a}`);
  for (const n of s.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

/** Columns for the text report: COLUMNS when set, else the terminal's width, else 100. */
function reportWidth(io: CliIo, toFile: boolean): number {
  const env = Number(io.env.COLUMNS);
  if (Number.isInteger(env) && env > 0) return env;
  const cols = (io.stdout as { columns?: unknown }).columns;
  if (!toFile && io.stdout.isTTY === true && typeof cols === 'number' && cols > 0) return cols;
  return 100;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'fleet') return (await import('./fleet.js')).runFleet(argv.slice(1), io);
  const program = buildProgram();
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    outputError: (s, write) =>
      write(`${TOOL_NAME}: ${terminalSafe(s.replace(/^error: /, '').trimEnd())}\n(see ${TOOL_NAME} --help)\n`),
  });
  // a monitoring check reports bad options as UNKNOWN (exit 3), on standard output, never as 2
  const checking = argv.includes('--check');
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return 0;
      if (checking) {
        const { unknownLine } = await import('../report/check.js');
        await writeStdout(io.stdout, unknownLine(terminalSafe(e.message.replace(/^error: /, ''))));
        return 3;
      }
      return 2;
    }
    throw e;
  }
  const opts = program.opts<Options>();
  const logs = program.args;
  const warn = (msg: string) => {
    if (!opts.quiet) io.stderr.write(`${TOOL_NAME}: warning: ${terminalSafe(msg)}\n`);
  };
  const progress = progressFor(opts, io.stderr, io.env);
  try {
    // The stages load only when there is work for them (--help and --version stay instant);
    // the renderers load while the logs are being read.
    const { analyse, scheduleAround } = await import('../analyse/index.js');
    const reportModule = import('../report/index.js');
    if (opts.explainSchedule) {
      const text = explainScheduleText(
        await scheduleAround(
          { schedule: opts.schedule, cron: opts.cron, timer: opts.timer, root: opts.root, tz: opts.tz },
          io.now(),
        ),
      );
      if (opts.output !== undefined) writeOutput(opts.output, text);
      else await writeStdout(io.stdout, terminalSafe(text, { multiline: true }));
      return 0;
    }
    let burstGapSeconds: number | undefined;
    if (opts.burstGap !== undefined) {
      burstGapSeconds = Number(opts.burstGap);
      if (!Number.isFinite(burstGapSeconds) || burstGapSeconds <= 0)
        throw new InputError(`--burst-gap: expected a number of seconds > 0, got '${opts.burstGap}'`);
    }
    const check = opts.check ? await checkOptions(opts) : null;
    // the report's renderer loads now, while the logs are read, not after (and before a .gz turns
    // on --expose-gc, which makes V8 refuse the code cache of chunks loaded later: inputs/read.ts)
    if (!check) void RENDERERS[opts.format]().catch(() => {});
    const report = await analyse({
      logs,
      root: opts.root,
      logrotate: opts.logrotate,
      schedule: opts.schedule,
      cron: opts.cron,
      timer: opts.timer,
      apacheConfig: opts.apacheConfig,
      accessLogs: opts.accessLog,
      schedulerLogs: opts.schedulerLog,
      tz: opts.tz,
      since: opts.since ?? (check ? CHECK_DEFAULT_SINCE : undefined),
      until: opts.until,
      burstGapSeconds,
      rotated: opts.rotated,
      // a getter: touching process.stdin builds a stream (~15 ms of start-up) that only '-' needs
      get stdin() {
        return io.stdin;
      },
      now: io.now(),
      onProgress: (p) => {
        // (the global performance loads perf_hooks: only when asked)
        if (p.step === 'diagnose' && process.env.WSGI_LOGDOCTOR_STATS) {
          scanEnd = performance.now();
          const c = process.cpuUsage();
          scanEndCpu = (c.user + c.system) / 1000;
          scanEndRss = process.resourceUsage().maxRSS;
        }
        progress.update(p);
      },
    });
    progress.end();
    if (check) {
      for (const i of report.inputs) if (i.error) warn(`${i.path}: ${i.error}`);
      for (const w of report.warnings) warn(w);
      const { text, status } = check.render(report);
      if (opts.output !== undefined) writeOutput(opts.output, text);
      else await writeStdout(io.stdout, text);
      return status;
    }
    // Each warning once: a text or markdown report on standard output carries its own Warnings
    // section (and an input's error in its Inputs row), so there it is not repeated on stderr;
    // with -o, or a format read by programs (json, html, prometheus), stderr says it.
    if (opts.output !== undefined || (opts.format !== 'text' && opts.format !== 'markdown')) {
      for (const i of report.inputs) if (i.error) warn(`${i.path}: ${i.error}`);
      for (const w of report.warnings) warn(w);
    }
    const color =
      opts.color && !io.env.NO_COLOR && opts.output === undefined && io.stdout.isTTY === true && opts.format === 'text';
    const { renderReportChunks } = await reportModule;
    // in pieces: the JSON report is written as a stream (events[] a batch at a time)
    const text = await renderReportChunks(report, opts.format, {
      color,
      width: reportWidth(io, opts.output !== undefined),
    });
    if (opts.output !== undefined) writeOutput(opts.output, text);
    // A safety net for what the renderer left raw; with colour on, the renderer's own escapes
    // must survive, so there the renderer alone is responsible (JSON and HTML escape their own).
    else if (!color && (opts.format === 'text' || opts.format === 'markdown'))
      await writeStdout(
        io.stdout,
        [...text].map((t) => (typeof t === 'string' ? terminalSafe(t, { multiline: true }) : t)),
      );
    else await writeStdout(io.stdout, text);
    // exit 1: connect errors, or signature lines that could not be read (never a silent all-clear)
    const unreadable = report.inputs.some((i) => Object.values(i.unreadable).some((n) => (n ?? 0) > 0));
    return report.summary.WSGI0116 + report.summary.WSGI0117 > 0 || unreadable ? 1 : 0;
  } catch (e) {
    progress.end();
    if (e instanceof InputError) {
      if (opts.check) {
        const { unknownLine } = await import('../report/check.js');
        await writeStdout(io.stdout, unknownLine(terminalSafe(e.describe())));
        return 3;
      }
      io.stderr.write(`${TOOL_NAME}: ${terminalSafe(e.describe())}\n`);
      return 2;
    }
    throw e;
  }
}

/** A monitoring check looks at the last day unless told otherwise. */
const CHECK_DEFAULT_SINCE = '24h';

/** --check's thresholds, parsed before any log is read (a bad range is UNKNOWN at once). */
async function checkOptions(opts: Options) {
  const { DEFAULT_CRITICAL, DEFAULT_WARNING, parseRange, renderCheck } = await import('../report/check.js');
  const warning = parseRange(opts.warning ?? DEFAULT_WARNING, '-w');
  const critical = parseRange(opts.critical ?? DEFAULT_CRITICAL, '-c');
  return { render: (report: Parameters<typeof renderCheck>[0]) => renderCheck(report, { warning, critical }) };
}

export async function main(argv: string[]): Promise<void> {
  // A reader that went away (`| head`) is not an error; anything else on stdout is one line.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || alreadyReported(e)) return;
    process.stderr.write(`${TOOL_NAME}: <stdout>: cannot write the report (${e.code ?? e.message})\n`);
    process.exitCode = 2;
  });
  let code: number;
  try {
    code = await run(argv.slice(2), {
      stdout: process.stdout,
      stderr: process.stderr,
      get stdin() {
        return process.stdin;
      },
      env: process.env,
      now: () => Date.now(),
    });
  } catch (e) {
    // A bug, not a user mistake: say so plainly, keep the stack for the bug report.
    process.stderr.write(
      `${TOOL_NAME}: internal error: ${terminalSafe((e as Error).stack ?? String(e), { multiline: true })}\nPlease report this with the command line used.\n`,
    );
    code = 2;
  }
  if (process.env.WSGI_LOGDOCTOR_STATS) {
    // used by `npm run bench`: peak RSS of the whole process, worker threads included
    // and the milliseconds since the process started at the end of the scan and of main(), with
    // the CPU time (all threads) at both
    const c = process.cpuUsage();
    process.stderr.write(
      `stats: maxrss_kib=${process.resourceUsage().maxRSS} scan_end_ms=${scanEnd.toFixed(1)} main_end_ms=${performance.now().toFixed(1)} scan_end_cpu_ms=${scanEndCpu.toFixed(1)} scan_end_maxrss_kib=${scanEndRss} main_end_cpu_ms=${((c.user + c.system) / 1000).toFixed(1)}\n`,
    );
  }
  process.exitCode = code;
}
