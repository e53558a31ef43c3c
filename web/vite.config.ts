import { loadEnv } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The Go server (onair serve) answers these paths; `npm run dev` proxies them.
// ONAIR_DEV_BACKEND overrides where it runs.
const proxied = ['/api', '/dev', '/hls', '/whip', '/whep', '/connection'];

export default defineConfig(({ mode }) => {
  const backend = loadEnv(mode, '.', 'ONAIR_').ONAIR_DEV_BACKEND || 'http://127.0.0.1:8080';
  return {
    plugins: [react()],
    server: {
      proxy: Object.fromEntries(proxied.map((path) => [path, { target: backend, ws: path === '/connection' }])),
    },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      assetsDir: 'assets',
      // hls.js (~570 kB) is its own chunk, loaded only when a channel plays.
      chunkSizeWarningLimit: 700,
    },
    test: {
      environment: 'jsdom',
      setupFiles: ['./src/test/setup.ts'],
      restoreMocks: true,
      // Room for the longer async waits of src/test/setup.ts on a loaded machine.
      testTimeout: 20_000,
    },
  };
});
