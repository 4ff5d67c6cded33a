// Drives the whole sale and burn lifecycle on a local chain with real transactions, the way users
// would: presale and public-sale purchases (vouchers signed with the compliance signer's key),
// pause/unpause, a transfer and a holder burn, secret-cap reveal, finalize, withdrawals, vault
// funding and three burn epochs (fully funded, partly short, empty vault), with the owed shortfall
// burned in two settlements (part after the short epoch, the rest after the last) and the
// leftover released to the treasury at the end.
// Subpaths, not the package entry: loading the entry loads the generated contracts object, which
// a test that deploys and runs codegen afterwards must be the first to load.
import type { Deployment } from '@neuromation/sdk'
import { burnScheduleAbi, neuroTokenAbi, tokenSaleAbi } from '@neuromation/sdk/abis'
import { type Address, encodeAbiParameters, type Hash, keccak256, type PrivateKeyAccount, parseEther, toBytes } from 'viem'
import { createSaleDriver } from './createSaleDriver'

/** The secret cap of script/config/local.json (public there; production commits only the hash). */
export const LOCAL_CAP_WEI = parseEther('20000')
export const LOCAL_CAP_SALT = keccak256(toBytes('neuromation-local-secret-cap-salt'))

export type ScenarioPurchase = {
  payer: Address
  beneficiary: Address
  wei: bigint
  phase: 'Presale' | 'Sale'
  bonusBps: number
  hash: Hash
}

export type ScenarioResult = {
  purchases: ScenarioPurchase[]
  transfer: { from: Address; to: Address; amount: bigint }
  holderBurn: { from: Address; amount: bigint; hash: Hash }
  vaultFunding: { from: Address; amount: bigint }
  /** Vault top-ups after the short epochs, each followed by a settleShortfall, in order. */
  lateFundings: { from: Address; amount: bigint }[]
  /** Each settleShortfall: what it burned and what stayed owed after it. */
  settlements: { caller: Address; burned: bigint; owedAfter: bigint; hash: Hash }[]
  /** The releaseLeftover at the end: what the vault held over the owed burns. */
  leftoverRelease: { recipient: Address; amount: bigint; caller: Address; hash: Hash }
  /** Every address that ever held NTK in the scenario (genesis, buyers, vault, transfer target). */
  touchedAddresses: Address[]
  /** The block of the last transaction: the indexer is caught up once it has indexed it. */
  lastBlock: bigint
}

export async function runSaleScenario(rpcUrl: string, deployment: Deployment): Promise<ScenarioResult> {
  const { accounts, send, buy: buyWith, read, travelTo } = createSaleDriver(rpcUrl, deployment)
  const { deployer, buyerA, buyerB, buyerC, buyerD, outsider } = accounts
  const { TokenSale: sale, NeuroToken: token, BurnSchedule: burnSchedule } = deployment.contracts

  const purchases: ScenarioPurchase[] = []
  async function buy(payer: PrivateKeyAccount, beneficiary: Address, wei: bigint, phase: 'Presale' | 'Sale', bonusBps: number) {
    const receipt = await buyWith(payer, beneficiary, wei)
    purchases.push({ payer: payer.address, beneficiary, wei, phase, bonusBps, hash: receipt.transactionHash })
  }

  const schedule = await read<{ saleStart: bigint; weekLength: bigint }>(sale, tokenSaleAbi, 'schedule')

  // Presale: the volume tiers apply to purchases strictly above 1,000 ETH.
  await buy(buyerA, buyerA.address, parseEther('500'), 'Presale', 0)
  await buy(buyerB, buyerB.address, parseEther('1500.5'), 'Presale', 100)
  // Payer and beneficiary differ: the purchase counts for the beneficiary (buyer A).
  await buy(buyerC, buyerA.address, parseEther('100'), 'Presale', 0)

  await send(deployer, sale, tokenSaleAbi, 'setPaused', [true])
  await send(deployer, sale, tokenSaleAbi, 'setPaused', [false])

  // Public sale: +15% in week 0, +10% in week 1.
  await travelTo(schedule.saleStart + 60n)
  await buy(buyerC, buyerC.address, parseEther('1000'), 'Sale', 1_500)
  await travelTo(schedule.saleStart + schedule.weekLength + 60n)
  await buy(buyerD, buyerD.address, parseEther('18000.25'), 'Sale', 1_000)

  // 21,100.75 ETH raised >= the 20,000 ETH secret cap: anyone may reveal it.
  const commitment = await read<Hash>(sale, tokenSaleAbi, 'secretCapCommitment')
  if (
    keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [LOCAL_CAP_WEI, LOCAL_CAP_SALT])) !== commitment
  ) {
    throw new Error('script/config/local.json no longer commits to the 20,000 ETH local cap; update the scenario')
  }
  await send(outsider, sale, tokenSaleAbi, 'revealCap', [LOCAL_CAP_WEI, LOCAL_CAP_SALT])

  const transfer = { from: buyerA.address, to: outsider.address, amount: parseEther('1234.5') }
  await send(buyerA, token, neuroTokenAbi, 'transfer', [transfer.to, transfer.amount])
  const holderBurnAmount = parseEther('10')
  const burnReceipt = await send(buyerB, token, neuroTokenAbi, 'burn', [holderBurnAmount])

  await travelTo(BigInt(await read<bigint>(sale, tokenSaleAbi, 'endTime')) + 1n)
  await send(outsider, sale, tokenSaleAbi, 'finalize', [])
  await send(deployer, sale, tokenSaleAbi, 'withdraw', []) // platform + liquidity reserve (80%)
  await send(outsider, sale, tokenSaleAbi, 'withdraw', []) // marketing (10%)

  // Buyer D tops the vault up so that epoch 0 is burned in full; epoch 1 then falls short and
  // epoch 2 finds the vault empty (a shortfall with no Transfer at all).
  const vaultFunding = { from: buyerD.address, amount: parseEther('15000000') }
  await send(buyerD, token, neuroTokenAbi, 'approve', [burnSchedule, vaultFunding.amount])
  await send(buyerD, burnSchedule, burnScheduleAbi, 'fund', [vaultFunding.amount])
  const epochs = await read<{ time: bigint }[]>(burnSchedule, burnScheduleAbi, 'epochs')
  const shortfall = () => read<bigint>(burnSchedule, burnScheduleAbi, 'shortfall')
  const lateFundings: ScenarioResult['lateFundings'] = []
  const settlements: ScenarioResult['settlements'] = []
  // Shortfalls carry forward: top-ups after a short epoch are burned against what is owed by
  // anyone calling settleShortfall (the outsider here), not by the funders. Each funder gives what
  // it holds, in order, until `amount` is in the vault.
  async function fundAndSettle(funders: PrivateKeyAccount[], amount: bigint) {
    let missing = amount
    for (const funder of funders) {
      const balance = await read<bigint>(token, neuroTokenAbi, 'balanceOf', [funder.address])
      // biome-ignore lint/complexity/useMathMinMax: bigints; Math.min does not take them.
      const part = balance < missing ? balance : missing
      if (part === 0n) continue
      await send(funder, token, neuroTokenAbi, 'approve', [burnSchedule, part])
      await send(funder, burnSchedule, burnScheduleAbi, 'fund', [part])
      lateFundings.push({ from: funder.address, amount: part })
      missing -= part
      if (missing === 0n) break
    }
    if (missing !== 0n) throw new Error(`the scenario's funders hold ${missing} NTK too little to fund the vault`)
    const owedBefore = await shortfall()
    const receipt = await send(outsider, burnSchedule, burnScheduleAbi, 'settleShortfall', [])
    const owedAfter = await shortfall()
    settlements.push({ caller: outsider.address, burned: owedBefore - owedAfter, owedAfter, hash: receipt.transactionHash })
  }

  for (let epoch = 0; epoch < 3; epoch++) {
    await travelTo(epochs[epoch].time)
    await send(outsider, burnSchedule, burnScheduleAbi, 'executeEpoch', [BigInt(epoch)])
    // After the short epoch the treasury (deployer) covers half of what is owed: a partial
    // settlement, and epoch 2 still finds the vault empty.
    if (epoch === 1) await fundAndSettle([deployer], (await shortfall()) / 2n)
  }
  // Buyer D, the treasury and buyers C and B cover the rest and 1,000 NTK more: the last
  // settlement clears the debt and the surplus is the leftover that releaseLeftover sends to the
  // treasury.
  const surplus = parseEther('1000')
  await fundAndSettle([buyerD, deployer, buyerC, buyerB], (await shortfall()) + surplus)
  const releaseReceipt = await send(outsider, burnSchedule, burnScheduleAbi, 'releaseLeftover', [])
  const leftoverRelease = {
    recipient: await read<Address>(burnSchedule, burnScheduleAbi, 'leftoverRecipient'),
    amount: surplus,
    caller: outsider.address,
    hash: releaseReceipt.transactionHash,
  }

  const genesisHolders = [
    sale,
    deployment.contracts.TeamVesting,
    deployment.contracts.PartnersVesting,
    deployment.contracts.ResearchersVesting,
    deployer.address,
  ]
  return {
    purchases,
    transfer,
    holderBurn: { from: buyerB.address, amount: holderBurnAmount, hash: burnReceipt.transactionHash },
    vaultFunding,
    lateFundings,
    settlements,
    leftoverRelease,
    touchedAddresses: [
      ...genesisHolders,
      burnSchedule,
      buyerA.address,
      buyerB.address,
      buyerC.address,
      buyerD.address,
      outsider.address,
    ],
    lastBlock: releaseReceipt.blockNumber,
  }
}
