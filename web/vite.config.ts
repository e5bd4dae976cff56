// The customer portal, built into web/dist and served by the API from the same origin.
import react from '@vitejs/plugin-react-swc';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: {
    // Business rules and formatting come from the service's own domain code, not a copy.
    alias: { '@domain': path.resolve(here, '..', 'src', 'domain') },
  },
  build: {
    outDir: path.resolve(here, 'dist'),
    emptyOutDir: true,
    // No inline scripts or styles: the API's Content-Security-Policy allows only this origin's files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000', '/auth': 'http://127.0.0.1:3000', '/sandbox': 'http://127.0.0.1:3000' } },
});
