/** What the suite loop and each configuration's measurement share (kept apart so neither imports the other). */
import type { BenchOptions } from './options.ts';
import type { Progress } from './progress.ts';
import type { Results } from './results.ts';
import type { Subject } from './subjects.ts';

export interface SuitePlan {
  subject: Subject;
  lengths: number[];
}

export interface SuiteContext {
  options: BenchOptions;
  results: Results;
  dir: string;
  progress: Progress;
}
