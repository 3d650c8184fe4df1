import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger.js';
import {
  FallbackInventory,
  classifyDevice,
  migProfileMemoryBytes,
  physicalGpus,
  toProtoGpu,
  type GpuDevice,
} from '../../../agent/inventory/inventory.js';
import {
  NvidiaSmiInventory,
  normalizePciId,
  parseListing,
} from '../../../agent/inventory/nvidia-smi-inventory.js';
import { NvmlInventory } from '../../../agent/inventory/nvml-inventory.js';
import {
  isMissing,
  memoryBytes,
  parseHelpQueryFields,
  parseSmiCsv,
  percentFraction,
} from '../../../agent/inventory/nvidia-smi.js';
import { CommandError } from '../../../agent/run-command.js';
import { GiB, MiB, fakeNvidiaSmi, smiEnv, tempDir, type CaptureName } from '../fixtures.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const zeroGpu = 'GPU-00000000-0000-0000-0000-000000000000';

function inventoryFrom(capture: CaptureName, extra: Record<string, string> = {}, timeoutMs = 10_000) {
  return new NvidiaSmiInventory({ path: fakeNvidiaSmi, env: smiEnv(capture, extra), timeoutMs });
}

interface Expected {
  capture: CaptureName;
  name: string;
  pci: string;
  memoryMiB: number;
  serial: string;
  gpus: number;
  migProfiles: string[];
  model: string;
  controlClass: string;
  utilization: number | undefined;
  usedMiB: number;
}

describe('nvidia-smi inventory, from real captures', () => {
  it.each<Expected>([
    {
      capture: 'h100',
      name: 'NVIDIA H100 80GB HBM3',
      pci: '0x233010DE',
      memoryMiB: 81559,
      serial: '0000000000000',
      gpus: 1,
      migProfiles: [],
      model: 'H100 SXM',
      controlClass: '3A090.a',
      utilization: 1,
      usedMiB: 19818,
    },
    {
      capture: 'h100Mig',
      name: 'NVIDIA H100 80GB HBM3',
      pci: '0x233010DE',
      memoryMiB: 81559,
      serial: '0000000000000',
      gpus: 1,
      migProfiles: ['3g.40gb', '2g.20gb', '1g.10gb', '1g.10gb'],
      model: 'H100 SXM',
      controlClass: '3A090.a',
      utilization: undefined,
      usedMiB: 11125,
    },
    {
      capture: 'h200',
      name: 'NVIDIA H200',
      pci: '0x233510DE',
      memoryMiB: 143771,
      serial: '0000000000000',
      gpus: 1,
      migProfiles: [],
      model: 'H200',
      controlClass: '3A090.a',
      utilization: 1,
      usedMiB: 32362,
    },
    {
      capture: 'h200Mig',
      name: 'NVIDIA H200',
      pci: '0x233510DE',
      memoryMiB: 143771,
      serial: '0000000000000',
      gpus: 1,
      migProfiles: ['1c.3g.71gb', '2c.3g.71gb', '2g.35gb', '1g.18gb', '1g.18gb'],
      model: 'H200',
      controlClass: '3A090.a',
      utilization: undefined,
      usedMiB: 16959,
    },
    {
      capture: 'l40s',
      name: 'NVIDIA L40S',
      pci: '0x26B910DE',
      memoryMiB: 46068,
      serial: '0000000000000',
      gpus: 1,
      migProfiles: [],
      model: 'L40S',
      controlClass: '3A090.a',
      utilization: 0.09,
      usedMiB: 1235,
    },
    {
      capture: 'rtx4080Super',
      name: 'NVIDIA GeForce RTX 4080 SUPER',
      pci: '0x270210DE',
      memoryMiB: 16376,
      serial: '',
      gpus: 1,
      migProfiles: [],
      model: 'RTX 4080 SUPER',
      controlClass: 'not-controlled',
      utilization: 0.07,
      usedMiB: 1474,
    },
    {
      capture: 'a100Mig',
      name: 'NVIDIA A100-SXM4-80GB',
      pci: '0x20B210DE',
      memoryMiB: 81920,
      serial: '1650522003820',
      gpus: 4,
      migProfiles: ['1g.20gb', '1g.20gb', '1g.20gb', '1g.20gb'],
      model: 'A100',
      controlClass: '3A090.a',
      utilization: undefined,
      usedMiB: 24610,
    },
  ])('$capture: $gpus × $name, MIG $migProfiles → $model, $controlClass', async (e) => {
    const inventory = await inventoryFrom(e.capture).collect();
    expect(inventory.via).toBe('nvidia-smi');
    expect(inventory.warnings).toEqual([]);
    const whole = physicalGpus(inventory);
    expect(whole).toHaveLength(e.gpus);
    const gpu0 = whole[0] as GpuDevice;
    expect(toProtoGpu(gpu0)).toEqual({
      uuid: e.capture === 'a100Mig' ? 'GPU-513536b6-7d19-9063-b049-1e69664bb298' : zeroGpu,
      index: 0,
      name: e.name,
      pci_device_id: e.pci,
      memory_total_bytes: e.memoryMiB * MiB,
      parent_uuid: '',
      mig_profile: '',
      serial: e.serial,
    });
    expect(gpu0.mig_enabled).toBe(e.migProfiles.length > 0);
    expect(gpu0.utilization).toBe(e.utilization);
    expect(gpu0.memory_used_bytes).toBe(e.usedMiB * MiB);

    const migs = inventory.gpus.filter((g) => g.parent_uuid === gpu0.uuid);
    expect(migs.map((m) => m.mig_profile)).toEqual(e.migProfiles);
    migs.forEach((m, i) => {
      expect(m.uuid).toMatch(/^MIG-/);
      expect(m.index).toBe(0);
      expect(m.mig_index).toBe(i);
      expect(m.name).toBe(`${e.name} MIG ${m.mig_profile}`);
      expect(m.pci_device_id).toBe(e.pci);
      expect(m.memory_total_bytes).toBe(migProfileMemoryBytes(m.mig_profile));
      expect(m.memory_total_bytes).toBeGreaterThan(0);
    });

    for (const gpu of inventory.gpus) {
      const c = classifyDevice(gpu, inventory.gpus);
      expect(c.model, `${gpu.uuid} ${gpu.name}`).toBe(e.model);
      expect(c.controlClass).toBe(e.controlClass);
    }
  });

  it('lists each A100 with its four 1g.20gb instances right after it, in index order', async () => {
    const inventory = await inventoryFrom('a100Mig').collect();
    expect(inventory.gpus).toHaveLength(20);
    expect(inventory.driver_version).toBe('535.54.03');
    expect(inventory.gpus.map((g) => `${g.index}${g.parent_uuid === '' ? '' : `.${g.mig_index}`}`)).toEqual(
      ['0', '0.0', '0.1', '0.2', '0.3', '1', '1.0', '1.1', '1.2', '1.3'].concat([
        '2',
        '2.0',
        '2.1',
        '2.2',
        '2.3',
        '3',
        '3.0',
        '3.1',
        '3.2',
        '3.3',
      ]),
    );
    expect(inventory.gpus[1]?.memory_total_bytes).toBe(20 * GiB);
  });

  it('reads the idle state too (0 % utilization is a value, not a gap)', async () => {
    const inventory = await inventoryFrom('h100', { FAKE_NVIDIA_SMI_STATE: 'idle' }).collect();
    expect(inventory.gpus[0]?.utilization).toBe(0);
    expect(inventory.gpus[0]?.memory_used_bytes).toBe(0);
  });

  it('asks -L only when a GPU has MIG on', async () => {
    const dir = tempDir('smi-log');
    try {
      const log = join(dir.path, 'calls.jsonl');
      await inventoryFrom('h100', { FAKE_NVIDIA_SMI_LOG: log }).collect();
      const calls = readFileSync(log, 'utf8').trim().split('\n');
      expect(calls).toHaveLength(2); // --help-query-gpu once, then the query
      expect(calls.some((c) => c.includes('"-L"'))).toBe(false);
    } finally {
      dir.remove();
    }
  });
});

describe('nvidia-smi across drivers', () => {
  it('retries without a field the driver calls invalid, and remembers it', async () => {
    const dir = tempDir('smi-log');
    try {
      const log = join(dir.path, 'calls.jsonl');
      const inv = inventoryFrom('h100', {
        FAKE_NVIDIA_SMI_NO_HELP: '1',
        FAKE_NVIDIA_SMI_INVALID_FIELDS: 'serial,memory.used',
        FAKE_NVIDIA_SMI_LOG: log,
      });
      const first = await inv.collect();
      // "serial" has an alias nvidia-smi also accepts; memory.used has none and is left out.
      expect(first.gpus[0]?.serial).toBe('0000000000000');
      expect(first.gpus[0]?.memory_used_bytes).toBeUndefined();
      expect(first.gpus[0]?.memory_total_bytes).toBe(81559 * MiB);
      expect(first.warnings.join('\n')).toMatch(/does not know memory\.used/);
      const queriesBefore = readFileSync(log, 'utf8').trim().split('\n').length;
      await inv.collect();
      const queriesAfter = readFileSync(log, 'utf8').trim().split('\n').length;
      expect(queriesAfter - queriesBefore).toBe(1); // no failed attempts the second time
    } finally {
      dir.remove();
    }
  });

  it('fails with a clear message when the driver cannot give a GPU its UUID at all', async () => {
    const inv = inventoryFrom('h100', { FAKE_NVIDIA_SMI_INVALID_FIELDS: 'uuid,gpu_uuid' });
    await expect(inv.collect()).rejects.toThrow(
      /nvidia-smi --query-gpu cannot report "uuid" or "gpu_uuid" on this driver/,
    );
  });

  it('quotes nvidia-smi when the driver is not loaded', async () => {
    await expect(inventoryFrom('h100', { FAKE_NVIDIA_SMI_FAIL: 'driver' }).collect()).rejects.toThrow(
      /failed \(exit 9\): NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/,
    );
  });
});

describe('a misbehaving nvidia-smi', () => {
  it('kills a hanging nvidia-smi within the timeout and says so', async () => {
    const inv = inventoryFrom('h100', { FAKE_NVIDIA_SMI_HANG: '1' }, 400);
    const started = Date.now();
    const err = await inv.collect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as CommandError).failure).toBe('timeout');
    expect((err as Error).message).toBe('fake-nvidia-smi timed out after 400 ms; killed');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('names the path of a missing nvidia-smi', async () => {
    const inv = new NvidiaSmiInventory({ path: '/nonexistent/bin/nvidia-smi' });
    await expect(inv.collect()).rejects.toThrow(
      'nvidia-smi not found at "/nonexistent/bin/nvidia-smi" (ENOENT)',
    );
  });
});

describe('NVML', () => {
  it('falls back to nvidia-smi when libnvidia-ml.so.1 is absent, and says why once', async () => {
    const warnings: string[] = [];
    const logger = {
      ...silentLogger,
      warn: (msg: string, f?: Record<string, unknown>) => warnings.push(`${msg} ${String(f?.error)}`),
    };
    const inventory = new FallbackInventory({
      primary: new NvmlInventory({ libraryPath: '/nonexistent/libnvidia-ml.so.1' }),
      fallback: inventoryFrom('l40s'),
      logger,
    });
    const first = await inventory.collect();
    expect(first.via).toBe('nvidia-smi');
    expect(first.gpus[0]?.name).toBe('NVIDIA L40S');
    await inventory.collect();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/NVML library "\/nonexistent\/libnvidia-ml.so.1" could not be loaded/);
    await inventory.close();
  });
});

describe('parsing', () => {
  it.each([
    ['[N/A]', true],
    ['[Not Supported]', true],
    ['[Unknown Error]', true],
    ['[Requested functionality has been deprecated]', true],
    ['N/A', true],
    ['', true],
    ['0', false],
    ['Enabled', false],
  ])('%j is missing: %s', (cell, missing) => {
    expect(isMissing(cell)).toBe(missing);
  });

  it.each([
    ['81559 MiB', 81559 * MiB],
    ['81559', 81559 * MiB],
    ['2 GiB', 2 * GiB],
    ['[N/A]', undefined],
  ])('memory %j is %s bytes', (cell, bytes) => {
    expect(memoryBytes(cell, 'memory.total')).toBe(bytes);
  });

  it('says which field held a value that is not a size', () => {
    expect(() => memoryBytes('lots', 'GPU 0 memory.total')).toThrow(
      'GPU 0 memory.total: expected a size such as "81559 MiB", got "lots"',
    );
  });

  it.each([
    ['45 %', 0.45],
    ['100', 1],
    ['[Not Supported]', undefined],
  ])('utilization %j is %s', (cell, fraction) => {
    expect(percentFraction(cell, 'utilization.gpu')).toBe(fraction);
  });

  it('refuses a utilization above 100 %', () => {
    expect(() => percentFraction('170 %', 'GPU 0 utilization.gpu')).toThrow(
      'GPU 0 utilization.gpu: expected a percentage 0..100, got "170 %"',
    );
  });

  it('reads a header with units and strips them from the names', () => {
    const t = parseSmiCsv('index, memory.total [MiB], utilization.gpu [%]\n0, 81559 MiB, 45 %\n');
    expect(t.columns).toEqual(['index', 'memory.total', 'utilization.gpu']);
    expect(t.units).toEqual(['', 'MiB', '%']);
    expect(t.rows).toEqual([['0', '81559 MiB', '45 %']]);
  });

  it('reads field names and aliases from --help-query-gpu', () => {
    const f = parseHelpQueryFields(
      'List of valid properties:\n\n"name" or "gpu_name"\nThe official name.\n\n"index"\nZero based.\n',
    );
    expect([...f]).toEqual(['name', 'gpu_name', 'index']);
  });

  it('reads GPUs and MIG devices from -L, including compute-instance profiles', () => {
    const l = parseListing(
      'GPU 0: NVIDIA H200 (UUID: GPU-0)\n  MIG 1c.3g.71gb  Device  0: (UUID: MIG-a)\n  MIG 2g.35gb     Device  2: (UUID: MIG-b)\nGPU 1: NVIDIA H200 (UUID: GPU-1)\n',
    );
    expect(l.gpus).toEqual([
      { index: 0, name: 'NVIDIA H200', uuid: 'GPU-0' },
      { index: 1, name: 'NVIDIA H200', uuid: 'GPU-1' },
    ]);
    expect(l.migs).toEqual([
      { parentUuid: 'GPU-0', parentIndex: 0, profile: '1c.3g.71gb', migIndex: 0, uuid: 'MIG-a' },
      { parentUuid: 'GPU-0', parentIndex: 0, profile: '2g.35gb', migIndex: 2, uuid: 'MIG-b' },
    ]);
  });

  it.each([
    ['3g.40gb', 40 * GiB],
    ['1c.3g.71gb', 71 * GiB],
    ['7g.80gb', 80 * GiB],
    ['weird', 0],
  ])('MIG profile %s has %d bytes', (profile, bytes) => {
    expect(migProfileMemoryBytes(profile)).toBe(bytes);
  });

  it.each([
    ['0x233010de', '0x233010DE'],
    ['233010DE', '0x233010DE'],
    ['[N/A]', ''],
    [undefined, ''],
  ])('PCI id %j is %j', (raw, normalized) => {
    expect(normalizePciId(raw)).toBe(normalized);
  });
});
