#!/usr/bin/env node
// Keeps the README true: every block
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
const file = path.join(root, 'README.md');
const text = fs.readFileSync(file, 'utf8');
const BLOCK = /<!-- run: (.+?) -->\n```(\w*)\n[\s\S]*?```\n<!-- end -->/g;

const out = text.replace(BLOCK, (_all, cmd, lang) => {
  const r = spawnSync('bash', ['-c', `${cmd} 2>&1`], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '100' },
  });
  const body = `$ ${cmd}\n${r.stdout.replace(/\s+$/, '')}${r.status ? `\n(exit status ${r.status})` : ''}`;
  return `<!-- run: ${cmd} -->\n\`\`\`${lang}\n${body}\n\`\`\`\n<!-- end -->`;
});

if (process.argv.includes('--check')) {
  if (out !== text) {
    console.error('README.md is stale: run node scripts/update-readme.mjs');
    process.exit(1);
  }
} else {
  fs.writeFileSync(file, out);
}
