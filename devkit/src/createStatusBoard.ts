// The compact progress board of `npm start`: one line per step, rewritten in place on a TTY
// ("… anvil" becomes "✔ anvil  http://127.0.0.1:8545  0.2s"), plain appended lines otherwise.

type Write = (text: string) => void

export type Step = {
  done: (detail?: string) => void
  skip: (detail: string) => void
  fail: (detail?: string) => void
}

export type StatusBoard = {
  step: (name: string, detail?: string) => Step
  note: (text: string) => void
}

export function createStatusBoard(options: { write: Write; tty: boolean; color: boolean }): StatusBoard {
  const { write, tty } = options
  const paint = (code: number) => (text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text)
  const green = paint(32)
  const red = paint(31)
  const dim = paint(2)
  const yellow = paint(33)

  return {
    step(name, detail = '') {
      const started = performance.now()
      const label = name.padEnd(10)
      const line = (mark: string, text: string, timed: boolean) => {
        const seconds = timed ? dim(` ${((performance.now() - started) / 1000).toFixed(1)}s`) : ''
        return `  ${mark} ${label} ${text}${seconds}`
      }
      // On a TTY the pending line is later overwritten; elsewhere only final lines are printed.
      if (tty) write(line(dim('…'), dim(detail || 'starting'), false))
      const finish = (text: string) => write(tty ? `\r\x1b[K${text}\n` : `${text}\n`)
      return {
        done: (text = '') => finish(line(green('✔'), text, true)),
        skip: (text) => finish(line(yellow('-'), dim(text), false)),
        fail: (text = 'failed') => finish(line(red('✖'), red(text), true)),
      }
    },
    note: (text) => write(`${text}\n`),
  }
}
