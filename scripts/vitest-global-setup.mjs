// vitest globalSetup of every package (vitest.shared.ts): the kernels' wasm must exist first.
import { ensureWasm } from './ensure-wasm.mjs';

export default function setup() {
  ensureWasm();
}
