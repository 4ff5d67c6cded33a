import type { Locator } from 'playwright-core'

/**
 * Waits until `locator`'s text matches `expected` (polling; no fixed sleeps) and returns the text.
 * Fails with the last text seen, so a wrong value reads as a clear assertion message.
 */
export async function waitForText(locator: Locator, expected: RegExp | string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  let last = '<not found>'
  while (Date.now() < deadline) {
    if ((await locator.count()) > 0) {
      last =
        (await locator
          .first()
          .innerText()
          .catch(() => last)) ?? last
      if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return last
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${locator} to match ${expected}; last text: ${JSON.stringify(last)}`,
  )
}
