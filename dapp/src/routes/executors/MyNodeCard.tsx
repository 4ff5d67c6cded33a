import { cancelAsk, placeAsk, register, requestUnbond, stake, withdraw, withdrawUnbonded } from '@neuromation/sdk'
import { cloneElement, type FormEvent, type ReactElement, type ReactNode, useId, useState } from 'react'
import { useAccount } from 'wagmi'
import { Notice } from '../../components/Notice'
import { Skeleton } from '../../components/Skeleton'
import { Stat } from '../../components/Stat'
import { TxStatus } from '../../components/TxStatus'
import { useChainTime } from '../../hooks/useChainTime'
import { type ContractWrite, useContractWrite } from '../../hooks/useContractWrite'
import { formatAskPrice, formatCost } from '../../jobs/formatCost'
import { useExecutorNames } from '../../jobs/useExecutorNames'
import { describeWriteError } from '../../lib/describeWriteError'
import { formatDateTime, formatDuration, formatNtk } from '../../lib/format'
import { parseCidInput, parseIntegerInput, parseNtkInput } from './parseNodeInput'
import { type MyNode, useMyNode } from './useMyNode'

const UINT24_MAX = 16_777_215
const UINT32_MAX = 4_294_967_295
/** IJobMarket's MAX_CAPACITY is the contract's; this bound only keeps the input sane before the check. */
const CAPACITY_INPUT_MAX = 1_000_000
/** A whole number of days or hours reads as words ("1 day"); anything else as a countdown-style duration. */
const formatDelay = (seconds: number) =>
  seconds > 0 && seconds % 86_400 === 0
    ? `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`
    : seconds > 0 && seconds % 3_600 === 0
      ? `${seconds / 3_600} hour${seconds === 3_600 ? '' : 's'}`
      : formatDuration(seconds)
const reverted = 'The transaction was mined but reverted; nothing changed.'
const options = { revertedMessage: reverted, describeFailure: describeWriteError }

/** The connected wallet's node: register, stake, ask, unbond, withdraw. */
export function MyNodeCard() {
  const { address } = useAccount()
  const mine = useMyNode(address)
  const node = mine.data?.node
  const names = useExecutorNames(node?.registered && address ? [{ address, metadataCid: node.metadataCid || null }] : [])
  const name = address ? names.get(address.toLowerCase()) : undefined
  return (
    <section className="card" aria-labelledby="my-node-heading">
      <div className="card-head">
        <div className="executor-id">
          <h2 id="my-node-heading">My node</h2>
          {/* The name requesters see on the leaderboard: the one in the node's metadata document. */}
          {name?.kind === 'named' && (
            <span className="executor-name" title={name.name} data-testid="my-name">
              {name.name}
            </span>
          )}
          {name?.kind === 'unnamed' && (
            <span className="muted small" data-testid="my-name">
              No name shown: {name.reason}
            </span>
          )}
        </div>
        {node?.registered && <span className="pill pill-success">Registered</span>}
      </div>
      {!address ? (
        <p className="muted">Connect a wallet to register a node, stake NTK and offer compute.</p>
      ) : mine.error && !mine.data ? (
        <Notice tone="error" title="Cannot read your node from the chain">
          {mine.error.message}
        </Notice>
      ) : !mine.data ? (
        <Skeleton />
      ) : !mine.data.node.registered ? (
        <RegisterForm />
      ) : (
        <NodeControls node={mine.data} />
      )}
    </section>
  )
}

/** A labelled input with its error under it; the input gets the label's id and is marked invalid on error. */
function Field({ label, error, children }: { label: string; error?: string; children: ReactElement<Record<string, unknown>> }) {
  const id = useId()
  return (
    <div className="form">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': error ? `${id}-error` : undefined,
      })}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

function RegisterForm() {
  const write = useContractWrite(register, options)
  const [throughput, setThroughput] = useState('')
  const [accelerator, setAccelerator] = useState('0')
  const [backend, setBackend] = useState('1')
  const [memory, setMemory] = useState('4096')
  const [bandwidth, setBandwidth] = useState('100')
  const [storage, setStorage] = useState('20')
  const [cid, setCid] = useState('')
  const parsed = {
    throughput: parseIntegerInput(throughput, 'Throughput', 1, Number.MAX_SAFE_INTEGER),
    memory: parseIntegerInput(memory, 'Memory', 1, UINT32_MAX),
    bandwidth: parseIntegerInput(bandwidth, 'Bandwidth', 1, UINT32_MAX),
    storage: parseIntegerInput(storage, 'Storage', 1, UINT32_MAX),
    cid: parseCidInput(cid),
  }
  const ready = Object.values(parsed).every((p) => p.value !== undefined)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!ready) return
    void write.write({
      capabilities: {
        computeUnitsPerSecond: BigInt(parsed.throughput.value!),
        accelerator: Number(accelerator),
        backend: Number(backend),
        memoryMiB: parsed.memory.value!,
        bandwidthMbps: parsed.bandwidth.value!,
        storageGiB: parsed.storage.value!,
      },
      metadataCid: parsed.cid.value!,
    })
  }
  return (
    <form className="node-form" onSubmit={submit} aria-label="Register a node">
      <p className="muted small">
        Declare what your machine measured (<code>neuro-executor init</code> measures it; <code>neuro-executor register</code>{' '}
        registers the node and publishes its metadata for you) and the CID of your node's metadata (name, endpoint, contact).
        Requesters see these; the market uses the throughput to estimate finish times, and matches your node only to tasks it
        computes within their time per task at that speed (overstating it gets your node tasks it finishes late, which costs their
        collateral).
      </p>
      <div className="node-grid">
        <Field label="Throughput (compute units / s)" error={parsed.throughput.error}>
          <input inputMode="numeric" value={throughput} onChange={(e) => setThroughput(e.target.value)} placeholder="e.g. 5000" />
        </Field>
        <Field label="Accelerator">
          <select value={accelerator} onChange={(e) => setAccelerator(e.target.value)}>
            <option value="0">CPU</option>
            <option value="1">GPU</option>
            <option value="2">Other accelerator</option>
          </select>
        </Field>
        <Field label="Backend">
          <select value={backend} onChange={(e) => setBackend(e.target.value)}>
            <option value="0">cpu</option>
            <option value="1">wasm</option>
            <option value="2">tfjs-node</option>
            <option value="3">tfjs-node-gpu</option>
            <option value="4">webgpu</option>
          </select>
        </Field>
        <Field label="Memory (MiB)" error={parsed.memory.error}>
          <input inputMode="numeric" value={memory} onChange={(e) => setMemory(e.target.value)} />
        </Field>
        <Field label="Bandwidth (Mbit/s)" error={parsed.bandwidth.error}>
          <input inputMode="numeric" value={bandwidth} onChange={(e) => setBandwidth(e.target.value)} />
        </Field>
        <Field label="Storage (GiB)" error={parsed.storage.error}>
          <input inputMode="numeric" value={storage} onChange={(e) => setStorage(e.target.value)} />
        </Field>
      </div>
      <Field label="Metadata CID" error={parsed.cid.error}>
        <input value={cid} onChange={(e) => setCid(e.target.value)} placeholder="bafy…" spellCheck={false} />
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!ready || write.busy}>
          {write.busy ? 'Registering…' : 'Register node'}
        </button>
      </div>
      <TxStatus status={write.status} successText="Your node is registered. Stake NTK next." />
    </form>
  )
}

function NodeControls({ node: mine }: { node: MyNode }) {
  const { now } = useChainTime()
  const { node, ask, credits, balance, minCollateral } = mine
  const free = node.stake > node.locked ? node.stake - node.locked : 0n
  const ready = node.unbonding > 0n && now !== undefined && Number(node.unbondingReadyAt) <= now
  return (
    <div className="node-controls">
      <dl className="stats">
        <Stat label="Stake" testId="my-stake" value={formatNtk(node.stake)} hint={`${formatNtk(node.locked)} locked`} />
        <Stat label="Free stake" testId="my-free" value={formatNtk(free)} />
        <Stat
          label="Unbonding"
          testId="my-unbonding"
          value={formatNtk(node.unbonding)}
          hint={node.unbonding > 0n ? (ready ? 'ready to withdraw' : `from ${formatDateTime(node.unbondingReadyAt)}`) : undefined}
        />
        <Stat label="Withdrawable" testId="my-credits" value={formatCost(credits)} hint="earnings and refunds" />
        <Stat
          label="Tasks"
          value={`${node.reputation.tasksCompleted} done`}
          hint={`${node.reputation.tasksFailed} failed · ${node.reputation.timesSlashed} slashed`}
        />
        <Stat
          label="GENERATE ask"
          testId="my-ask"
          value={ask.active ? formatAskPrice(Number(ask.priceTick)) : 'none'}
          hint={ask.active ? `${ask.inFlight} of ${ask.capacity} tasks in flight` : undefined}
        />
      </dl>
      <div className="node-grid">
        <StakeForm balance={balance} />
        <AskForm active={ask.active} free={free} minCollateral={minCollateral} />
        <UnbondForm free={free} unbonding={node.unbonding} ready={ready} delay={Number(mine.unbondingDelay)} />
        <WithdrawBox credits={credits} />
      </div>
    </div>
  )
}

function ActionBox({
  title,
  write,
  success,
  children,
}: {
  title: string
  write: ContractWrite<unknown>
  success: string
  children: ReactNode
}) {
  return (
    <div className="node-box">
      <h3>{title}</h3>
      {children}
      <TxStatus status={write.status} successText={success} />
    </div>
  )
}

function StakeForm({ balance }: { balance: bigint }) {
  const write = useContractWrite(stake, options)
  const [amount, setAmount] = useState('')
  const parsed = parseNtkInput(amount, { amount: balance, what: `your wallet holds (${formatNtk(balance)})` })
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (parsed.value === undefined) return
    const receipt = await write.write({ amount: parsed.value })
    if (receipt?.status === 'success') setAmount('')
  }
  return (
    <ActionBox title="Stake" write={write as ContractWrite<unknown>} success="Staked.">
      <form className="form" onSubmit={(e) => void submit(e)} aria-label="Stake NTK">
        <Field label={`Amount (NTK) · wallet ${formatNtk(balance)}`} error={parsed.error}>
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="e.g. 500" />
        </Field>
        <p className="muted small">One transaction: you sign a permit for exactly this amount, no separate approval.</p>
        <button type="submit" className="button button-primary" disabled={parsed.value === undefined || write.busy}>
          {write.busy ? 'Staking…' : 'Stake'}
        </button>
      </form>
    </ActionBox>
  )
}

function AskForm({ active, free, minCollateral }: { active: boolean; free: bigint; minCollateral: bigint }) {
  const place = useContractWrite(placeAsk, options)
  const cancel = useContractWrite(cancelAsk, options)
  const [price, setPrice] = useState('')
  const [capacity, setCapacity] = useState('')
  const parsedPrice = parseIntegerInput(price, 'Price', 1, UINT24_MAX)
  const parsedCapacity = parseIntegerInput(capacity, 'Capacity', 1, CAPACITY_INPUT_MAX)
  // The market refuses an ask its free stake cannot back (capacity x minimum collateral); say so first.
  const needed = parsedCapacity.value !== undefined ? BigInt(parsedCapacity.value) * minCollateral : 0n
  const capacityError =
    parsedCapacity.error ??
    (needed > free
      ? `${parsedCapacity.value} tasks need ${formatNtk(needed)} of free stake (${formatNtk(minCollateral)} per task); you have ${formatNtk(free)}. Stake more or lower the capacity.`
      : undefined)
  const ready = parsedPrice.value !== undefined && parsedCapacity.value !== undefined && !capacityError
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!ready) return
    void place.write({ kind: 'GENERATE', priceTick: parsedPrice.value!, capacity: parsedCapacity.value! })
  }
  return (
    <ActionBox
      title={active ? 'Replace your ask' : 'Place an ask'}
      write={(cancel.status.step !== 'idle' ? cancel : place) as ContractWrite<unknown>}
      success={cancel.status.step !== 'idle' ? 'Your ask left the book.' : 'Your ask is in the book.'}
    >
      <form className="form" onSubmit={submit} aria-label="Place an ask">
        <Field label="Price (ticks; 1 tick = 0.001 NTK per million units)" error={parsedPrice.error}>
          <input inputMode="numeric" value={price} onChange={(e) => setPrice(e.target.value)} placeholder="e.g. 100" />
        </Field>
        {parsedPrice.value !== undefined && <p className="muted small">{formatAskPrice(parsedPrice.value)}</p>}
        <Field label="Capacity (tasks at once)" error={capacityError}>
          <input inputMode="numeric" value={capacity} onChange={(e) => setCapacity(e.target.value)} placeholder="e.g. 4" />
        </Field>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={!ready || place.busy}>
            {place.busy ? 'Placing…' : active ? 'Replace ask' : 'Place ask'}
          </button>
          {active && (
            <button
              type="button"
              className="button button-ghost"
              disabled={cancel.busy}
              onClick={() => {
                place.reset()
                void cancel.write({ kind: 'GENERATE' })
              }}
            >
              {cancel.busy ? 'Cancelling…' : 'Cancel ask'}
            </button>
          )}
        </div>
      </form>
    </ActionBox>
  )
}

function UnbondForm({ free, unbonding, ready, delay }: { free: bigint; unbonding: bigint; ready: boolean; delay: number }) {
  const request = useContractWrite(requestUnbond, options)
  const claim = useContractWrite(withdrawUnbonded, options)
  const [amount, setAmount] = useState('')
  const parsed = parseNtkInput(amount, { amount: free, what: `your free stake (${formatNtk(free)})` })
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (parsed.value === undefined) return
    claim.reset()
    const receipt = await request.write({ amount: parsed.value })
    if (receipt?.status === 'success') setAmount('')
  }
  const shown = claim.status.step !== 'idle' ? claim : request
  return (
    <ActionBox
      title="Unbond"
      write={shown as ContractWrite<unknown>}
      success={shown === claim ? 'Unbonded stake sent to your wallet.' : 'Unbonding started.'}
    >
      <form className="form" onSubmit={(e) => void submit(e)} aria-label="Request unbond">
        <Field label="Amount (NTK) of free stake" error={parsed.error}>
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="e.g. 100" />
        </Field>
        <p className="muted small">
          Unbonding stake backs nothing and can be withdrawn {formatDelay(delay)} after your latest request.
        </p>
        <div className="actions">
          <button type="submit" className="button button-ghost" disabled={parsed.value === undefined || request.busy}>
            {request.busy ? 'Requesting…' : 'Request unbond'}
          </button>
          {unbonding > 0n && (
            <button
              type="button"
              className="button button-primary"
              disabled={!ready || claim.busy}
              onClick={() => {
                request.reset()
                void claim.write({})
              }}
            >
              {claim.busy ? 'Withdrawing…' : `Withdraw ${formatNtk(unbonding)}`}
            </button>
          )}
        </div>
      </form>
    </ActionBox>
  )
}

function WithdrawBox({ credits }: { credits: bigint }) {
  const write = useContractWrite(withdraw, options)
  return (
    <ActionBox title="Earnings" write={write as ContractWrite<unknown>} success="Sent to your wallet.">
      <p className="muted small">
        Payments for settled assignments (and any refunds or rewards) wait here until you withdraw them.
      </p>
      <button
        type="button"
        className="button button-primary"
        disabled={credits === 0n || write.busy}
        onClick={() => void write.write({})}
      >
        {write.busy ? 'Withdrawing…' : credits === 0n ? 'Nothing to withdraw' : `Withdraw ${formatCost(credits)}`}
      </button>
    </ActionBox>
  )
}
