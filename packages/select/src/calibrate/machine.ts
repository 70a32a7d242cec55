/**
 * The machine a calibration ran on, for its provenance. No static Node import, so the package
 * (select() with the default profile) loads in browsers too: in Node the os module is reached
 * through process.getBuiltinModule; elsewhere only what navigator tells.
 */
import type { Provenance } from '../profile/schema.ts';

/** The part of node:os read here (typed locally: browsers' type environment has no Node types). */
interface Os {
  cpus(): { model: string }[];
  platform(): string;
  arch(): string;
  totalmem(): number;
}
interface Proc {
  version: string;
  getBuiltinModule?: (id: string) => unknown;
}

export function machineInfo(): { machine: Provenance['machine']; runtime: string } {
  const proc = (globalThis as { process?: Proc }).process;
  const os = proc?.getBuiltinModule?.('node:os') as Os | undefined;
  if (proc && os) {
    const cpus = os.cpus();
    return {
      machine: {
        cpu: cpus[0]?.model ?? 'unknown',
        cores: cpus.length,
        platform: os.platform(),
        arch: os.arch(),
        totalMemoryBytes: os.totalmem(),
      },
      runtime: proc.version,
    };
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number; userAgent?: string } })
    .navigator;
  return {
    machine: {
      cpu: 'unknown',
      cores: nav?.hardwareConcurrency ?? 0,
      platform: 'browser',
      arch: 'unknown',
      totalMemoryBytes: 0,
    },
    runtime: nav?.userAgent ?? 'unknown',
  };
}
