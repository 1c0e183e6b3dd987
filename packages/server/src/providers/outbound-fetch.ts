import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { OutboundBlocked, type OutboundGuard } from './outbound-guard';

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A connection pool whose every connection resolves the host name through the guard and dials one of the
 * addresses it approved, so the check and the connection see the same address (no DNS-rebinding window).
 */
export function guardedAgent(guard: OutboundGuard): Agent {
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    guard.allowedAddresses(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        const first = usable[0];
        if (!first) return callback(new OutboundBlocked(`${hostname} has no allowed IPv${family} address`), '');
        if (options.all) return callback(null, usable);
        callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ''),
    );
  };
  return new Agent({ connect: { lookup } });
}

/**
 * The fetch every provider adapter gets: the URL is checked before anything leaves (scheme, user:pass@,
 * internal literal addresses and names), redirects are never followed, and — unless a test substitutes the
 * transport with `transport` — the connection goes through `guardedAgent`.
 */
export function guardedFetch(guard: OutboundGuard, transport?: typeof fetch): typeof fetch {
  const agent = transport ? null : guardedAgent(guard);
  return async (input, init) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const check = guard.checkUrl(raw);
    if (!check.ok) throw new TypeError('fetch failed', { cause: new OutboundBlocked(`the URL ${check.reason}`) });
    const options = { ...init, redirect: 'manual' as const };
    if (transport) return transport(raw, options);
    // undici's own fetch with its own Agent: node's bundled fetch may be a different undici version.
    return (await undiciFetch(raw, {
      ...(options as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent!,
    })) as unknown as Response;
  };
}
