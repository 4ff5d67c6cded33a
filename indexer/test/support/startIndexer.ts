// The indexer for the indexer's suites: started by the devkit exactly as `npm start` runs it.
export { type Indexer, type IndexerOptions, startIndexer, waitForIndexedBlock } from '@neuromation/devkit'
