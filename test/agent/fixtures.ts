/** Paths of the agent's test fixtures and helpers shared by the agent tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const fakeNvidiaSmi = join(fixturesDir, 'bin/fake-nvidia-smi');
export const fakeSqueue = join(fixturesDir, 'bin/fake-squeue');
export const fakeScontrol = join(fixturesDir, 'bin/fake-scontrol');

export const captures = {
  h100: 'linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01.txt',
  h100Mig: 'linux-x86_64__nvidia-h100-mig__590.48.01.txt',
  h200: 'linux-x86_64__nvidia-h200__590.48.01.txt',
  h200Mig: 'linux-x86_64__nvidia-h200-mig__590.48.01.txt',
  l40s: 'linux-x86_64__nvidia-l40s__595.80.txt',
  rtx4080Super: 'linux-x86_64__nvidia-geforce-rtx-4080-super__595.71.05.txt',
  a100Mig: 'linux-x86_64__nvidia-a100-sxm4-80gb-mig__535.54.03.constructed.txt',
} as const;

export type CaptureName = keyof typeof captures;

/** Environment that points the fake nvidia-smi at a capture. */
export function smiEnv(capture: CaptureName, extra: Record<string, string> = {}): Record<string, string> {
  return { FAKE_NVIDIA_SMI_CAPTURE: join(fixturesDir, 'nvidia-smi', captures[capture]), ...extra };
}

/** A fresh temp directory and its removal. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `gpuwatch-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Three of the four A100 uuids of the a100Mig capture: what the end-to-end leases hand out. */
export const a100MigUuids = Object.freeze([
  'GPU-513536b6-7d19-9063-b049-1e69664bb298',
  'GPU-513536b6-7d19-9063-b049-1e69664bb299',
  'GPU-513536b6-7d19-9063-b049-1e69664bb29a',
]);

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
