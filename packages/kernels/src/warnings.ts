/**
 * Where the kernels report a degraded but working set-up (today: `backend: 'auto'` falling back
 * to js). Once per process, not per variant: a user creating a thousand variants reads it once.
 */
export type WarningHandler = (message: string) => void;

const consoleWarning: WarningHandler = (message) => console.warn(`[attnkit] ${message}`);
let handler: WarningHandler = consoleWarning;
const given = new Set<string>();

/**
 * Routes the kernels' warnings to `onWarning` (a logger, a UI toast, or `() => {}` to silence
 * them); `null` restores the default, `console.warn`. Returns the handler it replaced.
 */
export function setWarningHandler(onWarning: WarningHandler | null): WarningHandler {
  const previous = handler;
  handler = onWarning ?? consoleWarning;
  return previous;
}

/** Reports `message` under `key` unless a warning with that key was already reported. */
export function warnOnce(key: string, message: string): void {
  if (given.has(key)) return;
  given.add(key);
  handler(message);
}
