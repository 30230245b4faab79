#!/usr/bin/env node
// Writes docs/codes.md from the words module (run `npm run build` first; test/report/words.test.ts
// fails when the committed file is stale).
import fs from 'node:fs';
import path from 'node:path';
import { codesMarkdown } from '../dist/report/words/index.js';

const out = path.join(import.meta.dirname, '..', 'docs', 'codes.md');
fs.writeFileSync(out, codesMarkdown());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
