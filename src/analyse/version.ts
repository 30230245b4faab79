// The name and version from package.json, inlined by the bundler (no file read at start-up).
import pkg from '../../package.json' with { type: 'json' };

export const TOOL_NAME: string = pkg.name;
export const TOOL_VERSION: string = pkg.version;
