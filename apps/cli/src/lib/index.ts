/**
 * `@attnkit/cli/lib`: the measuring pieces the CLI and the benchmark suites share — the tinybench
 * wrapper, the log-log fit, the Markdown table, the peak-memory probe and the decode table. For
 * scripts that time attention the way `attnkit bench` does; the command line itself is `attnkit`.
 *
 * @module @attnkit/cli/lib
 */
export { measurePeak, type Peak } from '../probe/peak-probe.ts';
export {
  DECODE_CONTEXTS,
  DECODE_SHAPE,
  type DecodeRow,
  type DecodeShape,
  measureDecode,
  streamingRead,
} from './decode.ts';
export {
  FIT_FROM_N,
  fitPowerLaw,
  logLogFit,
  logLogSlope,
  type Point,
  type PowerFit,
  predictMs,
} from './fit.ts';
export { markdownTable } from './table.ts';
export { type Timing, type TimingOptions, timeCall } from './timing.ts';
