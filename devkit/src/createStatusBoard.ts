// The compact progress board of `npm start`: one line per service once it is ready
// ("✔ anvil      http://127.0.0.1:8545  0.2s"). Services start in parallel, so on a TTY one
// footer line, rewritten in place, lists those still starting; elsewhere only final lines print.

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
  const pending = new Set<string>()
  let footerShown = false

  const clearFooter = () => {
    if (tty && footerShown) write('\r\x1b[K')
    footerShown = false
  }
  const drawFooter = () => {
    if (!tty || pending.size === 0) return
    write(dim(`  … starting ${[...pending].join(', ')}`))
    footerShown = true
  }
  const print = (line: string) => {
    clearFooter()
    write(`${line}\n`)
    drawFooter()
  }

  return {
    step(name) {
      const started = performance.now()
      const label = name.padEnd(10)
      const seconds = () => dim(` ${((performance.now() - started) / 1000).toFixed(1)}s`)
      pending.add(name)
      clearFooter()
      drawFooter()
      let finished = false
      const finish = (line: string) => {
        if (finished) return
        finished = true
        pending.delete(name)
        print(line)
      }
      return {
        done: (text = '') => finish(`  ${green('✔')} ${label} ${text}${seconds()}`),
        skip: (text) => finish(`  ${yellow('-')} ${label} ${dim(text)}`),
        fail: (text = 'failed') => finish(`  ${red('✖')} ${label} ${red(text)}${seconds()}`),
      }
    },
    note: (text) => print(text),
  }
}
