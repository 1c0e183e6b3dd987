// The HAProxy configuration `npm run cluster` writes: one port in front of every node.

export interface Backend {
  id: string;
  port: number;
}

/**
 * Round robin without sticky sessions (any node serves any request and any live socket), upgraded WebSockets
 * kept open for an hour of silence (`timeout tunnel`), and a node taken out while its /readyz is not 200.
 */
export function haproxyConfig(options: { host: string; port: number; nodes: readonly Backend[] }): string {
  const servers = options.nodes.map((n) => `  server ${n.id} 127.0.0.1:${n.port} check`);
  return [
    '# Written by `npm run cluster`; rewritten at each start.',
    'global',
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    // Once a connection is upgraded to a WebSocket, this replaces the client and server timeouts.
    '  timeout tunnel 1h',
    '  timeout http-keep-alive 10s',
    '  option forwardfor',
    '',
    'frontend switchboard',
    `  bind ${options.host}:${options.port}`,
    '  default_backend nodes',
    '',
    'backend nodes',
    '  balance roundrobin',
    '  option httpchk',
    '  http-check send meth GET uri /readyz',
    '  http-check expect status 200',
    '  default-server inter 2s fall 2 rise 1',
    ...servers,
    '',
  ].join('\n');
}
