import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Hash } from 'viem'

/** The last block whose events were fully handled, with its hash (to notice a deep reorg). */
export type CursorState = { chainId: number; market: string; block: string; hash: Hash }

/**
 * The event cursor in the data dir. Written atomically (temp file + rename) after a page of events
 * is handled, so a crash re-handles at most one page (handlers are idempotent) and loses nothing.
 */
export class EventCursor {
  constructor(
    private readonly path: string,
    private readonly chainId: number,
    private readonly market: string,
  ) {}

  /** The saved position, or undefined for a fresh node (or a data dir of another chain/market). */
  read(): { block: bigint; hash: Hash } | undefined {
    if (!existsSync(this.path)) return undefined
    const state = JSON.parse(readFileSync(this.path, 'utf8')) as CursorState
    if (state.chainId !== this.chainId || state.market.toLowerCase() !== this.market.toLowerCase()) return undefined
    return { block: BigInt(state.block), hash: state.hash }
  }

  write(block: bigint, hash: Hash): void {
    mkdirSync(dirname(this.path), { recursive: true })
    const state: CursorState = { chainId: this.chainId, market: this.market, block: block.toString(), hash }
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, `${JSON.stringify(state)}\n`)
    renameSync(tmp, this.path)
  }
}
