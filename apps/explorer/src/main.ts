/**
 * The explorer's shell: five tabs (keyboard: arrows between tabs, Enter/Space or click to
 * open), the shared map settings for Maps and Heads, and the computation that feeds them.
 */
import { computeMaps, type MapResult, mapControls, settings } from './map-state.ts';
import { hook } from './test-hook.ts';
import { benchView } from './views/bench.ts';
import { renderHeads } from './views/heads.ts';
import { renderMaps } from './views/maps.ts';
import { patternsView } from './views/patterns.ts';
import { resultsView } from './views/results.ts';

const TABS = ['maps', 'patterns', 'heads', 'benchmark', 'results'] as const;
type Tab = (typeof TABS)[number];

const tabs = document.getElementById('tabs')!;
const views = document.getElementById('views')!;
const panels = new Map<Tab, HTMLElement>();
const buttons = new Map<Tab, HTMLButtonElement>();
let current: Tab = 'maps';
let result: MapResult | null = null;
let error: string | null = null;
const mapsOut = document.createElement('div');
const headsOut = document.createElement('div');
const controls = mapControls(() => schedule());
const headPicker = document.createElement('label');
const headInput = document.createElement('input');

for (const tab of TABS) {
  const button = document.createElement('button');
  button.textContent = tab[0].toUpperCase() + tab.slice(1);
  button.setAttribute('role', 'tab');
  button.id = `tab-${tab}`;
  button.addEventListener('click', () => show(tab));
  button.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length];
    show(next);
    buttons.get(next)!.focus();
  });
  tabs.append(button);
  buttons.set(tab, button);
  const panel = document.createElement('section');
  panel.setAttribute('role', 'tabpanel');
  panel.setAttribute('aria-labelledby', button.id);
  panel.id = `panel-${tab}`;
  views.append(panel);
  panels.set(tab, panel);
}

headInput.type = 'number';
headInput.min = '0';
headInput.value = '0';
headInput.name = 'head';
headPicker.className = 'maps-head';
headPicker.append('show head ', headInput);
headInput.addEventListener('change', () => draw());
patternsView(panels.get('patterns')!);
benchView(panels.get('benchmark')!);
resultsView(panels.get('results')!);

function show(tab: Tab): void {
  current = tab;
  for (const [t, panel] of panels) panel.hidden = t !== tab;
  for (const [t, b] of buttons) {
    b.setAttribute('aria-selected', String(t === tab));
    b.tabIndex = t === tab ? 0 : -1;
  }
  // Maps and Heads share one set of controls.
  if (tab === 'maps') panels.get('maps')!.replaceChildren(controls, headPicker, mapsOut);
  if (tab === 'heads') panels.get('heads')!.replaceChildren(controls, headsOut);
  draw();
}

let pending: Promise<void> = Promise.resolve();
/** Recomputes the maps after the browser has painted a "computing" note. */
function schedule(): void {
  const status = document.createElement('p');
  status.className = 'muted';
  status.textContent = `computing ${settings.spec} at N ${settings.n}…`;
  mapsOut.replaceChildren(status);
  headsOut.replaceChildren(status.cloneNode(true));
  pending = new Promise((resolve) =>
    setTimeout(() => {
      try {
        result = computeMaps(settings);
        error = null;
      } catch (e) {
        result = null;
        error = e instanceof Error ? e.message : String(e);
      }
      draw();
      resolve();
    }, 20),
  );
  hook().idle = () => pending;
}

function draw(): void {
  if (current !== 'maps' && current !== 'heads') return;
  const out = current === 'maps' ? mapsOut : headsOut;
  if (error) {
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = error;
    out.replaceChildren(p);
    return;
  }
  if (!result) return;
  if (current === 'maps') {
    headInput.max = String(result.settings.heads - 1);
    const head = Math.min(Number(headInput.value) || 0, result.settings.heads - 1);
    renderMaps(mapsOut, result, head);
  } else renderHeads(headsOut, result);
}

document.getElementById('isolation')!.textContent = globalThis.crossOriginIsolated
  ? `cross-origin isolated · ${navigator.hardwareConcurrency} cores`
  : 'not cross-origin isolated: the benchmark pool needs COOP/COEP headers';
hook().settings = settings;
hook().show = show;
show('maps');
schedule();
