/**
 * The first `max` of `rows`, read with `LIMIT max + 1`, and whether there were more: every list an
 * /api route embeds stops at a documented maximum and says when it was cut.
 */
export function boundedRows<T>(rows: T[], max: number): { items: T[]; truncated: boolean } {
  return rows.length > max ? { items: rows.slice(0, max), truncated: true } : { items: rows, truncated: false }
}
