/** The id of an event-derived row: `${txHash}-${logIndex}`, stable across re-indexing. */
export function eventKey(event: { transaction: { hash: `0x${string}` }; log: { logIndex: number } }): string {
  return `${event.transaction.hash}-${event.log.logIndex}`
}
