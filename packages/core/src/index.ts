// The pure domain: no I/O, no clock, no randomness of its own. Everything with I/O lives in `server`.
export * from './schedule';
export * from './skills';
export * from './conversation';
export * from './metrics';
