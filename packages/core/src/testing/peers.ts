/**
 * vitest and fast-check are optional peer dependencies: only this entry needs them, and a user of
 * the variants alone should not install a test runner. A static import of a missing package fails
 * with a bare "Cannot find package"; loading them here lets the error say what to install.
 */
type Vitest = typeof import('vitest');
type FastCheck = typeof import('fast-check');

const PEERS = { vitest: '^4.1.0', 'fast-check': '^4.0.0' } as const;
type PeerName = keyof typeof PEERS;

/** The message for peers that are not installed. */
export function missingPeersMessage(missing: readonly PeerName[]): string {
  const list = missing.map((name) => `${name}@"${PEERS[name]}"`).join(' ');
  return (
    `@attnkit/core/testing needs ${missing.join(' and ')}, its optional peer ` +
    `${missing.length > 1 ? 'dependencies' : 'dependency'}, which ${missing.length > 1 ? 'are' : 'is'} not installed. ` +
    `Install as dev dependencies (npm i -D ${list}) and import @attnkit/core/testing from test files only.`
  );
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  return /Cannot find (package|module)|Failed to (load|resolve)/.test(String(error));
}

/** Imports each peer; names every missing one at once, rethrows any other failure. */
export async function loadPeers<T extends readonly PeerName[]>(
  names: T,
  load: (name: PeerName) => Promise<unknown> = (name) => import(name),
): Promise<unknown[]> {
  const missing: PeerName[] = [];
  const loaded = await Promise.all(
    names.map((name) =>
      load(name).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
        missing.push(name);
        return null;
      }),
    ),
  );
  if (missing.length > 0) throw new Error(missingPeersMessage(missing));
  return loaded;
}

const [vitest, fastCheck] = (await loadPeers(['vitest', 'fast-check'])) as [
  Vitest,
  FastCheck & { default?: FastCheck['default'] },
];
export const { describe, expect, it } = vitest;
export const fc: FastCheck['default'] = fastCheck.default ?? (fastCheck as FastCheck['default']);
