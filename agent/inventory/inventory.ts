/**
 * The node's GPU inventory: which GPUs and MIG instances exist (the proto `Gpu` fields), plus
 * the current utilization and memory use of each, which ride along in segments as evidence.
 * Read from NVML when the library loads, from nvidia-smi otherwise (decision D-agent-nvml).
 */
import type { IGpu } from '../../common/proto.js';
import { classify, type Classification } from '../../common/chips/chips.js';
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';

/** One GPU or MIG instance. The first eight fields are the proto `Gpu` fields, same names. */
export interface GpuDevice {
  /** "GPU-…" or "MIG-…". */
  readonly uuid: string;
  /**
   * Index of the physical GPU as nvidia-smi and NVML number it (PCI bus order). A MIG instance
   * carries its parent's index; `mig_index` tells instances apart.
   */
  readonly index: number;
  /**
   * Product name exactly as reported. For a MIG instance: the parent's name followed by
   * " MIG <profile>", which is how NVML names MIG devices.
   */
  readonly name: string;
  /** Combined device and vendor id, e.g. "0x233010DE"; a MIG instance has its parent's. "" when unknown. */
  readonly pci_device_id: string;
  /** Total memory in bytes; for a MIG instance, the instance's memory. 0 when unknown. */
  readonly memory_total_bytes: number;
  /** For a MIG instance: the parent GPU's UUID; "" for a whole GPU. */
  readonly parent_uuid: string;
  /** For a MIG instance: its profile as reported, e.g. "3g.40gb" or "1c.3g.71gb"; "" otherwise. */
  readonly mig_profile: string;
  /** Board serial number; "" when the board has none (consumer cards) or it is unknown. */
  readonly serial: string;
  /** For a MIG instance: its device index under the parent ("Device N" in `nvidia-smi -L`). */
  readonly mig_index?: number;
  /** For a whole GPU: whether MIG mode is currently enabled. */
  readonly mig_enabled: boolean;
  /** Current utilization, 0..1; undefined when not reported (always so for MIG-enabled GPUs). */
  readonly utilization?: number;
  /** Memory in use now, in bytes; undefined when not reported. */
  readonly memory_used_bytes?: number;
}

/** A snapshot of the node's GPUs. */
export interface Inventory {
  /** Whole GPUs first (by index), each followed by its MIG instances (by MIG device index). */
  readonly gpus: readonly GpuDevice[];
  /** Where it came from. */
  readonly via: 'nvml' | 'nvidia-smi';
  /** Driver version when known, for logs and the Hello. */
  readonly driver_version?: string;
  /** Non-fatal problems (a GPU row that could not be read, a field the driver lacks). */
  readonly warnings: readonly string[];
}

/** Anything that can read the inventory. */
export interface InventoryProvider {
  /** Reads the inventory now. Rejects with an error naming the tool and what went wrong. */
  collect(signal?: AbortSignal): Promise<Inventory>;
  /** Releases what the provider holds (NVML handle). */
  close?(): Promise<void>;
}

/** The proto `Gpu` of a device, for the agent's Hello. */
export function toProtoGpu(gpu: GpuDevice): IGpu {
  return {
    uuid: gpu.uuid,
    index: gpu.index,
    name: gpu.name,
    pci_device_id: gpu.pci_device_id,
    memory_total_bytes: gpu.memory_total_bytes,
    parent_uuid: gpu.parent_uuid,
    mig_profile: gpu.mig_profile,
    serial: gpu.serial,
  };
}

/** Whole GPUs only (no MIG instances). */
export function physicalGpus(inventory: Inventory): GpuDevice[] {
  return inventory.gpus.filter((g) => g.parent_uuid === '');
}

/**
 * The chip model and export-control class of a device. A MIG instance is classified by its
 * parent GPU (name, PCI id and memory of the whole chip), as common/chips/chips.ts asks.
 */
export function classifyDevice(gpu: GpuDevice, gpus: readonly GpuDevice[]): Classification {
  const chip = gpu.parent_uuid === '' ? gpu : (gpus.find((g) => g.uuid === gpu.parent_uuid) ?? gpu);
  return classify(chip.name, chip.pci_device_id, chip.memory_total_bytes);
}

const gib = 1024 ** 3;

/**
 * Memory of a MIG instance from its profile name: "3g.40gb" → 40 GiB, "1c.3g.71gb" → 71 GiB
 * (a compute instance shares its GPU instance's memory). nvidia-smi does not print instance
 * memory; the profile's figure is the nominal size, a little above what NVML reports
 * (a 1g.20gb instance on an A100 80GB has 19 968 MiB). 0 when the profile has no size.
 */
export function migProfileMemoryBytes(profile: string): number {
  const m = /(?:^|\.)(\d+)gb$/i.exec(profile.trim());
  return m === null ? 0 : Number(m[1]) * gib;
}

/** Sorts whole GPUs by index, each followed by its MIG instances by MIG index. */
export function orderDevices(gpus: readonly GpuDevice[]): GpuDevice[] {
  const parents = gpus.filter((g) => g.parent_uuid === '').sort((a, b) => a.index - b.index);
  const out: GpuDevice[] = [];
  for (const p of parents) {
    out.push(p);
    out.push(
      ...gpus.filter((g) => g.parent_uuid === p.uuid).sort((a, b) => (a.mig_index ?? 0) - (b.mig_index ?? 0)),
    );
  }
  // Instances whose parent is missing still appear, at the end, rather than vanish.
  out.push(...gpus.filter((g) => g.parent_uuid !== '' && !parents.some((p) => p.uuid === g.parent_uuid)));
  return out;
}

/** The two inventory providers, strongest first. */
export interface FallbackInventoryOptions {
  /** Tried first; usually NVML. */
  readonly primary: InventoryProvider | undefined;
  /** Used when the primary is absent or fails; usually nvidia-smi. */
  readonly fallback: InventoryProvider;
  /** Where a failing primary is reported (once per distinct error). */
  readonly logger: Logger;
}

/**
 * NVML first, nvidia-smi when NVML is absent or a call fails. A failing primary is retried on
 * every collection (a driver reload can bring it back), but its error is logged only when it
 * changes, so a node without NVML does not log the same line every minute.
 */
export class FallbackInventory implements InventoryProvider {
  private lastPrimaryError: string | undefined;
  constructor(private readonly options: FallbackInventoryOptions) {}

  async collect(signal?: AbortSignal): Promise<Inventory> {
    const { primary, fallback, logger } = this.options;
    if (primary !== undefined) {
      try {
        const inventory = await primary.collect(signal);
        if (this.lastPrimaryError !== undefined) logger.info('NVML works again; inventory from NVML');
        this.lastPrimaryError = undefined;
        return inventory;
      } catch (err: unknown) {
        const message = errorMessage(err);
        if (message !== this.lastPrimaryError) {
          logger.warn('NVML inventory failed; falling back to nvidia-smi', { error: message });
        }
        this.lastPrimaryError = message;
      }
    }
    return fallback.collect(signal);
  }

  async close(): Promise<void> {
    await this.options.primary?.close?.();
    await this.options.fallback.close?.();
  }
}
