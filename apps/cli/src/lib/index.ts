/**
 * `@attnkit/cli/lib`: the measuring pieces the CLI and the benchmark suites share — the tinybench
 * wrapper, the log-log fit, the Markdown table and the peak-memory probe. For scripts that time
 * attention the way `attnkit bench` does; the command line itself is `attnkit`.
 *
 * @module @attnkit/cli/lib
 */
export { measurePeak, type Peak } from '../probe/peak-probe.ts';
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
