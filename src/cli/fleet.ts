// `wsgi-logdoctor fleet REPORT.json…|DIR`: the roll-up of per-host JSON reports. A file that is
// not a report is named and skipped; exit 0 when no host needs action, 1 when one does, 2 when no
// report could be read at all or the options are wrong.
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../errors.js';
import { FLEET_FORMATS, needsAction, readFleet, renderFleet, type FleetFormat } from '../fleet/index.js';
import { writeOutput, writeStdout } from './output.js';
import { TOOL_NAME } from '../analyse/version.js';

interface FleetIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const EXAMPLES = `
Examples:
  # every report the Ansible playbook collected, as one table
  $ wsgi-logdoctor fleet reports/

  # a markdown table for the postmortem
  $ wsgi-logdoctor fleet web01.json web02.json --format markdown -o fleet.md

Exit status: 0 no host needs action, 1 at least one does, 2 no report could be read or a usage error.`;

export async function runFleet(argv: string[], io: FleetIo): Promise<number> {
  const program = new Command()
    .name(`${TOOL_NAME} fleet`)
    .description(
      'Roll per-host JSON reports (wsgi-logdoctor --format json) up into one table, hosts needing action first.',
    )
    .argument('<report...>', 'JSON reports, or directories holding them (*.json)')
    .addOption(new Option('--format <fmt>', 'table format').choices([...FLEET_FORMATS]).default('text'))
    .option('-o, --output <file>', 'write the table to this file instead of standard output')
    .option('-q, --quiet', 'no warnings on standard error')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXAMPLES)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) =>
        write(`${TOOL_NAME} fleet: ${s.replace(/^error: /, '').trimEnd()}\n(see ${TOOL_NAME} fleet --help)\n`),
    });
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? 0 : 2;
    throw e;
  }
  const opts = program.opts<{ format: FleetFormat; output?: string; quiet?: boolean }>();
  const fleet = readFleet(program.args);
  if (!opts.quiet)
    for (const s of fleet.skipped) io.stderr.write(`${TOOL_NAME} fleet: warning: skipped ${s.file}: ${s.reason}\n`);
  if (fleet.rows.length === 0) {
    io.stderr.write(`${TOOL_NAME} fleet: no wsgi-logdoctor report among the ${program.args.length} path(s) given\n`);
    return 2;
  }
  const text = renderFleet(fleet, opts.format);
  try {
    if (opts.output !== undefined) writeOutput(opts.output, text);
    else await writeStdout(io.stdout, text);
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr.write(`${TOOL_NAME} fleet: ${e.describe()}\n`);
      return 2;
    }
    throw e;
  }
  return fleet.rows.some(needsAction) ? 1 : 0;
}
