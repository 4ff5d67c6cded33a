import type {
  Account,
  Address,
  BlockTag,
  Client,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  Hash,
} from 'viem'
import { estimateContractGas, simulateContract, writeContract } from 'viem/actions'
import { getContract } from '../getContract'
import { nonceTaken } from '../nonceTaken'
import type { ContractName, PlatformContract } from '../platformContracts'
import { resolveAccount } from './resolveAccount'
import { resolveChainId } from './resolveChainId'

/** Who sends a write and on which chain: every action's parameters include these. */
export type WriteTarget = {
  /** Chain whose deployment to use; defaults to the client's chain. */
  chainId?: number
  account?: Account | Address
}

type AbiOf<name extends ContractName> = PlatformContract<name>['abi']
type WriteName<name extends ContractName> = ContractFunctionName<AbiOf<name>, 'nonpayable' | 'payable'>

/**
 * Calls `functionName` of the platform contract `contractName` the way every sdk write does:
 * simulated first, so a revert surfaces decoded (custom error and values) before anything is
 * signed, then sent; returns the hash and the simulated return value without waiting for the
 * receipt. The contract comes from the generated deployment of the target chain. `blockTag`:
 * the block the simulation runs in ('latest' by default; 'pending' for a call that must land in a
 * block after the latest one, as the mined transaction will). `gasHeadroom`: for a call whose gas
 * depends on what only the block it lands in decides (the verifier draw's seats follow that block's
 * prevrandao), the gas limit is the estimate times this, instead of the node's estimate alone.
 * A send the node refuses because another sender of the same key took its nonce in the meantime
 * is sent again with a fresh nonce, up to {@link NONCE_ATTEMPTS} times in all.
 */
export async function simulateAndWrite<
  name extends ContractName,
  functionName extends WriteName<name>,
  args extends ContractFunctionArgs<AbiOf<name>, 'nonpayable' | 'payable', functionName>,
>(
  client: Client,
  target: WriteTarget,
  call: { contract: name; functionName: functionName; args?: args; value?: bigint; blockTag?: BlockTag; gasHeadroom?: number },
): Promise<{ hash: Hash; result: ContractFunctionReturnType<AbiOf<name>, 'nonpayable' | 'payable', functionName, args> }> {
  const contract = getContract(await resolveChainId(client, target.chainId), call.contract)
  // viem's generics cannot follow a contract chosen by a type parameter; the signature above is
  // what keeps callers typed.
  const parameters = {
    address: contract.address,
    abi: contract.abi,
    functionName: call.functionName,
    args: call.args,
    value: call.value,
    blockTag: call.blockTag,
    account: resolveAccount(client, target.account, call.functionName),
    chain: client.chain,
  } as never
  const { request, result } = await simulateContract(client, parameters)
  if (call.gasHeadroom !== undefined) {
    const estimate = await estimateContractGas(client, parameters)
    ;(request as { gas?: bigint }).gas = (estimate * BigInt(Math.round(call.gasHeadroom * 100))) / 100n
  }
  return { hash: await sendOnce(client, request), result: result as never }
}

/** Sends of one write when its nonce keeps being taken (by the daemon and a CLI command sharing a key). */
export const NONCE_ATTEMPTS = 3

async function sendOnce(client: Client, request: unknown): Promise<Hash> {
  for (let attempt = 1; ; attempt++) {
    try {
      // viem reads the nonce (the account's pending transaction count) afresh on every call.
      return await writeContract(client, request as never)
    } catch (error) {
      if (attempt >= NONCE_ATTEMPTS || !nonceTaken(error)) throw error
      // The other transaction is in the node's pool now; a short pause lets a slow node count it.
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
    }
  }
}
