import type { AssignmentProgress } from '@neuromation/sdk'

/** Where one task of an assignment stands by its executor's own report. */
export type TaskWork = { state: 'queued' | 'running' | 'computed' | 'uploading' | 'submitting' | 'failed'; fraction: number }

/**
 * Task `index` (0-based inside the assignment) by the executor's progress report: the tasks
 * before `tasksDone` are computed, the next one is running with the samples done past them, the
 * rest wait. Uploading and submitting cover every task. Values a hostile node could send out of
 * range (validated counts that do not add up) are clamped to [0, 1].
 */
export function taskProgress(progress: AssignmentProgress, index: number): TaskWork {
  switch (progress.state) {
    case 'uploading':
    case 'submitting':
      return { state: progress.state, fraction: 1 }
    case 'queued':
    case 'failed':
      return { state: progress.state, fraction: 0 }
    case 'running': {
      if (index < progress.tasksDone) return { state: 'computed', fraction: 1 }
      if (index > progress.tasksDone) return { state: 'queued', fraction: 0 }
      const { samplesDone, samplesTotal, tasksTotal, tasksDone } = progress
      if (samplesDone === null || samplesTotal === null || tasksTotal === 0 || samplesTotal === 0) {
        return { state: 'running', fraction: 0 }
      }
      const perTask = samplesTotal / tasksTotal
      return { state: 'running', fraction: Math.min(1, Math.max(0, (samplesDone - tasksDone * perTask) / perTask)) }
    }
  }
}

/** The report in words for the assignments table: "running: task 2 of 4, 130 / 400 samples". */
export function describeProgress(progress: AssignmentProgress): string {
  const samples =
    progress.samplesDone !== null && progress.samplesTotal !== null
      ? `, ${progress.samplesDone.toLocaleString('en-US')} / ${progress.samplesTotal.toLocaleString('en-US')} samples`
      : ''
  switch (progress.state) {
    case 'running':
      return `running: task ${Math.min(progress.tasksDone + 1, progress.tasksTotal)} of ${progress.tasksTotal}${samples}`
    case 'queued':
      return 'queued on the node'
    case 'uploading':
      return `uploading ${progress.tasksTotal} shard${progress.tasksTotal === 1 ? '' : 's'}`
    case 'submitting':
      return 'computed; sending the result'
    case 'failed':
      return `failed on the node${progress.error ? `: ${progress.error}` : ''}`
  }
}
