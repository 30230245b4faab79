#!/usr/bin/env node
// Keeps the README and docs/*.md true: every block
//   <!-- run: <shell command> -->
//   ```…
//   (output)
//   ```
//   <!-- end -->
// is refreshed with the command's real output (stdout and stderr, as a user sees them), run
// from the repository root with TZ=UTC and NO_COLOR=1. `--check` fails when the README is stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BLOCK = /<!-- run: (.+?) -->\n```(\w*)\n[\s\S]*?```\n<!-- end -->/g;

const files = [
  path.join(root, 'README.md'),
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((n) => n.endsWith('.md'))
    .sort()
    .map((n) => path.join(root, 'docs', n)),
];
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
let stale = 0;
for (const file of files) {
  if (only.length > 0 && !only.some((o) => path.resolve(o) === file)) continue;
  const text = fs.readFileSync(file, 'utf8');
  const out = text.replace(BLOCK, (_all, cmd, lang) => {
    const r = spawnSync('bash', ['-c', `${cmd} 2>&1`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '100' },
    });
    const shown = r.stdout.replace(/\s+$/, '');
    const body = `$ ${cmd}\n${shown}${r.status ? `\n(exit status ${r.status})` : ''}`;
    return `<!-- run: ${cmd} -->\n\`\`\`${lang}\n${body}\n\`\`\`\n<!-- end -->`;
  });
  if (out === text) continue;
  if (process.argv.includes('--check')) {
    console.error(`${path.relative(root, file)} is stale: run node scripts/update-readme.mjs`);
    stale++;
  } else fs.writeFileSync(file, out);
}
if (stale > 0) process.exit(1);
