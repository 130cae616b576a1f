import { defineConfig } from 'vitest/config';

// The gateway serves the built UI at "/" and the API under "/api"; during
// development the Vite server forwards "/api" to a local `eventbook dev`.
const apiTarget = process.env.EVENTBOOK_API ?? 'http://127.0.0.1:18080';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
