/** Task t's shard file name in an assignment's result directory: `shard-<t as 6 digits>.tar` (market-common decision 4). */
export const shardFileName = (task: number) => `shard-${String(task).padStart(6, '0')}.tar`
