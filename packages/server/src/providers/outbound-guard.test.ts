import { describe, expect, it } from 'vitest';
import { OutboundBlocked, OutboundGuard, parseAllowList, refusedAddressReason } from './outbound-guard';

const strict = new OutboundGuard();

function refusedUrl(guard: OutboundGuard, url: string): string {
  const check = guard.checkUrl(url);
  if (check.ok) throw new Error(`${url} was accepted`);
  return check.reason;
}

describe('outbound guard: addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['fd00::1', 'unique local'],
    ['fc00::1', 'unique local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    // IPv6 spellings of internal IPv4 addresses
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::7f00:1', 'IPv4-compatible'],
    ['64:ff9b::7f00:1', 'special-purpose'],
    ['2002:7f00:1::', 'special-purpose'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(refusedAddressReason(address)).toContain(reason);
  });

  it.each(['8.8.8.8', '203.0.114.7', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows the public %s', (address) => {
    expect(refusedAddressReason(address)).toBeNull();
  });

  it('lets the allow-list permit an address, a CIDR range, and an IPv4 range for its IPv6-mapped form', () => {
    const guard = new OutboundGuard({ allow: ['127.0.0.1', '10.20.0.0/16', 'fd00:1::/32'] });
    expect(guard.refusedAddress('127.0.0.1')).toBeNull();
    expect(guard.refusedAddress('::ffff:127.0.0.1')).toBeNull();
    expect(guard.refusedAddress('127.0.0.2')).toContain('loopback');
    expect(guard.refusedAddress('10.20.255.1')).toBeNull();
    expect(guard.refusedAddress('10.21.0.1')).toContain('private');
    expect(guard.refusedAddress('fd00:1:2::5')).toBeNull();
    expect(guard.refusedAddress('fd00:2::5')).toContain('unique local');
  });
});

describe('outbound guard: URLs', () => {
  it.each([
    ['http://127.0.0.1:3001', 'loopback'],
    ['http://localhost:3001', 'this machine'],
    ['http://api.localhost', 'this machine'],
    ['http://LOCALHOST./x', 'this machine'],
    ['http://[::1]:8080', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://0.0.0.0:3000', 'unspecified'],
    ['http://169.254.169.254/latest/meta-data', 'link-local'],
    ['http://10.0.0.5', 'private'],
    ['http://100.100.100.200', 'carrier-grade NAT'],
    ['http://metadata.google.internal/computeMetadata/v1', 'metadata'],
    ['http://metadata/', 'metadata'],
    // Spellings of 127.0.0.1 that the URL parser normalises before we look
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
  ])('refuses %s (%s) and says why, with the allow-list hint', (url, reason) => {
    const why = refusedUrl(strict, url);
    expect(why).toContain(reason);
    expect(why).toContain('SWITCHBOARD_OUTBOUND_ALLOWLIST');
  });

  it('refuses credentials in the URL, other schemes and non-URLs', () => {
    expect(refusedUrl(strict, 'https://user:pass@api.heynow.example')).toContain('user:pass@');
    expect(refusedUrl(strict, 'https://user@api.heynow.example')).toContain('user:pass@');
    expect(refusedUrl(strict, 'ftp://api.heynow.example')).toContain('http://');
    expect(refusedUrl(strict, 'file:///etc/passwd')).toContain('http://');
    expect(refusedUrl(strict, 'not a url')).toContain('not a valid URL');
  });

  it('accepts public names and addresses', () => {
    expect(strict.checkUrl('https://api.heynowbots.com').ok).toBe(true);
    expect(strict.checkUrl('https://graph.facebook.com/v21.0').ok).toBe(true);
    expect(strict.checkUrl('http://8.8.8.8:8080/x').ok).toBe(true);
  });

  it('accepts internal targets named by the allow-list: by name, by address and by CIDR', () => {
    const byName = new OutboundGuard({ allow: ['localhost', 'hn-gw.corp'] });
    expect(byName.checkUrl('http://localhost:3001').ok).toBe(true);
    expect(byName.checkUrl('http://LocalHost.:3001').ok).toBe(true);
    expect(byName.checkUrl('http://127.0.0.1:3001').ok).toBe(false);
    const byAddress = new OutboundGuard({ allow: ['127.0.0.1'] });
    expect(byAddress.checkUrl('http://127.0.0.1:3001').ok).toBe(true);
    expect(byAddress.checkUrl('http://2130706433:3001').ok).toBe(true);
    expect(byAddress.checkUrl('http://localhost:3001').ok).toBe(false);
    const byRange = new OutboundGuard({ allow: ['10.20.0.0/16', '::1/128'] });
    expect(byRange.checkUrl('http://10.20.3.4').ok).toBe(true);
    expect(byRange.checkUrl('http://[::1]:80').ok).toBe(true);
    expect(byRange.checkUrl('http://10.30.3.4').ok).toBe(false);
  });
});

describe('outbound guard: resolved addresses (request time)', () => {
  const resolveTo =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses a public-looking name that resolves to an internal address', async () => {
    const guard = new OutboundGuard({ resolve: resolveTo('127.0.0.1') });
    await expect(guard.allowedAddresses('heynow.example.com')).rejects.toBeInstanceOf(OutboundBlocked);
    await expect(guard.allowedAddresses('heynow.example.com')).rejects.toThrow(
      'heynow.example.com: it resolves to 127.0.0.1, a loopback address',
    );
    const mapped = new OutboundGuard({ resolve: resolveTo('::ffff:169.254.169.254') });
    await expect(mapped.allowedAddresses('heynow.example.com')).rejects.toThrow('link-local');
  });

  it('keeps only the public addresses of a name that answers with both', async () => {
    const guard = new OutboundGuard({ resolve: resolveTo('10.0.0.8', '8.8.4.4', '::1', '2606:4700::6810:1') });
    expect((await guard.allowedAddresses('heynow.example.com')).map((a) => a.address)).toEqual([
      '8.8.4.4',
      '2606:4700::6810:1',
    ]);
  });

  it('lets an allow-listed name resolve anywhere, and an allow-listed address through', async () => {
    const byName = new OutboundGuard({ allow: ['hn-gw.corp'], resolve: resolveTo('10.0.0.8') });
    expect(await byName.allowedAddresses('hn-gw.corp')).toEqual([{ address: '10.0.0.8', family: 4 }]);
    const byAddress = new OutboundGuard({ allow: ['10.0.0.0/8'], resolve: resolveTo('10.0.0.8', '127.0.0.1') });
    expect(await byAddress.allowedAddresses('other.corp')).toEqual([{ address: '10.0.0.8', family: 4 }]);
  });
});

describe('outbound guard: the allow-list setting', () => {
  it('reads names, addresses and CIDR ranges', () => {
    const list = parseAllowList([' HN-GW.corp ', '127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', '[::1]']);
    expect([...list.names]).toEqual(['hn-gw.corp']);
    expect(list.ranges).toHaveLength(5);
  });

  it.each([
    '0x7f.1',
    '2130706433',
    '127.1',
    '10.0.0.0/33',
    'fd00::/129',
    'not a host',
    'http://x.example',
    '10.0.0.0/x',
  ])('refuses the entry %s, naming it', (entry) => {
    expect(() => parseAllowList([entry])).toThrow(`"${entry}"`);
  });
});
