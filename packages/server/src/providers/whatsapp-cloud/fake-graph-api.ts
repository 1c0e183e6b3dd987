import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphCall {
  path: string;
  authorization?: string;
  body: unknown;
  status: number;
}

/**
 * A tiny stand-in for graph.facebook.com's `POST /{phone_number_id}/messages`, on 127.0.0.1, for tests.
 * `failNext` answers with Graph-style error bodies.
 */
export async function startFakeGraphApi(accessToken: string) {
  const calls: GraphCall[] = [];
  const failures: { status: number; code?: number }[] = [];
  let seq = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const answer = (status: number, payload: unknown) => {
        calls.push({
          path: req.url ?? '',
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          body,
          status,
        });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const fault = failures.shift();
      if (fault)
        return answer(fault.status, {
          error: { message: 'fake failure', type: 'OAuthException', code: fault.code ?? fault.status },
        });
      if (req.method !== 'POST' || !/^\/v\d+\.\d+\/[^/]+\/messages$/.test(req.url ?? ''))
        return answer(404, { error: { message: 'unknown path', code: 100 } });
      if (req.headers.authorization !== `Bearer ${accessToken}`)
        return answer(401, { error: { message: 'Invalid OAuth access token', code: 190 } });
      const to = (body as { to?: unknown } | undefined)?.to;
      answer(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to }],
        messages: [{ id: `wamid.FAKE${++seq}` }],
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/v21.0`,
    calls,
    failNext(status: number, count = 1, code?: number) {
      for (let i = 0; i < count; i++) failures.push(code === undefined ? { status } : { status, code });
    },
    reset() {
      calls.length = 0;
      failures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
