// Layers are enforced here, not by goodwill: the core stays pure TypeScript that
// runs anywhere (CLI, extension host, webview, tests) and never touches I/O.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'crypto', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.rung/**', 'test-output/**', 'test/e2e/tools/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core is pure: adapt it in src/extension instead.' },
          { name: 'ssh2', message: 'src/core is pure: SSH belongs in src/backends/ssh.' },
          ...nodeBuiltins.map((name) => ({ name, message: 'src/core is pure: do I/O in a backend, storage or host and pass data in.' })),
        ],
        patterns: [
          { group: ['node:*'], message: 'src/core is pure: do I/O in a backend, storage or host and pass data in.' },
          { group: ['**/extension/**', '**/backends/**', '**/storage/**', '**/cli/**'], message: 'src/core must not depend on outer layers.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/core is pure: pass configuration in.' }, { name: 'require', message: 'src/core is pure.' }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/*', '!**/src/protocol', '!**/src/protocol/**'], message: 'The webview may import only src/protocol.' }, { group: ['vscode', 'node:*'], message: 'The webview runs in a browser.' }] }],
    },
  },
);
