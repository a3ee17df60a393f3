import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'libs/api-client/src/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Every model call goes through the run core (plan, checks, gateway, usage, run log): only
    // it, the provider connection test and the scorers' embeddings (vectors, not prompt runs:
    // nothing to render, redact or log) may reach the gateway's service.
    files: ['apps/api/src/**/*.ts'],
    ignores: [
      'apps/api/src/gateway/**',
      'apps/api/src/runs/**',
      'apps/api/src/providers/**',
      'apps/api/src/scorers/embeddings.service.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/gateway/gateway.service', '**/gateway/openai-compatible.client'],
              message: 'Run prompts through RunCore (apps/api/src/runs/run-core.service.ts), not the gateway.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
