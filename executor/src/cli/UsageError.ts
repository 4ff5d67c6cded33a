/**
 * A command given wrong flags or arguments: printed as one line under the command's name with a
 * pointer to its --help, exit code 2. Nothing has been sent or written when it is thrown.
 */
export class UsageError extends Error {
  override name = 'UsageError'
}
