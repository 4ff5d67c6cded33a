/**
 * Gas a buy() is budgeted at when keeping ETH back for its fee. The heaviest purchase measured
 * (the sale's first, which initialises storage) used 186,663 gas (README, bench/gas.sh); 300,000
 * leaves room for a cap-crossing purchase with a refund and for contract changes.
 */
export const buyGasBudget = 300_000n

/** ETH to keep for a purchase's fee at `maxFeePerGas` (the wallet's worst case for the block). */
export function gasReserve(maxFeePerGas: bigint): bigint {
  return buyGasBudget * maxFeePerGas
}
