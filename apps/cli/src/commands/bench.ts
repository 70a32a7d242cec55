/** `attnkit bench`: every attention variant on long sequences, side by side (src/bench/). */
import { addBenchOptions, type RawFlags } from '../bench/options.ts';
import { runBench } from '../bench/run.ts';
import type { CliCommand } from './types.ts';

export const bench: CliCommand = {
  name: 'bench',
  register(program, io, done) {
    addBenchOptions(program.command('bench')).action(async (flags: RawFlags) => {
      done(await runBench(flags, io));
    });
  },
};
