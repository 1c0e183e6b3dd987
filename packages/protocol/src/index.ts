export * from './common';
export * from './users';
export * from './providers';
export * from './campaigns';
export * from './provider-events';
export * from './inbox';
export * from './supervision';
export * from './service-tokens';
