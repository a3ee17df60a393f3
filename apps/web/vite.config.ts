import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const lib = (path: string) => fileURLToPath(new URL(`../../libs/${path}`, import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@promptops\/api-client$/, replacement: lib('api-client/src/index.ts') },
      // Generated modules beyond the index: `client.gen`, `@tanstack/react-query.gen`.
      { find: /^@promptops\/api-client\/(.+)$/, replacement: `${lib('api-client/src')}/$1.ts` },
      { find: /^@promptops\/shared$/, replacement: lib('shared/src/index.ts') },
      { find: /^@promptops\/templating$/, replacement: lib('templating/src/index.ts') },
    ],
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
});
