export * from './erlang-c';
export * from './eta';
export * from './notify-policy';
