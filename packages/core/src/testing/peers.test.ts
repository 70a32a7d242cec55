import { describe, expect, it } from 'vitest';
import { loadPeers } from './peers.ts';

const notFound = (name: string) =>
  Object.assign(new Error(`Cannot find package '${name}' imported from x.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });

describe('optional peers of @attnkit/core/testing', () => {
  it('names every missing peer, its range and the install line', async () => {
    const load = (name: string) => Promise.reject(notFound(name));
    await expect(loadPeers(['vitest', 'fast-check'], load)).rejects.toThrow(
      '@attnkit/core/testing needs vitest and fast-check, its optional peer dependencies, which are not installed. Install as dev dependencies (npm i -D vitest@"^4.1.0" fast-check@"^4.0.0")',
    );
  });

  it('names only the one that is missing', async () => {
    const load = (name: string) =>
      name === 'fast-check' ? Promise.reject(notFound(name)) : Promise.resolve({});
    await expect(loadPeers(['vitest', 'fast-check'], load)).rejects.toThrow(
      /needs fast-check, its optional peer dependency, which is not installed/,
    );
  });

  it('rethrows a peer that is installed but fails to load', async () => {
    const broken = new SyntaxError('Unexpected token');
    const load = () => Promise.reject(broken);
    await expect(loadPeers(['vitest'], load)).rejects.toBe(broken);
  });

  it('returns the modules when both load', async () => {
    const [vitest, fc] = await loadPeers(['vitest', 'fast-check']);
    expect(typeof (vitest as { it: unknown }).it).toBe('function');
    expect(fc).toBeTruthy();
  });
});

describe('the testing entry reaches its peers only through peers.ts', () => {
  it('no shipped testing module imports vitest or fast-check directly', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('./', import.meta.url);
    const shipped = readdirSync(dir).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'peers.ts',
    );
    expect(shipped.length).toBeGreaterThan(3);
    const direct = shipped.filter((f) =>
      /from '(vitest|fast-check)'/.test(readFileSync(new URL(f, dir), 'utf8')),
    );
    expect(direct).toEqual([]);
  });
});
