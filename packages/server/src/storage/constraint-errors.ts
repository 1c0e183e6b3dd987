/** Recognises constraint violations from either driver, so domain code can turn a lost race into a 409. */
function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * A value the database cannot hold (PostgreSQL class 22 "data exception": NUL in text 22021, numeric out of
 * range 22003, invalid text representation 22P02, too long for its column 22001; SQLite's "too big").
 * Input validation should have stopped it; this lets the HTTP layer answer 400 as a last line of defence.
 */
export function isDataException(error: unknown): boolean {
  const code = codeOf(error);
  return /^22[0-9A-Z]{3}$/.test(code) || code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH';
}
