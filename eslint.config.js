// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'test-results/',
      'playwright-report/',
      'src-main/store/migrations/',
      'src-server/migrations/',
      '*.config.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
    },
  },
  // The layer rules of ARCHITECTURE §1; tests/layers/layers.test.ts checks the same by reading imports.
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'electron',
                'react',
                'react-dom',
                '**/src-main/**',
                '**/src-renderer/**',
                '**/src-server/**',
              ],
              message: 'src-shared is pure TypeScript: no Node, DOM, Electron or other layer imports.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', '**/src-main/**', '**/src-server/**'],
              message: 'The renderer reaches the main process only through the IPC contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**', 'src-server/**', 'tests/**', 'bench/**', 'scripts/**'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: "Only src-main/electron may import 'electron'." }] },
      ],
    },
  },
);
