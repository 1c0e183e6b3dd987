import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Tables } from './schema';

/** Stands for a value given at each run: `arg('id')` in the built query becomes that run's `id`. */
export type Arg<A> = <K extends keyof A & string>(name: K) => A[K];

interface Shape<A> {
  sql: string;
  /** Each parameter of the compiled SQL: the argument it takes, or the constant the builder put there. */
  slots: ({ arg: keyof A & string } | { value: unknown })[];
}

const MARK = '\u0000arg:';

/**
 * A statement built and compiled by Kysely once per database, then run with new values. On the ingest path
 * building and compiling cost more than SQLite's own work for the same statement (visitors, frozen nodes,
 * parsers on every call), and the text never changes. The SQL differs per dialect, so the compiled shape is
 * kept per Kysely dialect adapter, which a database and all its transactions share.
 *
 * The values are found in the compiled parameters by their placeholders, not by counting, so a builder may
 * use an argument anywhere (or twice) and keep constant parameters of its own.
 */
export class CompiledStatement<A extends object, R = unknown> {
  private readonly shapes = new WeakMap<object, Shape<A>>();

  constructor(private readonly build: (db: Kysely<Tables>, arg: Arg<A>) => Compilable<R>) {}

  execute(db: Kysely<Tables>, args: A): Promise<QueryResult<R>> {
    const adapter = db.getExecutor().adapter;
    let shape = this.shapes.get(adapter);
    if (!shape) {
      shape = this.compile(db);
      this.shapes.set(adapter, shape);
    }
    const values = args as Record<string, unknown>;
    const parameters = shape.slots.map((slot) => ('arg' in slot ? (values[slot.arg] ?? null) : slot.value));
    return db.executeQuery(CompiledQuery.raw(shape.sql, parameters) as CompiledQuery<R>);
  }

  private compile(db: Kysely<Tables>): Shape<A> {
    const arg = ((name: string) => `${MARK}${name}`) as Arg<A>;
    const compiled = this.build(db, arg).compile();
    const slots = compiled.parameters.map((value) =>
      typeof value === 'string' && value.startsWith(MARK)
        ? { arg: value.slice(MARK.length) as keyof A & string }
        : { value },
    );
    return { sql: compiled.sql, slots };
  }
}
