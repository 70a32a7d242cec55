/**
 * The settings the Maps and Heads views share (spec, N, heads, causal, positional, workload)
 * and their controls; map-compute.ts computes the maps from them, in maps-worker.ts.
 */
import { DEFAULT_SETTINGS, type MapSettings } from './map-compute.ts';
import { POSITIONAL_LABELS, POSITIONAL_NAMES } from './positional.ts';
import { specForm } from './spec-form.ts';
import { WORKLOAD_DESCRIPTIONS, WORKLOAD_NAMES } from './workloads.ts';

export const settings: MapSettings = { ...DEFAULT_SETTINGS };

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
