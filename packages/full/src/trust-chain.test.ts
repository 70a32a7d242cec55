import { chainCases, itChainsTrust } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe } from 'vitest';
import { full } from './full.ts';
import { naiveFull } from './naive.ts';

for (const backend of backendChoices()) {
  describe(`full: reference → naive → fast (${backend})`, () => {
    itChainsTrust({
      naive: naiveFull,
      fast: () => full({ backend, queryBlock: 16 }),
      cases: chainCases(),
    });
  });
}
