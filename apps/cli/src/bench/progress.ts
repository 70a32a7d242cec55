/** A progress bar on a TTY (cli-progress), plain lines otherwise (CI has no TTY); on stderr. */
import cliProgress from 'cli-progress';

export interface Progress {
  start(total: number): void;
  /** One configuration done (or skipped). */
  tick(line: string): void;
  note(line: string): void;
  stop(): void;
}

export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  quiet = false,
): Progress {
  if (quiet) return { start() {}, tick() {}, note() {}, stop() {} };
  if (!stream.isTTY) {
    let done = 0;
    let total = 0;
    return {
      start: (t) => {
        total = t;
      },
      tick: (line) => {
        done++;
        stream.write(`[${done}/${total}] ${line}\n`);
      },
      note: (line) => {
        stream.write(`${line}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {value}/{total} · {eta_formatted} left · {line}',
      etaBuffer: 20,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { line: '' }),
    tick: (line) => bar.increment(1, { line: line.slice(0, 70) }),
    note: (line) => {
      bar.update({ line: line.slice(0, 70) });
    },
    stop: () => bar.stop(),
  };
}
