import { challenge } from '@neuromation/sdk'
import { useId, useState } from 'react'
import { useAccount } from 'wagmi'
import { TxStatus } from '../components/TxStatus'
import { useContractWrite } from '../hooks/useContractWrite'
import { formatDuration, formatNtk, shortAddress } from '../lib/format'
import { describeJobError } from './describeJobError'
import type { IndexedAssignment } from './useJob'

/**
 * Challenge one task of a submitted optimistic result while its window is open: the sdk's
 * challenge action bonds the job's collateral per task (approving exactly the bond first if
 * needed); the executor must then prove the task, fresh executors recompute it as candidates and
 * three of them are drawn by stake to decide (ChallengeList shows how it goes).
 */
export function ChallengeCard({
  assignments,
  collateralPerTask,
  now,
}: {
  assignments: IndexedAssignment[]
  collateralPerTask: bigint
  now: number
}) {
  const id = useId()
  const { address } = useAccount()
  const open = assignments.filter((a) => a.status === 'Submitted' && a.challengeEnd !== null && Number(a.challengeEnd) > now)
  const [assignmentId, setAssignmentId] = useState<string>('')
  const [taskText, setTaskText] = useState('')
  const [error, setError] = useState<string>()
  const tx = useContractWrite(challenge, {
    revertedMessage: 'The challenge was mined but reverted: no bond was taken.',
    describeFailure: describeJobError,
  })

  const chosen = open.find((a) => a.id.toString() === assignmentId) ?? open[0]
  const outcome = <TxStatus status={tx.status} successText="Challenge opened: the executor must now prove the task." />
  if (!chosen) {
    const none = (
      <p className="muted small">
        No result is open to challenge now (optimistic results can be challenged until their window ends).
      </p>
    )
    // The challenged result leaves `open` as soon as the indexer sees it, which can be before this
    // page has the receipt: the form stays, without its fields, until the user has read the outcome.
    if (tx.status.step === 'idle') return none
    return (
      <form className="form" aria-label="Challenge a task">
        {none}
        {outcome}
      </form>
    )
  }
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const text = taskText.trim()
    const task = Number(text)
    const last = chosen.firstTask + chosen.taskCount - 1
    if (!/^\d+$/.test(text) || task < chosen.firstTask || task > last) {
      setError(`Enter a task of assignment #${chosen.id}: from ${chosen.firstTask} to ${last}.`)
      return
    }
    setError(undefined)
    await tx.write({ assignmentId: chosen.id, taskIndex: task })
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Challenge a task">
      <label htmlFor={`${id}-assignment`}>Result</label>
      <select
        id={`${id}-assignment`}
        value={chosen.id.toString()}
        onChange={(e) => setAssignmentId(e.target.value)}
        disabled={tx.busy}
      >
        {open.map((a) => (
          // Short, so that the chosen one fits a narrow card; the line below says it in full.
          <option key={a.id.toString()} value={a.id.toString()}>
            #{a.id.toString()} · tasks {a.firstTask}–{a.firstTask + a.taskCount - 1} · {shortAddress(a.executor)}
          </option>
        ))}
      </select>
      <p className="muted small">
        Assignment #{chosen.id.toString()}: tasks {chosen.firstTask} to {chosen.firstTask + chosen.taskCount - 1} by{' '}
        {shortAddress(chosen.executor)}; its challenge window ends in {formatDuration(Number(chosen.challengeEnd) - now)}.
      </p>
      <label htmlFor={`${id}-task`}>Task</label>
      <input
        id={`${id}-task`}
        type="text"
        inputMode="numeric"
        value={taskText}
        // A range, not a number: a lone "0" in the box read as a value already entered.
        placeholder={`${chosen.firstTask} to ${chosen.firstTask + chosen.taskCount - 1}`}
        onChange={(e) => setTaskText(e.target.value)}
        aria-invalid={error ? true : undefined}
        disabled={tx.busy}
      />
      {error && <p className="field-error">{error}</p>}
      <p className="muted small">
        Bond: {formatNtk(collateralPerTask, 6)}, returned with a reward if the result is wrong, lost if it is right; if no
        verifiers decide, 90% of it comes back.
      </p>
      <button type="submit" className="button button-ghost" disabled={!address || tx.busy}>
        {address ? 'Challenge task' : 'Connect a wallet to challenge'}
      </button>
      {outcome}
    </form>
  )
}
