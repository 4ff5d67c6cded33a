import type { ReactNode } from 'react'

/** One column of a {@link DataTable}: its header and how a row fills its cell. */
export type Column<Row> = {
  label: string
  /** Right-aligned, tabular figures. */
  numeric?: boolean
  /** A tooltip on the header. */
  title?: string
  cell: (row: Row, index: number) => ReactNode
  /** A tooltip on the cell. */
  cellTitle?: (row: Row) => string | undefined
}

/**
 * The dApp's tables: a scroll container on wide content and, below 640 px (`table-stack`), one
 * card per row whose cells carry their column's label (`data-label`), so every table reads at
 * 390 px. Columns are data so each table states only what it shows.
 */
export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  rowClassName,
  rowTestId,
}: {
  /** The table's accessible name. */
  label: string
  /** Columns that are `false` (shown only in some views) are left out. */
  columns: (Column<Row> | false)[]
  rows: readonly Row[]
  rowKey: (row: Row) => string | number
  rowClassName?: (row: Row) => string | undefined
  rowTestId?: (row: Row) => string
}) {
  const shown = columns.filter((c): c is Column<Row> => c !== false)
  return (
    <div className="table-scroll">
      <table className="table table-stack" aria-label={label}>
        <thead>
          <tr>
            {shown.map((c) => (
              <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined} title={c.title}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)} data-testid={rowTestId?.(row)}>
              {shown.map((c) => (
                <td key={c.label} className={c.numeric ? 'num' : undefined} data-label={c.label} title={c.cellTitle?.(row)}>
                  {c.cell(row, i)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
