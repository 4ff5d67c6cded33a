import { describe, it } from 'vitest'
import { defineIndexerSuite } from './support/defineIndexerSuite'

// The DATABASE_URL path against a real PostgreSQL server. The role in TEST_DATABASE_URL must be
// able to create schemas in its database (e.g. own it); each run uses and drops a fresh schema.
const url = process.env.TEST_DATABASE_URL

if (url) defineIndexerSuite('PostgreSQL', { kind: 'postgres', url })
else describe.skip('indexer (PostgreSQL): set TEST_DATABASE_URL to run', () => it('needs TEST_DATABASE_URL'))
