// Shared pieces of the fuzz suite (docs/testing.md): the run budget from the environment,
// mutations of real fixture text, and the two properties every parser must keep.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { expect } from 'vitest';
import { InputError } from '../../src/errors.js';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * `npm test` runs a fixed seed and a few runs per property; `npm run fuzz` sets FUZZ_RUNS (and
 * a fresh FUZZ_SEED unless given) for a longer search. A failure prints the seed and path to replay.
 */
export function fuzzParams(runsInTestCommand = 30): fc.Parameters<unknown> {
  const runs = Number(process.env.FUZZ_RUNS ?? runsInTestCommand);
  const seed = Number(process.env.FUZZ_SEED ?? 18);
  // Shrinking a slow counterexample re-runs it many times: stop searching in time to report it.
  return { numRuns: runs, seed, interruptAfterTimeLimit: TEST_TIMEOUT_MS / 2 };
}

/**
 * Wall-clock guard per parser call. Inputs reach about 0.5 MB, which a linear parser reads in
 * well under a second even on a busy shared machine; a quadratic one takes minutes. A hang
 * detector, not a benchmark.
 */
export const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 10_000);

/** Timeout of the surrounding `it`: room for all its runs (a long `npm run fuzz` gets an hour). */
export const TEST_TIMEOUT_MS = process.env.FUZZ_RUNS ? 3_600_000 : 120_000;

/** Calls fn; the only exception allowed is the project's InputError (a clear file:line for the user). */
export function onlyInputError<T>(fn: () => T): T | InputError {
  const t0 = performance.now();
  let out: T | InputError;
  try {
    out = fn();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    out = e;
  }
  const ms = performance.now() - t0;
  expect(ms, `over the ${BUDGET_MS} ms budget`).toBeLessThan(BUDGET_MS);
  return out;
}

/** Text of the fixture files under a folder (recursively), .gz decompressed. */
export function fixtureTexts(dir: string, accept: (file: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && accept(p)) {
        const buf = fs.readFileSync(p);
        out.push((p.endsWith('.gz') ? zlib.gunzipSync(buf) : buf).toString('utf8'));
      }
    }
  };
  walk(path.join(ROOT, 'fixtures', dir));
  if (out.length === 0) throw new Error(`no fixtures under ${dir}`);
  return out;
}

// What hostile or broken inputs are made of: prototype names, control bytes, quoting and
// continuation characters, glob and variable syntax, huge numbers, the daemon-group separator.
const TOKENS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  '\x1b[2J',
  '\x07',
  '\x00',
  '\u202e',
  '\\',
  '\\\n',
  '"',
  "'",
  '{',
  '}',
  '<',
  '>',
  '</IfModule>',
  '<IfModule x.c>',
  '*',
  '?',
  '[',
  '[!a-',
  ']',
  '[[:alpha:]]',
  '${V}',
  '${',
  '=',
  '#',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '~',
  '..',
  '/',
  '%',
  '99999999999999999999999',
  '4294967296',
  '-1',
  '0',
  '@daily',
  '*/0',
  '5-1',
  ',',
  ':',
  "' on '",
  '(pid=',
  'include /etc',
  'Include /',
  'Define V ${V}${V}',
  'OnCalendar=',
  '[Timer]',
  'AccuracySec=',
  'h',
  'y',
  '.gz',
];

type Op =
  | { kind: 'insert'; at: number; token: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'truncate'; at: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('repeat' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 12 }),
      times: fc.integer({ min: 2, max: 60_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

const MAX_LENGTH = 256 * 1024;

function apply(text: string, o: Op): string {
  const at = (n: number) => n % (text.length + 1);
  switch (o.kind) {
    case 'insert': {
      const i = at(o.at);
      return text.slice(0, i) + o.token + text.slice(i);
    }
    case 'delete': {
      const i = at(o.at);
      return text.slice(0, i) + text.slice(i + o.length);
    }
    case 'repeat': {
      const i = at(o.at);
      const chunk = text.slice(i, i + o.length) || 'a';
      const times = Math.min(o.times, Math.floor(MAX_LENGTH / chunk.length));
      return text.slice(0, i) + chunk.repeat(times) + text.slice(i);
    }
    case 'swap-lines': {
      const lines = text.split('\n');
      const a = o.a % lines.length;
      const b = o.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, at(o.at));
  }
}

/** A fixture text (one of `seeds`) with up to `maxOps` mutations. */
export function mutated(seeds: readonly string[], maxOps = 6): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(op, { maxLength: maxOps }))
    .map(([seed, ops]) => ops.reduce(apply, seed));
}

/** One line of the seeds (non-empty) with mutations. */
export function mutatedLine(seeds: readonly string[], maxOps = 4): fc.Arbitrary<string> {
  const lines = [...new Set(seeds.flatMap((t) => t.split('\n')).filter((l) => l.trim() !== ''))];
  return mutated(lines, maxOps).map((l) => l.replace(/\r?\n/g, ' '));
}
