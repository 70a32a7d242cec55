#!/usr/bin/env node
/** The `attnkit` executable: `attnkit <command> [flags]`; exit code from the command. */
import { run } from '../program.ts';

process.exitCode = await run(process.argv.slice(2));
