/** An audit detail for a partial update: the names of the fields it changed, never their values. */
export function changedFields(patch: object): string | null {
  const fields = Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  return fields.length > 0 ? `changed: ${fields.join(', ')}` : null;
}
