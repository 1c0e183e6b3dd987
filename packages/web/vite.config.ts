import { fileURLToPath } from 'node:url';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { defineConfig, type HttpProxy } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const API = 'http://127.0.0.1:3000';

/**
 * The server takes writes and live sockets only from its own origin. Pages this dev server serves are the
 * app's own, so their Origin is rewritten to the server's; any other site's Origin is passed on unchanged
 * (and refused there).
 */
function ownOriginForServer(proxy: HttpProxy.ProxyServer): void {
  const rewrite = (proxyReq: ClientRequest, req: IncomingMessage) => {
    const origin = req.headers.origin;
    if (origin && URL.canParse(origin) && new URL(origin).host === req.headers.host) proxyReq.setHeader('origin', API);
  };
  proxy.on('proxyReq', rewrite);
  proxy.on('proxyReqWs', rewrite);
}

// The server serves dist/ at `/` with an SPA fallback; in development Vite proxies the API to it.
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One admin SPA; the Mantine chunk is large by nature and splitting it buys nothing here.
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': { target: API, configure: ownOriginForServer },
      '/ws': { target: 'ws://127.0.0.1:3000', ws: true, configure: ownOriginForServer },
    },
  },
});
