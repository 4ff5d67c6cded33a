// The dApp build of the browser tests is the devkit's (the same one the test platform serves).
export { buildDapp } from '@neuromation/devkit'
