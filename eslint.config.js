import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import taizhang from './eslint-rules/index.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', '.taizhang/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The web front end (apps/web): browser code typed by its own tsconfig, the Vite config by a Node one.
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: {
        projectService: false,
        project: ['./apps/web/tsconfig.json', './apps/web/tsconfig.node.json'],
        tsconfigRootDir: import.meta.dirname,
        ecmaFeatures: { jsx: true },
      },
    },
  },
  {
    // Every HTTP route says who may call it: @Public() or @Permit(...roles) (eslint-rules/route-access.js).
    files: ['apps/api/src/**/*.ts'],
    plugins: { taizhang },
    rules: { 'taizhang/route-access': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'commonjs', parserOptions: { projectService: false }, globals: { module: 'writable' } },
  },
);
