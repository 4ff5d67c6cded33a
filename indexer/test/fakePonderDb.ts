// A stand-in for `ponder:api`'s `db` in route tests: every table holds `rowsPerTable` rows, so a
// read without LIMIT returns all of them (the unbounded list the test catches), and a read with
// one returns at most that many. Rows are `{ n }`; a table can be given fixed rows instead.
type Row = Record<string, unknown>

export type FakeDb = {
  /** For `ponder:api`: `db.select(...).from(table)...` resolving to the table's rows. */
  db: unknown
  /** Every read: the table, whether it selected columns, and its LIMIT / OFFSET. */
  reads: { table: unknown; columns: boolean; limit?: number; offset?: number }[]
}

export function createFakePonderDb(rowsPerTable: number, fixed: Map<unknown, (columns: boolean) => Row[]> = new Map()): FakeDb {
  const reads: FakeDb['reads'] = []
  const select = (columns?: unknown) => {
    const read: FakeDb['reads'][number] = { table: undefined, columns: columns !== undefined }
    reads.push(read)
    const rows = () => {
      const all = fixed.get(read.table)?.(read.columns) ?? Array.from({ length: rowsPerTable }, (_, n) => ({ n }))
      const from = read.offset ?? 0
      return all.slice(from, read.limit === undefined ? undefined : from + read.limit)
    }
    const builder: Record<string, unknown> = {
      from: (table: unknown) => {
        read.table = table
        return builder
      },
      where: () => builder,
      orderBy: () => builder,
      groupBy: () => builder,
      limit: (n: number) => {
        read.limit = n
        return builder
      },
      offset: (n: number) => {
        read.offset = n
        return builder
      },
      // biome-ignore lint/suspicious/noThenProperty: drizzle queries are awaited as thenables
      then: (resolve: (rows: Row[]) => unknown, reject: (error: unknown) => unknown) =>
        Promise.resolve(rows()).then(resolve, reject),
    }
    return builder
  }
  // The checkpoint read (index.ts's cache): one block, always.
  const execute = async () => ({ rows: [{ checkpoint: 'block-1' }] })
  return { db: { select, execute }, reads }
}
