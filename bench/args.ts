// Command-line flags of the benchmarks: `--name value` or `--name=value`, checked with a message that names the flag.
const argv = () => process.argv.slice(2);

export function flag(name: string): string | undefined {
  const args = argv();
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** A flag without a value, like `--find-max`. */
export function hasFlag(name: string): boolean {
  return argv().includes(`--${name}`);
}

export function positive(name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = flag(name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new Error(`--${name} must be a number in (0, ${max}], got ${raw}`);
  return n;
}

export function positiveInt(name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = positive(name, fallback, max);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be a whole number, got ${flag(name)}`);
  return n;
}

/** `--database-url`, which must name PostgreSQL when given. */
export function postgresUrl(): string | undefined {
  const url = flag('database-url');
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url))
    throw new Error('--database-url must start with postgres://');
  return url;
}
