import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The API server for `npm run dev` (override with POCO_API=http://host:port).
const api = process.env.POCO_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [
    react(),
    // Installable, and the app's own files from a service worker, so that sessions already loaded
    // can be read without the server (their API answers are kept by src/lib/offline.ts).
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'Poco',
        short_name: 'Poco',
        description: 'Your self-hosted AI coworker: hand it tasks, watch it work, answer its questions.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#5b5bd6',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // KaTeX's fonts load with the first formula, not with the app (its math renders with system fonts offline).
        globIgnores: ['**/KaTeX_*'],
        navigateFallback: '/index.html',
        // the server's own pages and every API route (downloads opened in a tab) are never the app
        navigateFallbackDenylist: [/^\/api\//, /^\/actuator/, /^\/docs/, /^\/v3\//, /^\/openapi/, /^\/swagger/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
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
