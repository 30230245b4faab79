// docs/report.schema.json (JSON Schema 2020-12) against the JSON report of every fixture,
// scenario and bundle, with ajv (the standard validator); and the schema against the TypeScript
// types it describes (src/model.ts), key by key, so that neither can change without the other.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../src/report/words/index.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin', 'wsgi-logdoctor');
type Schema = {
  properties?: Record<string, Schema>;
  required?: string[];
  $defs?: Record<string, Schema>;
  $ref?: string;
  oneOf?: Schema[];
  items?: Schema;
};
const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'docs/report.schema.json'), 'utf8')) as Schema;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

const dirs = (sub: string) =>
  fs
    .readdirSync(path.join(REPO, 'fixtures', sub))
    .filter((d) => fs.statSync(path.join(REPO, 'fixtures', sub, d)).isDirectory())
    .sort();
const zoneOf = (dir: string): string => {
  const f = path.join(dir, 'scenario.json');
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as { zone: string }).zone : 'Europe/Berlin';
};
/** A capture's logs as an operator passes them: the folder, or its files when they are syslog/journal captures. */
const logArgs = (dir: string): string[] => {
  const names = fs.readdirSync(path.join(REPO, dir)).sort();
  return names.some((n) => /error/.test(n)) ? [dir] : names.map((n) => path.join(dir, n));
};
const cases: [string, string[]][] = [
  ...dirs('real').map((d): [string, string[]] => [
    `real/${d}`,
    [
      ...logArgs(path.join('fixtures/real', d, 'logs')),
      '--tz',
      'Europe/Berlin',
      // the access logs too, so that bursts[].impact and accessLog are validated
      ...(fs.existsSync(path.join(REPO, 'fixtures/real', d, 'access'))
        ? ['--access-log', path.join('fixtures/real', d, 'access')]
        : []),
    ],
  ]),
  ...dirs('scenarios').map((d): [string, string[]] => [
    `scenarios/${d}`,
    [path.join('fixtures/scenarios', d, 'logs'), '--tz', zoneOf(path.join(REPO, 'fixtures/scenarios', d))],
  ]),
  ...dirs('bundles').map((d): [string, string[]] => [`bundles/${d}`, ['--root', path.join('fixtures/bundles', d)]]),
];

describe('every report validates against docs/report.schema.json', () => {
  it('covers the fixtures, scenarios and bundles', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
  it.each(cases)('%s', (_name, args) => {
    const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/Error|error:/);
    expect([0, 1]).toContain(r.status);
    const report = JSON.parse(r.stdout) as { schemaVersion: number };
    const ok = validate(report);
    expect(ajv.errorsText(validate.errors, { separator: '\n' }), 'schema errors').toBe('No errors');
    expect(ok).toBe(true);
    expect(report.schemaVersion).toBe(2);
  });
});

/** The schema object a $ref or a nullable oneOf stands for. */
function resolve(s: Schema): Schema {
  if (s.$ref) return resolve(schema.$defs![s.$ref.replace('#/$defs/', '')]!);
  if (s.oneOf) return resolve(s.oneOf.find((x) => !('type' in x && (x as { type: string }).type === 'null'))!);
  if (s.items) return resolve(s.items);
  return s;
}

describe('the schema and the TypeScript types agree', () => {
  const program = ts.createProgram([path.join(REPO, 'src/model.ts')], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(path.join(REPO, 'src/model.ts'))!;
  const typeOf = (name: string): ts.Type => {
    const sym = checker.getSymbolAtLocation(file)!;
    const exp = checker.getExportsOfModule(sym).find((s) => s.name === name)!;
    return checker.getDeclaredTypeOfSymbol(exp);
  };
  /** property name → optional? */
  const keys = (t: ts.Type): Map<string, boolean> =>
    new Map(checker.getPropertiesOfType(t).map((p) => [p.name, (p.flags & ts.SymbolFlags.Optional) !== 0]));
  const at = (t: ts.Type, prop: string): ts.Type => {
    const p = t.getProperty(prop)!;
    let pt = checker.getNonNullableType(checker.getTypeOfSymbol(p));
    if (checker.isArrayType(pt)) pt = checker.getTypeArguments(pt as ts.TypeReference)[0]!;
    else if (pt.getProperty('distinctShapes')) {
      // the connect errors are kept in columns (src/events.ts): an item is what at(i) gives
      const atSig = checker.getTypeOfSymbol(pt.getProperty('at')!).getCallSignatures()[0]!;
      pt = checker.getNonNullableType(checker.getReturnTypeOfSignature(atSig));
    }
    return pt;
  };
  const report = typeOf('Report');
  // Each documented object: the TS type and the schema object. Items with {code, args} get a
  // `text` in the JSON (words), recommendations their snippet: those are the JSON's additions.
  const pairs: [string, ts.Type, Schema, string[]][] = [
    ['Report', report, schema, []],
    ['inputs[]', at(report, 'inputs'), resolve(schema.properties!['inputs']!), []],
    ['events[]', at(report, 'events'), resolve(schema.properties!['events']!), []],
    ['restarts[]', at(report, 'restarts'), resolve(schema.properties!['restarts']!), []],
    ['rotations[]', at(report, 'rotations'), resolve(schema.properties!['rotations']!), []],
    ['bursts[]', at(report, 'bursts'), resolve(schema.properties!['bursts']!), []],
    ['findings[]', at(report, 'findings'), resolve(schema.properties!['findings']!), []],
    [
      'findings[].recommendation',
      at(at(report, 'findings'), 'recommendation'),
      resolve(resolve(schema.properties!['findings']!).properties!['recommendation']!),
      ['snippet'],
    ],
    ['summary', at(report, 'summary'), resolve(schema.properties!['summary']!), []],
    ['hosts[]', at(report, 'hosts'), resolve(schema.properties!['hosts']!), []],
    ['statistics', at(report, 'statistics'), resolve(schema.properties!['statistics']!), []],
    ['recurrence', at(report, 'recurrence'), resolve(schema.properties!['recurrence']!), []],
    ['apacheConfig', at(report, 'apacheConfig'), resolve(schema.properties!['apacheConfig']!), []],
    ['banners[]', at(report, 'banners'), resolve(schema.properties!['banners']!), []],
    ['related[]', at(report, 'related'), resolve(schema.properties!['related']!), []],
  ];
  it.each(pairs)('%s: the same keys, required exactly where the type requires them', (_n, type, s, added) => {
    const k = keys(type);
    expect(Object.keys(s.properties!).sort()).toEqual([...k.keys(), ...added].sort());
    expect([...(s.required ?? [])].sort()).toEqual(
      [...[...k].filter(([, optional]) => !optional).map(([name]) => name), ...added].sort(),
    );
  });
  it('names every finding kind and verdict of the types', () => {
    const kinds = (t: ts.Type) => (t.isUnion() ? t.types : [t]).map((x) => (x as ts.StringLiteralType).value).sort();
    const fk = resolve(schema.properties!['findings']!).properties!['kind'] as { enum: string[] };
    expect([...fk.enum].sort()).toEqual(kinds(typeOf('FindingKind')));
    expect([...(schema.properties!['verdict'] as { enum: string[] }).enum].sort()).toEqual(kinds(typeOf('Verdict')));
  });
  it('every code is documented (docs/codes.md, from the words module)', () => {
    expect(Object.keys(CODES.recommendation).length).toBeGreaterThan(0);
  });
});
