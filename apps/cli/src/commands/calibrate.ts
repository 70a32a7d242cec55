/**
 * `attnkit calibrate`: measures this machine into a profile for `attnkit select --profile`:
 * each family's forward time over lengths, decoder step time over contexts, and quality on
 * @attnkit/metrics' workloads (mixture, local, retrieval: error per row, recall by distance).
 * Exit: 0 a profile written, 1 it could not be written, 2 a usage error.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { enableRelaxedSimd } from '@attnkit/kernels/node';
import { calibrate, metricsMeasureQuality, parseMs } from '@attnkit/select';
import { unit } from '../select/flags.ts';
import type { CliCommand } from './types.ts';

interface CalibrateFlags {
  out: string;
  budget: number;
  quick?: boolean;
}

export const calibrateCommand: CliCommand = {
  name: 'calibrate',
  register(program, io, done) {
    program
      .command('calibrate')
      .description(
        "measure this machine's throughput, decode step time and fidelity into a profile for `attnkit select --profile`",
      )
      .option('--out <file>', 'where to write the profile', 'attnkit-profile.json')
      .option('--budget <time>', 'wall-time budget, e.g. 60s', unit('--budget', parseMs), 60_000)
      .option('--quick', 'tiny lengths (seconds): a smoke test, not a profile to trust')
      .action(async (flags: CalibrateFlags) => {
        // Time the relaxed-SIMD build where the runtime has it, as `select` users will run.
        enableRelaxedSimd();
        const profile = await calibrate({
          budgetMs: flags.budget,
          quick: flags.quick ?? false,
          measureQuality: metricsMeasureQuality,
          command: `attnkit calibrate ${process.argv.slice(3).join(' ')}`.trim(),
          attnkitVersion: `@attnkit/cli ${program.version() ?? 'unknown'}`,
          onProgress: (m) => io.stderr.write(`${m}\n`),
        });
        const out = path.resolve(io.cwd, flags.out);
        try {
          writeFileSync(out, `${JSON.stringify(profile, null, 2)}\n`);
        } catch (error) {
          io.stderr.write(`attnkit calibrate: ${(error as Error).message}\n`);
          done(1);
          return;
        }
        io.stdout.write(
          `wrote ${out}: ${profile.throughput.length} timings, ${profile.decode.length} decode steps, ${profile.fidelity.length} fidelity points\n`,
        );
        done(0);
      });
  },
};
