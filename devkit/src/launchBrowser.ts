// The one place that finds and launches a browser for the browser tests: a system Chromium when
// one is installed (CHROMIUM_PATH, or the usual Debian/Ubuntu/Chrome paths), otherwise the
// Chromium that ships inside the npm package @sparticuz/chromium (unpacked to /tmp on first use),
// so `npm test` needs nothing but Node and npm.
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { PlatformError } from './PlatformError'

const systemPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome']

// Headless, offline and quiet: no updates, sync or first-run UI reaching out to the network.
const commonArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

// @sparticuz/chromium's flags are tuned for AWS Lambda; these would make the tests lie (no CORS,
// mixed content allowed) or break several pages at once (one process for everything).
const unwantedPackagedArgs = new Set([
  '--single-process',
  '--no-zygote',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
])

export type BrowserSource = { kind: 'system' | 'npm'; executablePath: string; args: string[] }

/** Which Chromium launchBrowser() will use, and with which flags. */
export async function findBrowser(env: NodeJS.ProcessEnv = process.env): Promise<BrowserSource> {
  const configured = env.CHROMIUM_PATH?.trim()
  if (configured) {
    if (!existsSync(configured)) {
      throw new PlatformError(`CHROMIUM_PATH=${configured} does not exist.`, {
        code: 'BROWSER_UNAVAILABLE',
        metaMessages: ['Point it at a Chromium binary, or unset it to use the Chromium from @sparticuz/chromium.'],
      })
    }
    return { kind: 'system', executablePath: configured, args: commonArgs }
  }
  const system = systemPaths.find((path) => existsSync(path))
  if (system) return { kind: 'system', executablePath: system, args: commonArgs }
  try {
    const packaged = (await import('@sparticuz/chromium')).default
    const executablePath = await packaged.executablePath()
    const args = packaged.args.filter((arg) => !unwantedPackagedArgs.has(arg) && !arg.startsWith('--headless'))
    return { kind: 'npm', executablePath, args: [...new Set([...commonArgs, ...args])] }
  } catch (error) {
    throw new PlatformError('No Chromium found: none installed on the system, and @sparticuz/chromium could not be unpacked.', {
      code: 'BROWSER_UNAVAILABLE',
      cause: error,
      metaMessages: ['Run `npm install` (it ships Chromium inside the package; /tmp must be writable), or set CHROMIUM_PATH.'],
    })
  }
}

/** Launches headless Chromium through playwright-core. */
export async function launchBrowser(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const source = await findBrowser(env)
  try {
    // Suites started side by side on a fresh machine unpack /tmp/chromium at once: one may try to
    // start the binary while another still writes it (ETXTBSY). That ends within seconds: retry.
    for (let attempt = 1; ; attempt++) {
      try {
        return await chromium.launch({ executablePath: source.executablePath, args: source.args, headless: true })
      } catch (error) {
        if (!String((error as Error).message).includes('ETXTBSY') || attempt >= 30) throw error
        await new Promise((resolve) => setTimeout(resolve, 1_000))
      }
    }
  } catch (error) {
    throw new PlatformError(`Chromium at ${source.executablePath} did not start.`, {
      code: 'BROWSER_UNAVAILABLE',
      cause: error,
      metaMessages: [
        source.kind === 'npm'
          ? 'Delete /tmp/chromium and run again to unpack it afresh.'
          : 'Set CHROMIUM_PATH to another Chromium.',
      ],
    })
  }
}
