/** `attnkit <argv>` in this process through `run`, with stdout and stderr captured (tests). */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { run } from '../program.ts';

function capture() {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        text += chunk;
        done();
      },
    }),
    { isTTY: false },
  ) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

/** Runs in a fresh temp folder as cwd (or `cwd`); resolves to the exit code and the output. */
export async function attnkit(
  argv: string[],
  cwd = mkdtempSync(path.join(os.tmpdir(), 'attnkit-cli-')),
) {
  const out = capture();
  const err = capture();
  const code = await run(argv, { stdout: out.stream, stderr: err.stream, cwd });
  return { code, stdout: out.text(), stderr: err.text(), cwd };
}
