import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The API server for `npm run dev` (override with POCO_API=http://host:port).
const api = process.env.POCO_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: {
      // SSE goes through the same proxy; no buffering is added by Vite.
      '/api': { target: api, changeOrigin: false, ws: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    restoreMocks: true,
  },
});
