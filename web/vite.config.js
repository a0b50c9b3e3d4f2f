import { defineConfig } from 'vite';

// Built files go to web/dist (index.html + hashed files under /assets/),
// served by the Flask app.  `npm run dev` proxies the API and Socket.IO to a
// local backend on :5000.
const backend = process.env.OCRFLOW_BACKEND || 'http://127.0.0.1:5000';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});
