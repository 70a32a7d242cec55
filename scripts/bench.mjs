// Root `pnpm bench [-- flags]`: builds the wasm if missing, then runs `attnkit bench` from the
// TypeScript sources (tsx, the @attnkit/source condition) with every flag passed on. Not through
// turbo, which refuses flags it does not know (`pnpm bench --quick` failed there).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureWasm } from './ensure-wasm.mjs';

ensureWasm();
const cli = fileURLToPath(new URL('../apps/cli/src/bin/attnkit.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const r = spawnSync(
  process.execPath,
  ['--conditions=@attnkit/source', '--import', tsx, cli, 'bench', ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
