/** `attnkit ablate`: sweeps of variants' knobs over seeds to a Pareto front (src/ablate/); `ablate merge` joins shards. */
import type { Command } from 'commander';
import { runMerge } from '../ablate/merge.ts';
import { addAblateOptions, type RawAblateFlags } from '../ablate/options.ts';
import { runAblate } from '../ablate/run.ts';
import type { CliCommand } from './types.ts';

/** The arguments as typed after `attnkit`, for the results' provenance. */
const typed = (command: Command): string[] => {
  let root = command;
  while (root.parent) root = root.parent;
  return root.args.length ? [...(root as unknown as { rawArgs: string[] }).rawArgs] : [];
};

export const ablate: CliCommand = {
  name: 'ablate',
  register(program, io, done) {
    const command = addAblateOptions(program.command('ablate'))
      .enablePositionalOptions()
      .action(async (sweeps: string[], flags: RawAblateFlags, self: Command) => {
        done(await runAblate(sweeps, flags, io, typed(self)));
      });
    command
      .command('merge')
      .description(
        'Combine shard folders of one sweep (same fingerprint) into one folder and report.',
      )
      .argument('<dir...>', 'shard folders (each with ablation.json)')
      .requiredOption('--out <dir>', 'the merged folder')
      .option('--json', 'print the merged ablation.json to stdout', false)
      .action(async (dirs: string[], flags: { out: string; json: boolean }) => {
        done(await runMerge(dirs, flags, io));
      });
  },
};
