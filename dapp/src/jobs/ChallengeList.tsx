import { shortAddress } from '../lib/format'
import { challengeStage } from './challengeStage'
import type { IndexedChallenge, IndexedVerifier } from './useJob'

const statusLabels: Record<string, { label: string; tone: string }> = {
  AwaitingProof: { label: 'Awaiting proof', tone: 'pill-warning' },
  Verifying: { label: 'Verifying', tone: 'pill-warning' },
  ExecutorWon: { label: 'Result upheld', tone: 'pill-success' },
  ChallengerWon: { label: 'Result disproved', tone: 'pill-danger' },
  NoQuorum: { label: 'No quorum', tone: 'pill-neutral' },
}

const verifierLabels: Record<string, { label: string; tone: string; title: string }> = {
  candidate: { label: 'candidate', tone: 'pill-neutral', title: 'Committed a recomputation; the seats are not drawn yet' },
  seated: { label: 'seated', tone: 'pill-success', title: 'Drawn (by stake) to decide the challenge' },
  released: { label: 'released', tone: 'pill-neutral', title: 'Not seated: its lock is back and its vote does not count' },
  evicted: { label: 'evicted', tone: 'pill-neutral', title: 'A candidate with more stake took its place in the full list' },
}

/**
 * The job's challenges: each one's status and stage, and its verifiers: candidates while the
 * list is open, then who was seated (by the stake-weighted draw) and who was released or evicted.
 */
export function ChallengeList({
  challenges,
  verifiers,
  now,
}: {
  challenges: IndexedChallenge[]
  verifiers: IndexedVerifier[]
  now: number | undefined
}) {
  if (challenges.length === 0) return null
  return (
    <div className="jobs-challenges" data-testid="challenges">
      <h3>Challenges</h3>
      <ul className="jobs-challenge-list">
        {challenges.map((c) => {
          const status = statusLabels[c.status] ?? { label: c.status, tone: 'pill-neutral' }
          const votes = verifiers.filter((v) => v.challengeId === c.id)
          return (
            <li key={c.id.toString()} className="jobs-challenge" data-testid={`challenge-${c.id}`}>
              <div className="jobs-challenge-head">
                <span>
                  #{c.id.toString()} · task {c.taskIndex} · by <code className="mono">{shortAddress(c.challenger)}</code>
                </span>
                <span className={`pill ${status.tone}`} data-testid="challenge-status">
                  {status.label}
                </span>
              </div>
              <p className="muted small">{challengeStage(c, now)}</p>
              {votes.length > 0 && (
                <ul className="jobs-verifiers" aria-label={`Verifiers of challenge ${c.id}`}>
                  {votes.map((v) => {
                    const shown = verifierLabels[v.status] ?? { label: v.status, tone: 'pill-neutral', title: '' }
                    return (
                      <li key={v.verifier} data-status={v.status}>
                        <code className="mono" title={v.verifier}>
                          {shortAddress(v.verifier)}
                        </code>
                        <span className={`pill ${shown.tone}`} title={shown.title}>
                          {shown.label}
                          {v.status === 'seated' && v.revealedAt !== null ? ' · revealed' : ''}
                        </span>
                      </li>
                    )
                  })}
                </ul>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
