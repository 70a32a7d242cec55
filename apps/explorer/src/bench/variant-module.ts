/**
 * What each pool worker imports to rebuild a variant: one definition per variant, exported
 * under its spec name in camel case (bench/pool.ts's `exportName`). Built as its own chunk
 * (vite.config.ts) so its exports survive bundling.
 */
export { chunkedDefinition as chunked } from '@attnkit/chunked';
export { fullDefinition as full } from '@attnkit/full';
export { linearDefinition as linear } from '@attnkit/linear';
export { localWindowDefinition as localWindow } from '@attnkit/local-window';
export { sparseDefinition as sparse } from '@attnkit/sparse';
