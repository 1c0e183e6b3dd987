import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphCall {
  path: string;
  authorization?: string;
  body: unknown;
  status: number;
  /** When the fake received it, by the clock given to startFakeGraphApi (tests with a fake clock). */
  at: number;
}

/** An error the fake answers instead of sending: Meta's body shape, with `code` and its title. */
export interface GraphFault {
  status: number;
  code?: number;
  title?: string;
}

/** Decides per message send whether it fails; called with the request's path and body. */
export type GraphFaultRule = (request: { path: string; body: unknown }) => GraphFault | undefined;

/** A media file the fake serves: `GET /{version}/{id}` gives its metadata, its URL gives the bytes. */
export interface FakeMedia {
  bytes: Buffer;
  mimeType: string;
  /** What the metadata claims; defaults to the bytes' real SHA-256 (set another to play a damaged file). */
  sha256?: string;
  /** What the metadata claims; defaults to the real length (set a smaller one to play a lying peer). */
  fileSize?: number;
}

/** A template as the fake lists it under `GET /{waba-id}/message_templates` (Meta's field names). */
export interface FakeTemplate {
  name: string;
  language: string;
  status: string;
  category?: string;
  components?: { type: string; format?: string; text?: string; buttons?: { type?: string; url?: string }[] }[];
}

/** One request for a media file's bytes, and how much of it went out. */
export interface MediaDownload {
  mediaId: string;
  status: number;
  authorization?: string;
  bytesSent: number;
  /** false when the client dropped the connection before the whole body was sent */
  completed: boolean;
}

/**
 * A tiny stand-in for graph.facebook.com on 127.0.0.1, for tests: `POST /{phone_number_id}/messages`,
 * `GET /{waba-id}/message_templates` (paged by cursor, `next` only while more follow), and
 * media — `GET /{media-id}` answers {url, mime_type, sha256, file_size, id} with a URL that, like Meta's,
 * must be fetched with the same bearer token and stops working (404) once expired.
 * Faults: `failNext` (Graph-style error bodies on the next requests of any kind), `failWhen` (a rule per
 * message send, e.g. one recipient's next send answers 131047), `failNextDownloads`,
 * `expireIssuedUrls`, and media whose declared sha256 or size lie.
 */
export async function startFakeGraphApi(accessToken: string, options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const calls: GraphCall[] = [];
  const failures: GraphFault[] = [];
  let faultRule: GraphFaultRule | undefined;
  const downloadFailures: number[] = [];
  const media = new Map<string, FakeMedia>();
  const templates = new Map<string, FakeTemplate[]>();
  let templatePageSize = 2;
  const downloads: MediaDownload[] = [];
  /** URL tokens still valid, by token → media id. */
  const liveUrls = new Map<string, string>();
  let seq = 0;
  let base = '';

  function serveBytes(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '', 'http://x');
    const token = url.searchParams.get('t') ?? '';
    const mediaId = liveUrls.get(token) ?? url.pathname.split('/').pop() ?? '';
    const record: MediaDownload = {
      mediaId,
      status: 200,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      bytesSent: 0,
      completed: false,
    };
    downloads.push(record);
    const end = (status: number) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{}');
    };
    const fault = downloadFailures.shift();
    if (fault) return end(fault);
    if (req.headers.authorization !== `Bearer ${accessToken}`) return end(401);
    const file = media.get(mediaId);
    if (!liveUrls.has(token) || !file) return end(404);
    // Chunked, no Content-Length, written with backpressure: a client that stops reading stops the transfer.
    res.writeHead(200, { 'content-type': file.mimeType });
    const chunk = 64 * 1024;
    let offset = 0;
    res.on('close', () => (record.completed = res.writableFinished));
    const pump = () => {
      while (offset < file.bytes.length) {
        if (res.destroyed) return;
        const part = file.bytes.subarray(offset, offset + chunk);
        offset += part.length;
        record.bytesSent = offset;
        if (!res.write(part)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  }

  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/lookaside/')) return serveBytes(req, res);
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
          at: now(),
        });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const isSend = req.method === 'POST' && /^\/v\d+\.\d+\/[^/]+\/messages$/.test(req.url ?? '');
      const fault = failures.shift() ?? (isSend ? faultRule?.({ path: req.url ?? '', body }) : undefined);
      if (fault) {
        const code = fault.code ?? fault.status;
        // Meta puts the title in `message` as "(#code) title"; details and a trace id come along.
        return answer(fault.status, {
          error: {
            message: `(#${code}) ${fault.title ?? 'fake failure'}`,
            type: 'OAuthException',
            code,
            error_data: { messaging_product: 'whatsapp', details: 'fake details that must not reach agents' },
            fbtrace_id: 'AfakeTraceId',
          },
        });
      }
      if (req.headers.authorization !== `Bearer ${accessToken}`)
        return answer(401, { error: { message: 'Invalid OAuth access token', code: 190 } });
      const list = /^\/v\d+\.\d+\/([^/?]+)\/message_templates(\?.*)?$/.exec(req.url ?? '');
      if (req.method === 'GET' && list) {
        const all = templates.get(decodeURIComponent(list[1]!));
        if (!all) return answer(400, { error: { message: '(#100) Unknown business account', code: 100 } });
        // Cursors are opaque to clients; here they are the offset, written so a client cannot guess them.
        const query = new URLSearchParams(list[2] ?? '');
        const after = query.get('after');
        const start = after ? Number(after.replace(/^cursor-/, '')) : 0;
        const page = all.slice(start, start + templatePageSize);
        const end = start + page.length;
        return answer(200, {
          data: page.map((t, i) => ({ ...t, id: String(1000 + start + i) })),
          paging: {
            cursors: { before: `cursor-${start}`, after: `cursor-${end}` },
            ...(end < all.length ? { next: `https://graph.example.invalid/next?after=cursor-${end}` } : {}),
          },
        });
      }
      const lookup = /^\/v\d+\.\d+\/([^/?]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && lookup) {
        const id = decodeURIComponent(lookup[1]!);
        const file = media.get(id);
        if (!file) return answer(404, { error: { message: 'Unsupported get request', code: 100 } });
        const token = `u${++seq}`;
        liveUrls.set(token, id);
        return answer(200, {
          messaging_product: 'whatsapp',
          url: `${base}/lookaside/${encodeURIComponent(id)}?t=${token}`,
          mime_type: file.mimeType,
          sha256: file.sha256 ?? createHash('sha256').update(file.bytes).digest('hex'),
          file_size: file.fileSize ?? file.bytes.length,
          id,
        });
      }
      if (req.method !== 'POST' || !/^\/v\d+\.\d+\/[^/]+\/messages$/.test(req.url ?? ''))
        return answer(404, { error: { message: 'unknown path', code: 100 } });
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
  base = `http://127.0.0.1:${port}`;
  return {
    base: `${base}/v21.0`,
    calls,
    downloads,
    failNext(status: number, count = 1, code?: number, title?: string) {
      for (let i = 0; i < count; i++)
        failures.push({ status, ...(code !== undefined ? { code } : {}), ...(title !== undefined ? { title } : {}) });
    },
    /** From now on every message send asks `rule` whether to fail (undefined: send); `undefined` removes it. */
    failWhen(rule: GraphFaultRule | undefined) {
      faultRule = rule;
    },
    /** Message sends (POST …/messages) that were answered 200, in order. */
    sent(phoneNumberId?: string): GraphCall[] {
      return calls.filter(
        (c) =>
          c.status === 200 &&
          /\/messages$/.test(c.path) &&
          (phoneNumberId === undefined || c.path.endsWith(`/${phoneNumberId}/messages`)),
      );
    },
    /** The next `count` requests for media bytes answer `status`. */
    failNextDownloads(status: number, count = 1) {
      for (let i = 0; i < count; i++) downloadFailures.push(status);
    },
    addMedia(id: string, file: FakeMedia) {
      media.set(id, file);
    },
    /** The business account's templates, listed `pageSize` per page (Meta pages with cursors). */
    setTemplates(wabaId: string, list: FakeTemplate[], pageSize = 2) {
      templates.set(wabaId, list);
      templatePageSize = pageSize;
    },
    /** Template list requests so far (GET …/message_templates). */
    templateCalls(): GraphCall[] {
      return calls.filter((c) => /\/message_templates(\?|$)/.test(c.path));
    },
    /** Every URL handed out so far stops working, as Meta's do after about five minutes. */
    expireIssuedUrls() {
      liveUrls.clear();
    },
    /** Metadata lookups of a media id so far. */
    lookups(id: string): number {
      return calls.filter((c) => c.path.endsWith(`/${encodeURIComponent(id)}`) && c.status === 200).length;
    },
    reset() {
      calls.length = 0;
      failures.length = 0;
      faultRule = undefined;
      downloads.length = 0;
      downloadFailures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
