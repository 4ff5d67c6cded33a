import { eventKey } from './eventKey'

type EventMeta = {
  block: { number: bigint; timestamp: bigint }
  log: { logIndex: number }
  transaction: { hash: `0x${string}` }
}

/** The columns every event-derived row carries: its key and where and when the event happened. */
export const eventRow = (event: EventMeta) => ({
  id: eventKey(event),
  blockNumber: event.block.number,
  logIndex: event.log.logIndex,
  timestamp: event.block.timestamp,
  txHash: event.transaction.hash,
})
