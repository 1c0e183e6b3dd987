import type { Config } from '../config/config';

export type OriginSettings = Partial<Pick<Config, 'host' | 'port' | 'publicUrl' | 'allowedOrigins'>>;

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
// Listening on every interface still means "reachable as localhost" from the machine itself.
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

function originOf(value: string): string | null {
  try {
    const { origin } = new URL(value);
    // Opaque origins (file:, data:, sandboxed frames) serialise as "null": never ours.
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The product's own origins, the only ones writes may come from: SWITCHBOARD_PUBLIC_URL, the listening URL
 * http://HOST:PORT (localhost, 127.0.0.1 and [::1] count as one host), and SWITCHBOARD_ALLOWED_ORIGINS. The port is
 * asked for at each check because a server started on port 0 learns its real port only once it listens.
 */
export class OwnOrigins {
  constructor(
    private readonly settings: OriginSettings,
    private readonly listeningPort: () => number | undefined = () => undefined,
  ) {}

  allows(origin: string): boolean {
    const normalised = originOf(origin);
    return normalised !== null && this.list().includes(normalised);
  }

  /** Origin header, or the origin of the Referer when a client sent no Origin; undefined when neither. */
  static claimed(headers: { origin?: string | string[]; referer?: string | string[] }): string | undefined {
    const origin = headers.origin;
    if (origin !== undefined) return Array.isArray(origin) ? origin.join(',') : origin;
    const referer = Array.isArray(headers.referer) ? headers.referer[0] : headers.referer;
    if (referer === undefined) return undefined;
    return originOf(referer) ?? referer;
  }

  list(): string[] {
    const own = [...(this.settings.allowedOrigins ?? [])];
    const publicOrigin = this.settings.publicUrl ? originOf(this.settings.publicUrl) : null;
    if (publicOrigin) own.push(publicOrigin);
    const port = this.listeningPort() ?? this.settings.port ?? 3000;
    const host = this.settings.host ?? 'localhost';
    const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    const names = LOOPBACK_NAMES.includes(bracketed) || WILDCARD_HOSTS.has(bracketed) ? LOOPBACK_NAMES : [bracketed];
    for (const name of names) {
      const listening = originOf(`http://${name}:${port}`);
      if (listening) own.push(listening);
    }
    return own;
  }
}
