// Finds and launches headless Chromium for the browser interop test: a system Chromium
// (CHROMIUM_PATH or the usual paths) or the one packed inside @sparticuz/chromium. A local
// stand-in until the devkit's shared launcher (devkit/src/launchBrowser.ts) lands on main.
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome']
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
// Lambda-oriented flags of the packaged build that would change how the page behaves.
const UNWANTED = new Set([
  '--single-process',
  '--no-zygote',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
])

export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  let executablePath = env.CHROMIUM_PATH?.trim() || SYSTEM_PATHS.find((p) => existsSync(p))
  let args = ARGS
  if (!executablePath) {
    const packaged = (await import('@sparticuz/chromium')).default
    executablePath = await packaged.executablePath()
    args = [...new Set([...ARGS, ...packaged.args.filter((a: string) => !UNWANTED.has(a) && !a.startsWith('--headless'))])]
  }
  return chromium.launch({ executablePath, args, headless: true })
}
