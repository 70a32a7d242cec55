/** Where a command writes and resolves paths; tests pass their own. */
export interface MainIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  /** Where relative paths and the default bench-results/ resolve (pnpm's INIT_CWD, else cwd). */
  cwd: string;
}

export const defaultIo = (): MainIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
