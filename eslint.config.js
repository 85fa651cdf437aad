// ESLint flat config. Besides the usual rules it enforces the architecture's boundaries
// (ARCHITECTURE.md): core/ and assembly/ never import app/ and never touch the DOM; core/ never
// reads the wall clock or Math.random; assembly/ never throws (it would abort the module).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const domGlobals = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
  'HTMLElement',
  'requestAnimationFrame',
].map((name) => ({ name, message: 'core/ and assembly/ are DOM-free: the UI lives in app/.' }));

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'test-results/', 'playwright-report/', '**/*.lua'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Our Maps and URLs are local scratch inside $derived or plain bookkeeping, never state the
      // template reads; reactive state is $state/$state.raw by design (ARCHITECTURE.md).
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    // Tests build deliberately malformed scenarios and packets by mutating plain JSON: `any` is
    // the honest type for "the wrong shape on purpose".
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['core/**/*.ts', 'assembly/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/app/**', '**/app'], message: 'core/ and assembly/ must not depend on app/.' }] },
      ],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'core/ is deterministic: use the seeded random source (core/sim).',
        },
        { object: 'Date', property: 'now', message: 'core/ uses virtual time only.' },
        { object: 'performance', property: 'now', message: 'core/ uses virtual time only.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'core/ uses virtual time only.' },
      ],
    },
  },
  {
    // A role knows only what its node is configured with (core/roles/config.ts) or has received:
    // never the scenario, nor the engine's copy of it (issue 10, docs/draft-inconsistencies.md
    // I-35–I-37). A rule's options replace those of the blocks above for these files, so the
    // core/ restrictions are repeated here.
    files: ['core/roles/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**', '**/app'], message: 'core/ and assembly/ must not depend on app/.' },
            {
              group: ['**/scenario/**', '**/scenario'],
              message:
                "A role may not import the scenario: it knows only its node's configuration (core/roles/config.ts) and what it receives.",
            },
            {
              group: ['**/engine/**', '**/engine'],
              message:
                'A role may not import the engine: its step returns actions (core/roles/actions.ts), which its node hands to `Net.perform`.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'core/ uses virtual time only.' },
        {
          selector: "MemberExpression[property.name='sc']",
          message:
            'A role may not read the scenario (`.sc`): give the node what it is configured with (core/roles/config.ts, core/engine/configs.ts) or let it learn it from a message.',
        },
        {
          selector: "ObjectPattern > Property[key.name='sc']",
          message:
            'A role may not read the scenario (`{ sc }`): give the node what it is configured with (core/roles/config.ts, core/engine/configs.ts) or let it learn it from a message.',
        },
      ],
    },
  },
  {
    // AssemblyScript: its own type names (u8, usize, …) and builtins (load, store, memory) are globals.
    files: ['assembly/**/*.ts'],
    rules: {
      'no-undef': 'off',
      '@typescript-eslint/no-namespace': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'ThrowStatement', message: 'AssemblyScript throw aborts the whole module: return a status code.' },
      ],
    },
  },
);
