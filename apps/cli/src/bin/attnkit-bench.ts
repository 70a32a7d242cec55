#!/usr/bin/env node
/** `attnkit-bench [flags]`: an alias of `attnkit bench [flags]`. */
import { run } from '../program.ts';

process.exitCode = await run(['bench', ...process.argv.slice(2)]);
