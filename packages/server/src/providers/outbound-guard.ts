import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A resolved address, as node:dns lookup gives it (family 4 or 6). */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Host name → every address it resolves to. Injected by tests (DNS rebinding), node:dns otherwise. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const ALLOWLIST_VARIABLE = 'SWITCHBOARD_OUTBOUND_ALLOWLIST';
const HINT = `; list it in ${ALLOWLIST_VARIABLE} if it is your own gateway or test double`;

/** Why each refused range is refused, in the words an administrator reads in a 400 or an outbox error. */
const RANGE_REASONS: Record<string, string> = {
  loopback: 'a loopback address',
  linkLocal: 'a link-local address (where cloud metadata services live)',
  private: 'a private (RFC 1918) address',
  uniqueLocal: 'a unique local (fc00::/7) address',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
};

/** Cloud instance-metadata names (they resolve to link-local addresses inside the cloud, not always outside). */
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** Raised (as the cause of a fetch failure) when a call would reach an address the policy refuses. */
export class OutboundBlocked extends Error {
  readonly code = 'EOUTBOUND_BLOCKED';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'OutboundBlocked';
  }
}

function parseAddress(text: string): Address | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return null;
  // process() turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into the IPv4 address it stands for.
  return ipaddr.process(bare);
}

/**
 * Why an address may not be called (null: a public unicast address). Everything that is not global unicast
 * is refused: loopback, link-local, private, ULA, CGNAT, unspecified, multicast, and the special-purpose
 * ranges (documentation, benchmarking, NAT64, 6to4, Teredo…) that can tunnel back to any of those.
 */
export function refusedAddressReason(text: string): string | null {
  const address = parseAddress(text);
  if (!address) return 'not an IP address';
  const range = address.range();
  if (range === 'unicast') {
    // The deprecated IPv4-compatible form ::a.b.c.d counts as unicast for ipaddr.js; nothing public uses it.
    if (address.kind() === 'ipv6' && address.match(ipaddr.parseCIDR('::/96'))) {
      return 'an IPv4-compatible IPv6 address (::/96, deprecated)';
    }
    return null;
  }
  return RANGE_REASONS[range] ?? `a special-purpose address (${range})`;
}

export interface AllowList {
  names: ReadonlySet<string>;
  ranges: readonly [Address, number][];
}

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Parses the allow-list: host names, IP addresses or CIDR ranges. Addresses must be written plainly
 * (dotted decimal IPv4, standard IPv6): `0x7f.1` is refused rather than guessed. Throws naming the entry.
 */
export function parseAllowList(entries: readonly string[]): AllowList {
  const names = new Set<string>();
  const ranges: [Address, number][] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    const bare = entry.startsWith('[') && entry.endsWith(']') ? entry.slice(1, -1) : entry;
    if (bare.includes('/')) {
      const [ip] = bare.split('/');
      const plain =
        ipaddr.IPv4.isValidCIDRFourPartDecimal(bare) || (ipaddr.IPv6.isValidCIDR(bare) && ip?.includes(':'));
      if (!plain) throw new Error(`"${raw.trim()}" is not a valid CIDR range (e.g. 10.20.0.0/16 or fd00::/8)`);
      const [address, bits] = ipaddr.parseCIDR(bare);
      ranges.push(
        address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96
          ? [(address as ipaddr.IPv6).toIPv4Address(), bits - 96]
          : [address, bits],
      );
    } else if (ipaddr.IPv4.isValidFourPartDecimal(bare) || (bare.includes(':') && ipaddr.IPv6.isValid(bare))) {
      const address = ipaddr.process(bare);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(bare.replace(/\.$/, '')) && !/^[0-9.]+$/.test(bare) && !/^0x/.test(bare)) {
      names.add(bare.replace(/\.$/, ''));
    } else {
      throw new Error(`"${raw.trim()}" is neither a host name, an IP address nor a CIDR range`);
    }
  }
  return { names, ranges };
}

/** Splits a comma-separated allow-list setting. */
export function splitAllowList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export type UrlCheck = { ok: true; url: URL; host: string } | { ok: false; reason: string };

export interface OutboundGuardOptions {
  /** Host names, addresses or CIDR ranges that may be called although the policy refuses them. */
  allow?: readonly string[];
  resolve?: Resolve;
}

const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The one policy for every call Switchboard makes to a provider: which URLs may be saved and called, and
 * which resolved addresses a connection may go to. Internal targets (this machine, the private network,
 * cloud metadata) are refused unless the allow-list names them.
 */
export class OutboundGuard {
  private readonly allow: AllowList;
  private readonly resolve: Resolve;

  constructor(options: OutboundGuardOptions = {}) {
    this.allow = parseAllowList(options.allow ?? []);
    this.resolve = options.resolve ?? systemResolve;
  }

  /** Checks a provider URL without touching the network: at save time and before each request. */
  checkUrl(raw: string): UrlCheck {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, reason: 'is not a valid URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, reason: 'must start with http:// or https://' };
    }
    if (url.username !== '' || url.password !== '') {
      return { ok: false, reason: 'must not carry a user name or password (user:pass@); use the provider credentials' };
    }
    // The URL parser already turned 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1, and lower-cased names.
    const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
    if (this.allowsName(host)) return { ok: true, url, host };
    if (parseAddress(host)) {
      const why = this.refusedAddress(host);
      return why ? { ok: false, reason: `points at ${host}, ${why}${HINT}` } : { ok: true, url, host };
    }
    if (host === 'localhost' || host.endsWith('.localhost')) {
      return { ok: false, reason: `points at ${host}, a name for this machine${HINT}` };
    }
    if (METADATA_HOSTS.has(host)) {
      return { ok: false, reason: `points at ${host}, a cloud metadata service${HINT}` };
    }
    return { ok: true, url, host };
  }

  /** Why a connection to this resolved address is refused, or null (allowed by policy or allow-list). */
  refusedAddress(address: string): string | null {
    const parsed = parseAddress(address);
    if (!parsed) return 'not an IP address';
    if (this.allow.ranges.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match([net, bits]))) return null;
    return refusedAddressReason(address);
  }

  /**
   * The addresses of `hostname` a connection may use, in resolver order. The connection then goes to one of
   * these very addresses, so a name that answers differently the second time (DNS rebinding) gains nothing.
   */
  async allowedAddresses(hostname: string): Promise<ResolvedAddress[]> {
    const host = hostname
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '')
      .toLowerCase();
    const literal = parseAddress(host);
    const all = literal ? [{ address: host, family: literal.kind() === 'ipv4' ? 4 : 6 }] : await this.resolve(host);
    if (this.allowsName(host)) return all;
    const allowed = all.filter((a) => this.refusedAddress(a.address) === null);
    if (allowed.length > 0) return allowed;
    const first = all[0];
    if (!first) throw new OutboundBlocked(`${host} resolves to no address`);
    throw new OutboundBlocked(
      `refused to connect to ${host}: it resolves to ${first.address}, ${this.refusedAddress(first.address)}${HINT}`,
    );
  }

  private allowsName(host: string): boolean {
    return this.allow.names.has(host);
  }
}
