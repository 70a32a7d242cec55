export { visiblePairs } from './cost.ts';
export { type FullConfig, full, fullDefinition } from './full.ts';
