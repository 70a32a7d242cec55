/**
 * A spec string and a small form for its knobs, kept in step: editing a knob writes the spec
 * (formatSpec), editing the spec re-fills the knobs (parseSpec). Knobs come from each variant's
 * definition, so the form knows every option a spec string can carry.
 */
import { formatSpec, type OptionKind, parseSpec } from '@attnkit/core';
import { DEFINITIONS, EXAMPLE_SPECS } from './variants.ts';

// Options a map does not need a knob for (still accepted when typed into the spec).
const HIDDEN = new Set(['memoryBudget']);

export interface SpecForm {
  element: HTMLElement;
  get spec(): string;
  set spec(value: string);
}

export function specForm(initial: string, onChange: (spec: string) => void): SpecForm {
  const element = document.createElement('fieldset');
  element.className = 'spec-form';
  const legendEl = document.createElement('legend');
  legendEl.textContent = 'variant';
  const variantSelect = document.createElement('select');
  variantSelect.setAttribute('aria-label', 'variant');
  for (const d of DEFINITIONS) variantSelect.add(new Option(d.name, d.name));
  const specInput = document.createElement('input');
  specInput.type = 'text';
  specInput.className = 'spec';
  specInput.setAttribute('aria-label', 'spec string');
  specInput.spellcheck = false;
  const knobs = document.createElement('div');
  knobs.className = 'knobs';
  const error = document.createElement('div');
  error.className = 'error';
  element.append(legendEl, variantSelect, specInput, knobs, error);

  let config: Record<string, unknown> = {};
  let name = '';

  const emit = () => {
    specInput.value = formatSpec(name, config);
    onChange(specInput.value);
  };

  const drawKnobs = () => {
    const definition = DEFINITIONS.find((d) => d.name === name)!;
    knobs.replaceChildren();
    for (const [key, kind] of Object.entries(definition.options)) {
      if (HIDDEN.has(key)) continue;
      knobs.append(
        knob(key, kind, config[key], (value) => {
          if (value === undefined) delete config[key];
          else config[key] = value;
          emit();
        }),
      );
    }
  };

  const load = (spec: string): boolean => {
    try {
      const parsed = parseSpec(spec, DEFINITIONS);
      name = parsed.definition.name;
      config = parsed.config;
      variantSelect.value = name;
      specInput.value = spec;
      error.textContent = '';
      drawKnobs();
      return true;
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
      return false;
    }
  };

  variantSelect.addEventListener('change', () => {
    load(EXAMPLE_SPECS[variantSelect.value] ?? variantSelect.value);
    onChange(specInput.value);
  });
  specInput.addEventListener('change', () => {
    if (load(specInput.value)) onChange(specInput.value);
  });
  load(initial);

  return {
    element,
    get spec() {
      return specInput.value;
    },
    set spec(value: string) {
      load(value);
    },
  };
}

function knob(
  key: string,
  kind: OptionKind,
  value: unknown,
  set: (v: unknown) => void,
): HTMLElement {
  const label = document.createElement('label');
  label.textContent = `${key} `;
  if (Array.isArray(kind)) {
    const select = document.createElement('select');
    select.add(new Option('(default)', ''));
    for (const word of kind) select.add(new Option(word, word));
    select.value = value === undefined ? '' : String(value);
    select.addEventListener('change', () => set(select.value === '' ? undefined : select.value));
    label.append(select);
    return label;
  }
  const input = document.createElement('input');
  if (kind === 'boolean') {
    input.type = 'checkbox';
    input.checked = value === true;
    input.addEventListener('change', () => set(input.checked ? true : undefined));
  } else {
    const numeric = kind === 'integer' || kind === 'number';
    input.type = numeric ? 'number' : 'text';
    if (kind === 'integer') input.step = '1';
    input.placeholder = 'default';
    input.size = 6;
    input.value = value === undefined ? '' : Array.isArray(value) ? value.join('+') : String(value);
    input.addEventListener('change', () => {
      const raw = input.value.trim();
      if (raw === '') return set(undefined);
      if (numeric) return set(Number(raw));
      set(kind === 'integer[]' ? raw.split('+').map(Number) : raw);
    });
  }
  label.append(input);
  return label;
}
