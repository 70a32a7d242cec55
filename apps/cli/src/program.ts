/**
 * The `attnkit` program: one commander root with a subcommand per file in commands/.
 * Exit codes: 0 success (and --help, --version), 1 a run that failed, 2 a usage error
 * (unknown command or flag, a bad value, flags that do not go together).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.ts';
import { defaultIo, type MainIo } from './io.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const version = (): string =>
  (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;

export function buildProgram(io: MainIo, done: (code: number) => void): Command {
  const program = new Command('attnkit')
    .description('attnkit: attention variants measured on your machine')
    .version(version())
    // A subcommand's options belong to it alone, so `ablate merge … --out` reaches merge.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(attnkit --help, or attnkit <command> --help, lists the options)');
  for (const command of commands) command.register(program, io, done);
  return program;
}

/** Runs `attnkit <argv>` and resolves to its exit code; never calls process.exit. */
export async function run(argv: readonly string[], io: MainIo = defaultIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  // `pnpm … -- --quick` hands the `--` on; it separates nothing here.
  const args = argv.filter((a, i) => !(a === '--' && i <= 1));
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(args as string[], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const asked = ['commander.helpDisplayed', 'commander.help', 'commander.version'];
    return asked.includes(error.code) ? EXIT.ok : EXIT.usage;
  }
  return code;
}
