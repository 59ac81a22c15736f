// Lint rules that hold the architecture's lines (../shared/CONVENTIONS.md §2.1, §2.10).
import tseslint from 'typescript-eslint';

const ioModules = ['node:net', 'node:dgram', 'node:fs', 'node:fs/promises', 'node:child_process', 'net', 'dgram', 'fs', 'fs/promises', 'child_process', 'drachtio-srf', 'drachtio-fsmrf', 'pino'];
const pureFolders = [
  'server/src/routing/**/*.ts', 'server/src/acd/**/*.ts', 'server/src/callerid/**/*.ts', 'server/src/presence/**/*.ts',
  'server/src/config/dialplan/**/*.ts',
  'engine/sip/src/message/**/*.ts', 'engine/media/src/codec/**/*.ts', 'engine/media/src/dtmf/**/*.ts',
  'engine/media/src/sdp/**/*.ts', 'engine/media/src/wav/**/*.ts',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', '.tap/**', 'eslint.config.js', 'bin/**', 'tmp/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-new': 'error',
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/engine/**'], message: 'server/ must not know which engine it talks to' }] }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], message: 'engine/ must not import the feature server' }] }],
    },
  },
  {
    files: pureFolders,
    rules: {
      'no-restricted-imports': ['error', { paths: ioModules.map((name) => ({ name, message: 'PURE folder: no I/O' })), patterns: [{ group: ['**/engine/**', '**/server/**'], message: 'no cross-boundary imports' }] }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'PURE: take a scheduler' }, { name: 'setInterval', message: 'PURE: take a scheduler' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'PURE: take now as an argument' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'PURE: take now as an argument' }],
    },
  },
);
