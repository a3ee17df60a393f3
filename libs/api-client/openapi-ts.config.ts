import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../../apps/api/openapi.json',
  output: { path: 'src', postProcess: ['prettier'], clean: true },
  plugins: [
    '@hey-api/typescript',
    { name: '@hey-api/sdk' },
    { name: '@hey-api/client-fetch' },
    { name: '@tanstack/react-query' },
  ],
});
