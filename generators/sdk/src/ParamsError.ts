/** Params that do not match a generator's schema: every problem, each with its JSON path. */
export class ParamsError extends Error {
  override name = 'ParamsError'
  constructor(readonly problems: string[]) {
    super(`invalid params: ${problems.join('; ')}`)
  }
}
