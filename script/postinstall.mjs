// Makes the native Foundry binaries executable (npm tarballs may drop the mode bit) and checks
// they exist, so a broken install fails here rather than as a silent green test run later.
import { chmodSync, existsSync } from 'node:fs'
import { join } from 'node:path'

const platform = `${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`
for (const tool of ['forge', 'anvil', 'cast']) {
  const binary = join('node_modules', '@foundry-rs', `${tool}-${platform}`, 'bin', tool)
  if (!existsSync(binary)) {
    console.error(`postinstall: ${binary} is missing; reinstall @foundry-rs/${tool} for ${platform}`)
    process.exit(1)
  }
  chmodSync(binary, 0o755)
}
chmodSync(join('bin', 'solc'), 0o755)
