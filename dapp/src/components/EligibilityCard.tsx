import { type FormEvent, useId, useState } from 'react'
import type { Eligibility } from '../hooks/useEligibility'
import { countries } from '../lib/countries'
import { formatEth } from '../lib/format'
import { VoucherRequestError } from '../lib/requestVoucher'
import { Notice } from './Notice'

const countryName = (code: string) => countries.find((c) => c.code === code)?.name ?? code

/**
 * Step 1: the buyer declares country and accreditation; the compliance signer answers with a
 * voucher (and a contribution limit) or a refusal, shown exactly as the signer words it.
 */
export function EligibilityCard({
  connected,
  eligibility,
  remainingWei,
}: {
  connected: boolean
  eligibility: Eligibility
  remainingWei: bigint | undefined
}) {
  const { declaration, voucher } = eligibility
  const [editing, setEditing] = useState(false)
  const [country, setCountry] = useState(declaration?.country ?? '')
  const [accredited, setAccredited] = useState(declaration?.accredited ?? false)
  const [formError, setFormError] = useState<string>()
  const countryId = useId()
  const accreditedId = useId()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!country) {
      setFormError('Select your country of residence.')
      return
    }
    setFormError(undefined)
    setEditing(false)
    eligibility.declare({ country, accredited })
  }

  const accepted = Boolean(declaration && voucher.data) && !editing
  const error = voucher.error
  const showForm = connected && !accepted && !(declaration && voucher.isFetching && !editing)

  return (
    <section className="card" aria-labelledby="eligibility-heading">
      <div className="card-head">
        <h2 id="eligibility-heading">
          <span className="step">1</span> Eligibility
        </h2>
        {accepted && <span className="pill pill-success">Eligible</span>}
      </div>

      {!connected && <p className="muted">Connect a wallet to check whether you may take part in the sale.</p>}

      {connected && declaration && voucher.isFetching && !voucher.data && !editing && (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Asking the compliance signer…
        </p>
      )}

      {accepted && declaration && voucher.data && (
        <div className="eligible" data-testid="eligibility-result">
          <dl className="kv">
            <dt>Declared</dt>
            <dd>
              {countryName(declaration.country)} · {declaration.accredited ? 'accredited investor' : 'not accredited'}
            </dd>
            <dt>Contribution limit</dt>
            <dd>{formatEth(voucher.data.voucher.limitWei)}</dd>
            <dt>Limit remaining</dt>
            <dd data-testid="limit-remaining">{remainingWei === undefined ? '…' : formatEth(remainingWei)}</dd>
          </dl>
          <button type="button" className="button button-ghost" onClick={() => setEditing(true)}>
            Change declaration
          </button>
        </div>
      )}

      {connected && error && !editing && !voucher.isFetching && (
        <Notice
          tone="error"
          title={error instanceof VoucherRequestError && error.refused ? 'Not eligible' : 'Eligibility check failed'}
        >
          <p data-testid="eligibility-error">{error.message}</p>
        </Notice>
      )}

      {showForm && (
        <form className="form" onSubmit={submit} noValidate>
          <p className="muted small">
            Purchases need a voucher from the compliance signer. Tell it where you reside; residents of restricted jurisdictions
            cannot take part.
          </p>
          <label htmlFor={countryId}>Country of residence</label>
          <select
            id={countryId}
            value={country}
            onChange={(e) => setCountry(e.target.value)}
            aria-invalid={formError ? true : undefined}
            aria-describedby={formError ? `${countryId}-error` : undefined}
          >
            <option value="">Select a country…</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
          {formError && (
            <p id={`${countryId}-error`} className="field-error" role="alert">
              {formError}
            </p>
          )}
          <label className="checkbox" htmlFor={accreditedId}>
            <input id={accreditedId} type="checkbox" checked={accredited} onChange={(e) => setAccredited(e.target.checked)} />I am
            an accredited investor
          </label>
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={voucher.isFetching}>
              Check eligibility
            </button>
            {editing && (
              <button type="button" className="button button-ghost" onClick={() => setEditing(false)}>
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  )
}
