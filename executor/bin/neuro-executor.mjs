#!/usr/bin/env node
// The executor ships TypeScript sources (no build step): run the CLI through tsx's loader.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/neuro-executor.ts')
