/** A failure the CLI reports as one clear line and an exit code (2 = usage, 1 = failure). */
export class CliError extends Error {
  override name = 'CliError'
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message)
  }
}
