/**
 * The settings the Maps and Heads views share (spec, N, heads, causal, positional, workload),
 * their controls, and the computation: the variant's `weights()` beside exact attention's
 * (`full().weights`) on the same q, k and options. Dense maps cost 4·H·N² bytes each, so the
 * two maps are refused past MAP_BUDGET_BYTES with a message (use Patterns for long N).
 */
import type { AttentionOptions, AttentionWeights } from '@attnkit/core';
import {
  applyPositional,
  POSITIONAL_LABELS,
  POSITIONAL_NAMES,
  type PositionalName,
} from './positional.ts';
import { specForm } from './spec-form.ts';
import { createVariant, EXAMPLE_SPECS, exactVariant } from './variants.ts';
import {
  makeWorkload,
  WORKLOAD_DESCRIPTIONS,
  WORKLOAD_NAMES,
  type WorkloadName,
} from './workloads.ts';

export const MAP_BUDGET_BYTES = 512 * 1024 * 1024;

export interface MapSettings {
  spec: string;
  n: number;
  heads: number;
  headDim: number;
  causal: boolean;
  positional: PositionalName;
  workload: WorkloadName;
  seed: number;
}

export interface MapResult {
  settings: MapSettings;
  weights: AttentionWeights;
  exact: AttentionWeights;
  tokens?: Int32Array;
  ms: { variant: number; exact: number };
}

export const settings: MapSettings = {
  spec: EXAMPLE_SPECS['local-window'],
  n: 256,
  heads: 4,
  headDim: 32,
  causal: false,
  positional: 'none',
  workload: 'text',
  seed: 1,
};

/** Computes both maps; throws the variant's AttentionError (or a budget message) as is. */
export function computeMaps(s: MapSettings): MapResult {
  const bytes = 2 * 4 * s.heads * s.n * s.n;
  if (bytes > MAP_BUDGET_BYTES)
    throw new Error(
      `two dense maps of ${s.heads} heads × ${s.n}² need ${(bytes / 2 ** 20).toFixed(0)} MiB, over the ` +
        `explorer's ${MAP_BUDGET_BYTES / 2 ** 20} MiB: lower N or heads, or see Patterns for long N`,
    );
  const variant = createVariant(s.spec);
  if (!variant.weights) throw new Error(`${variant.name} does not offer weights()`);
  const workload = makeWorkload(s.workload, {
    n: s.n,
    heads: s.heads,
    headDim: s.headDim,
    seed: s.seed,
  });
  const { q, k, scoreBias } = applyPositional(s.positional, workload.q, workload.k, s.heads);
  const options: AttentionOptions = { causal: s.causal, ...(scoreBias ? { scoreBias } : {}) };
  let t = performance.now();
  const weights = variant.weights(q, k, options);
  const variantMs = performance.now() - t;
  t = performance.now();
  const exact = exactVariant().weights!(q, k, options);
  return {
    settings: { ...s },
    weights,
    exact,
    tokens: workload.tokens,
    ms: { variant: variantMs, exact: performance.now() - t },
  };
}

/** The shared controls; `onChange` fires after any edit (settings already updated). */
export function mapControls(onChange: () => void): HTMLElement {
  const box = document.createElement('form');
  box.className = 'controls';
  box.addEventListener('submit', (e) => {
    e.preventDefault();
    onChange();
  });
  const form = specForm(settings.spec, (spec) => {
    settings.spec = spec;
    onChange();
  });
  const number = (
    label: string,
    key: 'n' | 'heads' | 'headDim' | 'seed',
    min: number,
    max: number,
  ) => {
    const input = document.createElement('input');
    input.type = 'number';
    input.min = String(min);
    input.max = String(max);
    input.value = String(settings[key]);
    input.name = key;
    input.addEventListener('change', () => {
      const v = Math.round(Number(input.value));
      if (Number.isFinite(v) && v >= min && v <= max) {
        settings[key] = v;
        onChange();
      } else input.value = String(settings[key]);
    });
    return labelled(label, input);
  };
  const causal = document.createElement('input');
  causal.type = 'checkbox';
  causal.name = 'causal';
  causal.checked = settings.causal;
  causal.addEventListener('change', () => {
    settings.causal = causal.checked;
    onChange();
  });
  const positional = select(
    'positional',
    POSITIONAL_NAMES,
    (v) => POSITIONAL_LABELS[v],
    settings.positional,
    (v) => {
      settings.positional = v;
      onChange();
    },
  );
  const workload = select(
    'workload',
    WORKLOAD_NAMES,
    (v) => v,
    settings.workload,
    (v) => {
      settings.workload = v;
      onChange();
    },
  );
  workload.title = WORKLOAD_NAMES.map((w) => `${w}: ${WORKLOAD_DESCRIPTIONS[w]}`).join('\n');
  const row = document.createElement('div');
  row.className = 'control-row';
  row.append(
    number('N', 'n', 1, 8192),
    number('heads', 'heads', 1, 16),
    number('head dim', 'headDim', 2, 256),
    labelled('causal', causal),
    labelled('position', positional),
    labelled('workload', workload),
    number('seed', 'seed', 0, 1_000_000),
  );
  box.append(form.element, row);
  return box;
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = document.createElement('label');
  label.append(`${text} `, control);
  return label;
}

function select<T extends string>(
  name: string,
  values: readonly T[],
  text: (v: T) => string,
  initial: T,
  set: (v: T) => void,
): HTMLSelectElement {
  const el = document.createElement('select');
  el.name = name;
  for (const v of values) el.add(new Option(text(v), v));
  el.value = initial;
  el.addEventListener('change', () => set(el.value as T));
  return el;
}
