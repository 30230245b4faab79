// The Apache configuration: --apache-config as named, or the main config found under --root
// (read through the bundle's rooted fs; Include/IncludeOptional followed inside it).
import path from 'node:path';
import { locateApacheConfig, readApacheConfig } from '../../apacheconf/index.js';
import type { ApacheConfigFacts } from '../../model.js';
import { defineSource } from './registry.js';

export const apacheConfigSource = defineSource({
  output: 'apacheConfig',
  needs: [],
  read({ options: o, discovered }): ApacheConfigFacts | null {
    if (o.apacheConfig !== undefined) return readApacheConfig(o.apacheConfig);
    if (!discovered) return null;
    const main = locateApacheConfig(discovered.root, discovered.fs)[0];
    return main
      ? readApacheConfig(path.join(discovered.root, main), { root: discovered.root, fs: discovered.fs })
      : null;
  },
});
