// ESLint (flat config): typescript-eslint's recommended rules, plus import rules that keep the
// pipeline's arrows honest (README, "How it works"): data enters in the reader stages, is decided
// in correlate/diagnose, and is rendered in report; nothing reaches back up the pipeline.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'test-artifacts/', 'bench/data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        WebAssembly: 'readonly',
        SharedArrayBuffer: 'readonly',
        Atomics: 'readonly',
        globalThis: 'readonly',
      },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-control-regex': 'off', // the readers strip and escape control characters on purpose
      'import-x/no-cycle': 'error',
      // The stage arrows: readers (inputs, apache, wsgi, logrotate, schedule, apacheconf, discovery, access)
      // -> decision (correlate, diagnose) -> rendering (report); the analysis stage (analyse/) runs
      // the readers and the decision into one Report, and the CLI renders it. model.ts, errors.ts
      // and time/ are shared by all; fs/ (the one file-system interface) by the readers.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/!(cli)/**',
              from: './src/cli',
              message: 'Only the CLI imports the CLI.',
            },
            {
              target: ['./src/{inputs,apache,wsgi,logrotate,schedule,apacheconf,discovery,access,fs}/**'],
              from: ['./src/correlate', './src/diagnose', './src/report', './src/analyse'],
              message: 'Reader stages do not depend on the analysis, decision or rendering stages.',
            },
            {
              target: ['./src/analyse/**'],
              from: ['./src/report', './src/cli'],
              message: 'The analysis stage returns the Report; rendering it is the CLI’s and report’s business.',
            },
            {
              target: ['./src/{correlate,diagnose}/**'],
              from: [
                './src/inputs',
                './src/discovery',
                './src/report',
                './src/logrotate',
                './src/schedule',
                './src/apacheconf',
                './src/fs',
                './src/analyse',
                './src/access',
              ],
              message: 'The decision stages work on model types, not on readers or renderers.',
            },
            {
              target: ['./src/report/**'],
              from: [
                './src/inputs',
                './src/discovery',
                './src/logrotate',
                './src/schedule',
                './src/apacheconf',
                './src/access',
                './src/apache',
                './src/wsgi',
                './src/correlate',
                './src/fs',
                './src/analyse',
                './src/diagnose',
              ],
              message: 'Renderers take the finished Report only (model, time and their words module).',
            },
          ],
        },
      ],
    },
  },
);
