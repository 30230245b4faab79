import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// dist/analyse/version.js and src/analyse/version.ts are both two levels below package.json
const pkg = require('../../package.json') as { name: string; version: string };

export const TOOL_NAME: string = pkg.name;
export const TOOL_VERSION: string = pkg.version;
