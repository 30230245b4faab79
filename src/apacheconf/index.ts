// Public surface of the Apache configuration reader (--apache-config, and the config found by --root).
export { readApacheConfig, parseTimeout, type ReadApacheConfigOptions } from './reader.js';
export { locateApacheConfig, serviceDefines, sysconfigMpm, MAIN_CONFIG_CANDIDATES } from './distro.js';
