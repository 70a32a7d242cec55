// Worker entry when the pool runs from TypeScript sources (vitest, tsx): Node 20 applies no
// loader to a worker's entry, so load the TypeScript worker through tsx's tsImport.
import { workerData } from 'node:worker_threads';

const { tsImport } = await import(workerData.tsxApi);
await tsImport('./worker-node.ts', import.meta.url);
