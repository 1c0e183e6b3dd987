import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('SWITCHBOARD_OUTBOUND_ALLOWLIST', () => {
  it('is empty by default: provider calls may only reach public addresses', () => {
    expect(loadConfig({}).outboundAllowlist).toEqual([]);
  });

  it('reads comma-separated host names, addresses and CIDR ranges', () => {
    const c = loadConfig({ SWITCHBOARD_OUTBOUND_ALLOWLIST: ' hn-gw.corp, 127.0.0.1 ,10.20.0.0/16,,fd00::/8 ' });
    expect(c.outboundAllowlist).toEqual(['hn-gw.corp', '127.0.0.1', '10.20.0.0/16', 'fd00::/8']);
  });

  it.each(['10.0.0.0/40', '0x7f.1', 'http://gw.corp', 'two words'])(
    'stops start-up naming the variable and the bad entry %s',
    (entry) => {
      const load = () => loadConfig({ SWITCHBOARD_OUTBOUND_ALLOWLIST: `127.0.0.1,${entry}` });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(`SWITCHBOARD_OUTBOUND_ALLOWLIST "${entry}"`);
    },
  );
});
