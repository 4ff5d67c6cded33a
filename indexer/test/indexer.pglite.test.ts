import { defineIndexerSuite } from './support/defineIndexerSuite'

// The default database: embedded PGlite in a temporary directory.
defineIndexerSuite('PGlite', { kind: 'pglite' })
