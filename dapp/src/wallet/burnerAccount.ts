import { anvilAccounts } from '@neuromation/sdk'
import type { Hex } from 'viem'
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

const keyStorage = 'neuromation.burner.privateKey'
const choiceStorage = 'neuromation.burner.account'

/** Which account the burner signs with: its own throwaway key, or anvil dev account #index. */
export type BurnerChoice = { kind: 'own' } | { kind: 'dev'; index: number }

/** The burner's choice, remembered in this browser (its own key unless a dev account was picked). */
export function burnerChoice(): BurnerChoice {
  const stored = localStorage.getItem(choiceStorage)
  const index = stored === null ? Number.NaN : Number(stored)
  return Number.isInteger(index) && index >= 0 && index < anvilAccounts.length ? { kind: 'dev', index } : { kind: 'own' }
}

/** Remembers `choice` for the next burnerAccount() (and the next visit). */
export function rememberBurnerChoice(choice: BurnerChoice): void {
  if (choice.kind === 'dev') localStorage.setItem(choiceStorage, String(choice.index))
  else localStorage.removeItem(choiceStorage)
}

/**
 * The burner wallet's account. Its own: a private key generated in this browser and kept in
 * localStorage (like Scaffold-ETH's burner), so the same throwaway account survives reloads. Or
 * one of anvil's public dev accounts, so a role the deploy config gave to one of them (the
 * platform, a recipient, the guardian) can act without a wallet extension. Local chains only
 * (wagmi.ts adds the burner nowhere else): anything on the page can read localStorage, and the
 * dev keys are public, so neither may ever hold real value.
 */
export function burnerAccount(choice: BurnerChoice = burnerChoice()): PrivateKeyAccount {
  if (choice.kind === 'dev') return privateKeyToAccount(anvilAccounts[choice.index].privateKey)
  let key = localStorage.getItem(keyStorage) as Hex | null
  if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    key = generatePrivateKey()
    localStorage.setItem(keyStorage, key)
  }
  return privateKeyToAccount(key)
}
