import { describe, expect, it } from 'vitest'
import { createProgress } from './createProgress.ts'

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = {
    isTTY,
    columns: 100,
    text: '',
    write(chunk: string) {
      stream.text += chunk
      return true
    },
  }
  return stream as unknown as NodeJS.WriteStream & { text: string }
}

describe('createProgress', () => {
  it('draws a bar with count, rate and ETA on a terminal', () => {
    const tty = fakeStream(true)
    const progress = createProgress(10, 'shelf', tty)
    progress.update(10)
    progress.finish()
    expect(tty.text).toMatch(/^\rshelf \[#{40}\] 10\/10 [\d.]+\/s ETA 0:00 \n$/)
  })

  it('writes nothing when stderr is not a terminal (logs and pipes stay clean)', () => {
    const pipe = fakeStream(false)
    const progress = createProgress(10, 'shelf', pipe)
    progress.update(5)
    progress.finish()
    expect(pipe.text).toBe('')
  })
})
