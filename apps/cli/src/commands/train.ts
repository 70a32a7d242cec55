/** `attnkit train`: a small decoder with any attention variant on a recall task (src/train/). */
import { addTrainOptions, type TrainFlags } from '../train/options.ts';
import { runTrain } from '../train/run.ts';
import type { CliCommand } from './types.ts';

export const train: CliCommand = {
  name: 'train',
  register(program, io, done) {
    addTrainOptions(program.command('train')).action(async (flags: TrainFlags) => {
      done(await runTrain(flags, io));
    });
  },
};
