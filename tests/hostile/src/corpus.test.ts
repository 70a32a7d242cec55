import { AttentionError } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import { biasCases, otherBiasCases } from './corpus/bias.ts';
import { callCases } from './corpus/calls.ts';
import type { CorpusCase } from './corpus/case.ts';
import { shapeCases } from './corpus/shapes.ts';
import { patternCases, specCases } from './corpus/spec.ts';

const CORPUS: CorpusCase[] = [
  ...callCases,
  ...shapeCases,
  ...biasCases,
  ...otherBiasCases,
  ...specCases,
  ...patternCases,
];

describe(`hostile-input corpus (${CORPUS.length} cases)`, () => {
  it('holds at least 250 cases with distinct names', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(250);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
  });
  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let error: unknown;
    try {
      c.run();
    } catch (e) {
      error = e;
    }
    expect(error, 'a typed AttentionError').toBeInstanceOf(AttentionError);
    const e = error as AttentionError;
    expect(e.code).toBe(c.code);
    expect(e.argument).toContain(c.argument);
    expect(e.expected.length).toBeGreaterThan(0);
    expect(e.received.length).toBeGreaterThan(0);
    if (c.received !== undefined) expect(e.received).toContain(c.received);
    expect(e.message).toContain(`${e.argument}: expected ${e.expected}, got ${e.received}`);
    expect(e.message).not.toMatch(/\bNaN × NaN\b|, \]/);
  });
});
