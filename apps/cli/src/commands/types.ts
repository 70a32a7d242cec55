import type { Command } from 'commander';
import type { MainIo } from '../io.ts';

/**
 * One subcommand of `attnkit`. `register` adds it to the program (`program.command(name)`, so it
 * inherits the program's output and exit handling) with an action that resolves to its exit
 * code through `done`: 0 success, 1 a run that failed, 2 a usage error.
 */
export interface CliCommand {
  name: string;
  register(program: Command, io: MainIo, done: (code: number) => void): void;
}
