import type { SignedVoucher } from '@neuromation/sdk'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState } from 'react'
import type { Address } from 'viem'
import { useApp } from '../AppContext'
import { type Declaration, requestVoucher, VoucherRequestError } from '../lib/requestVoucher'

const storageKey = (chainId: number, address: Address) => `neuromation.declaration.${chainId}.${address.toLowerCase()}`

function loadDeclaration(chainId: number, address: Address | undefined): Declaration | undefined {
  if (!address) return undefined
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey(chainId, address)) ?? 'null') as Declaration | null
    return stored && typeof stored.country === 'string' && typeof stored.accredited === 'boolean' ? stored : undefined
  } catch {
    return undefined
  }
}

/**
 * The buyer's eligibility: their declaration (country, accredited) and the voucher the compliance
 * signer issued for it. An accepted declaration is remembered per wallet, so a later purchase gets
 * a fresh voucher without asking again: vouchers are single-use on chain, while the limit they
 * carry is cumulative over the sale. `salesOpen` false (sale ended or finalized) stops requests.
 */
export function useEligibility(address: Address | undefined, { salesOpen }: { salesOpen: boolean }) {
  const { config } = useApp()
  const queryClient = useQueryClient()
  const [declaration, setDeclaration] = useState(() => loadDeclaration(config.chainId, address))
  // Bumped to ask for a new voucher for the same declaration (after a purchase, or on retry).
  const [attempt, setAttempt] = useState(0)

  useEffect(() => setDeclaration(loadDeclaration(config.chainId, address)), [address, config.chainId])

  const key = useCallback(
    (n: number) => ['voucher', config.signerUrl, address, declaration?.country, declaration?.accredited, n] as const,
    [address, config.signerUrl, declaration],
  )
  const fetchVoucher = useCallback(async (): Promise<SignedVoucher> => {
    if (!address || !declaration) throw new Error('Connect a wallet and declare your eligibility first.')
    return requestVoucher(config.signerUrl, { payer: address, beneficiary: address, ...declaration })
  }, [address, declaration, config.signerUrl])

  const voucher = useQuery({
    queryKey: key(attempt),
    queryFn: fetchVoucher,
    // No voucher is requested once the sale is over: it could never be used.
    enabled: Boolean(address && declaration && salesOpen),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  })

  // Remember a declaration only once the signer has accepted it; forget one it refuses.
  useEffect(() => {
    if (!address || !declaration) return
    if (voucher.data) localStorage.setItem(storageKey(config.chainId, address), JSON.stringify(declaration))
    if (voucher.error instanceof VoucherRequestError && voucher.error.status >= 400 && voucher.error.status < 500) {
      localStorage.removeItem(storageKey(config.chainId, address))
    }
  }, [voucher.data, voucher.error, address, declaration, config.chainId])

  /** Submits a (new or repeated) declaration to the signer. */
  const declare = useCallback((next: Declaration) => {
    setDeclaration(next)
    setAttempt((n) => n + 1)
  }, [])

  /** Fetches a fresh voucher for the current declaration and makes it the current one. */
  const renew = useCallback(async (): Promise<SignedVoucher> => {
    const next = attempt + 1
    const fresh = await queryClient.fetchQuery({ queryKey: key(next), queryFn: fetchVoucher, staleTime: 0, retry: false })
    setAttempt(next)
    return fresh
  }, [attempt, key, fetchVoucher, queryClient])

  /** Forgets the declaration, e.g. to declare a different country. */
  const reset = useCallback(() => {
    if (address) localStorage.removeItem(storageKey(config.chainId, address))
    setDeclaration(undefined)
  }, [address, config.chainId])

  return { declaration, voucher, declare, renew, reset }
}

export type Eligibility = ReturnType<typeof useEligibility>
