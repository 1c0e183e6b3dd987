import { createHash } from 'node:crypto';
import { callJson, failure, type OutboundFailure } from '../outbound-http';
import { responses } from './wire';
import type { MediaFetchResult } from '../provider-adapter';

export interface GraphMediaDeps {
  fetch: typeof fetch;
  graphBase: string;
  accessToken: string | undefined;
  /** The metadata request's timeout. */
  timeoutMs: number;
  /** The whole download's timeout (a 100 MB document on a slow link takes a while). */
  downloadTimeoutMs?: number;
  secrets: readonly string[];
}

interface MediaInfo {
  url: string;
  mimeType: string;
  sha256: string | null;
  fileSize: number | null;
}

const MB = 1024 * 1024;

function mb(bytes: number): string {
  return bytes < MB ? `${Math.round(bytes / 1024)} KB` : `${(bytes / MB).toFixed(1)} MB`;
}

/** `GET /{media-id}`: where the file is (a URL valid for minutes), its type, size and SHA-256. */
async function mediaInfo(deps: GraphMediaDeps, mediaId: string): Promise<MediaInfo | OutboundFailure> {
  const r = await callJson({
    fetch: deps.fetch,
    url: `${deps.graphBase.replace(/\/+$/, '')}/${encodeURIComponent(mediaId)}`,
    method: 'GET',
    headers: { authorization: `Bearer ${deps.accessToken}` },
    timeoutMs: deps.timeoutMs,
    secrets: deps.secrets,
    label: 'WhatsApp Cloud media lookup',
  });
  if (!r.ok) {
    const code = responses.error.is(r.json) ? r.json.error.code : undefined;
    if (code === 190 || r.failure.code === 'unauthorized')
      return failure('unauthorized', `the Graph access token was refused (${r.failure.message})`, deps.secrets);
    return r.failure;
  }
  const o = r.json;
  if (!responses.mediaInfo.is(o))
    return failure('rejected', 'WhatsApp Cloud media lookup: the answer has no download url', deps.secrets);
  const sha = typeof o.sha256 === 'string' ? o.sha256.trim().toLowerCase() : null;
  const size = typeof o.file_size === 'number' ? o.file_size : Number(o.file_size);
  return {
    url: o.url,
    mimeType: typeof o.mime_type === 'string' && o.mime_type !== '' ? o.mime_type : 'application/octet-stream',
    sha256: sha && /^[0-9a-f]{64}$/.test(sha) ? sha : null,
    fileSize: Number.isSafeInteger(size) && size >= 0 ? size : null,
  };
}

type Download = { ok: true; bytes: Buffer } | { ok: false; expired: true } | OutboundFailure;

/** The bytes behind a media URL, read only up to `limit`: a larger body is aborted, not downloaded. */
async function download(deps: GraphMediaDeps, info: MediaInfo, limit: number): Promise<Download> {
  const controller = new AbortController();
  const timeoutMs = deps.downloadTimeoutMs ?? 120_000;
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
  try {
    let response: Response;
    try {
      response = await deps.fetch(info.url, {
        method: 'GET',
        headers: { authorization: `Bearer ${deps.accessToken}` },
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (error) {
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
      const code = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network_error';
      return failure(code, `WhatsApp Cloud media download: ${cause || 'network error'}`, deps.secrets);
    }
    const status = response.status;
    if (status < 200 || status >= 300) await response.body?.cancel().catch(() => undefined);
    // The URL lives about five minutes: an old one answers 404 (or 403/410); a fresh lookup gives a new one.
    if (status === 404 || status === 403 || status === 410) return { ok: false, expired: true };
    if (status === 401) return failure('unauthorized', 'the Graph access token was refused (HTTP 401)', deps.secrets);
    if (status === 429 || status >= 500 || status === 408)
      return failure(status === 429 ? 'rate_limited' : 'provider_unavailable', `media download: HTTP ${status}`, []);
    if (status < 200 || status >= 300)
      return failure('rejected', `media download: HTTP ${status} (redirects are not followed)`, []);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      await response.body?.cancel().catch(() => undefined);
      return tooLarge(declared, limit);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const reader = response.body?.getReader();
    if (reader) {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          const name = error instanceof Error ? error.name : '';
          return failure(
            name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error',
            'media download interrupted',
            [],
          );
        }
        if (chunk.done) break;
        total += chunk.value.byteLength;
        if (total > limit) {
          // Stop reading and drop the connection: the rest of an oversized file is never transferred.
          controller.abort();
          await reader.cancel().catch(() => undefined);
          return tooLarge(null, limit);
        }
        chunks.push(Buffer.from(chunk.value));
      }
    }
    return { ok: true, bytes: Buffer.concat(chunks) };
  } finally {
    clearTimeout(timer);
  }
}

/** `size` null: the transfer was cut once past the limit, so only "more than" is known. */
function tooLarge(size: number | null, limit: number): OutboundFailure {
  const what = size === null ? `more than ${mb(limit)}` : mb(size);
  return failure('rejected', `too large: ${what}; the limit for this type is ${mb(limit)}`, []);
}

/**
 * WhatsApp Cloud inbound media: look the id up, download the URL with the same bearer token, check size and
 * SHA-256. An expired URL is looked up again once; 429/5xx/network failures are retryable; a refused token,
 * a file over the limit and a checksum mismatch are final.
 */
export async function fetchGraphMedia(
  deps: GraphMediaDeps,
  mediaId: string,
  maxBytes: (mimeType: string) => number,
): Promise<MediaFetchResult> {
  if (!deps.accessToken) return failure('unauthorized', 'the provider has no Graph access token', []);
  for (let lookups = 1; ; lookups++) {
    const info = await mediaInfo(deps, mediaId);
    if ('ok' in info) return info;
    const limit = maxBytes(info.mimeType);
    if (info.fileSize !== null && info.fileSize > limit) return tooLarge(info.fileSize, limit);
    const got = await download(deps, info, limit);
    if (!got.ok && 'expired' in got) {
      if (lookups < 2) continue;
      return failure('provider_unavailable', 'the media URL expired twice in a row; will try again later', []);
    }
    if (!got.ok) return got;
    if (info.fileSize !== null && got.bytes.length !== info.fileSize)
      return failure(
        'rejected',
        `damaged in transit: ${got.bytes.length} bytes received, ${info.fileSize} expected`,
        [],
      );
    const sha = createHash('sha256').update(got.bytes).digest('hex');
    if (info.sha256 !== null && sha !== info.sha256)
      return failure('rejected', 'damaged in transit: the SHA-256 checksum does not match', []);
    return { ok: true, bytes: got.bytes, mimeType: info.mimeType };
  }
}
