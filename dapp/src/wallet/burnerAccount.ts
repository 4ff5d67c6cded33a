import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'

const storageKey = 'neuromation.burner.privateKey'

/**
 * The burner wallet's account: a private key generated in this browser and kept in localStorage
 * (like Scaffold-ETH's burner), so the same throwaway account survives reloads. Local chains only:
 * anything on the page can read localStorage, so it must never hold real value.
 */
export function burnerAccount(): PrivateKeyAccount {
  let key = localStorage.getItem(storageKey) as Hex | null
  if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    key = generatePrivateKey()
    localStorage.setItem(storageKey, key)
  }
  return privateKeyToAccount(key)
}
