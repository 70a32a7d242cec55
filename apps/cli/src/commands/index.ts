/**
 * Every subcommand of `attnkit`. A new one is a file beside this one exporting a `CliCommand`,
 * added to this list.
 */
import { ablate } from './ablate.ts';
import { bench } from './bench.ts';
import { calibrateCommand } from './calibrate.ts';
import { selectCommand } from './select.ts';
import type { CliCommand } from './types.ts';

export type { CliCommand };
export const commands: readonly CliCommand[] = [bench, selectCommand, calibrateCommand, ablate];
