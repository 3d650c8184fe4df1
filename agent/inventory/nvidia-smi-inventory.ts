/**
 * GPU inventory from nvidia-smi: `--query-gpu` for whole GPUs, `-L` for MIG instances.
 *
 * Field names differ between drivers (aliases such as `name`/`gpu_name`, fields added or
 * renamed over time), so the field list is chosen from `--help-query-gpu` once, and a query that
 * nvidia-smi still refuses with `Field "x" is not a valid field to query.` is retried without
 * that field (or with its alias). Only index, uuid and name are indispensable.
 */
import { quote } from '../../common/errors.js';
import type { GpuDevice, Inventory, InventoryProvider } from './inventory.js';
import { migProfileMemoryBytes, orderDevices } from './inventory.js';
import {
  NvidiaSmi,
  NvidiaSmiError,
  memoryBytes,
  parseHelpQueryFields,
  parseSmiCsv,
  percentFraction,
  text,
  type NvidiaSmiOptions,
} from './nvidia-smi.js';

type FieldKey =
  | 'index'
  | 'uuid'
  | 'name'
  | 'pci_device_id'
  | 'memory_total'
  | 'memory_used'
  | 'utilization'
  | 'serial'
  | 'mig_mode'
  | 'driver_version';

interface FieldSpec {
  readonly key: FieldKey;
  /** Names nvidia-smi has used for it, preferred first. */
  readonly names: readonly string[];
  readonly required: boolean;
}

const fieldSpecs: readonly FieldSpec[] = [
  { key: 'index', names: ['index'], required: true },
  { key: 'uuid', names: ['uuid', 'gpu_uuid'], required: true },
  { key: 'name', names: ['name', 'gpu_name'], required: true },
  { key: 'pci_device_id', names: ['pci.device_id'], required: false },
  { key: 'memory_total', names: ['memory.total'], required: false },
  { key: 'memory_used', names: ['memory.used'], required: false },
  { key: 'utilization', names: ['utilization.gpu'], required: false },
  { key: 'serial', names: ['serial', 'gpu_serial'], required: false },
  { key: 'mig_mode', names: ['mig.mode.current'], required: false },
  { key: 'driver_version', names: ['driver_version'], required: false },
];

/** A MIG instance line of `nvidia-smi -L`. */
export interface MigListing {
  readonly parentUuid: string;
  readonly parentIndex: number;
  readonly profile: string;
  readonly migIndex: number;
  readonly uuid: string;
}

/**
 * Parses `nvidia-smi -L`:
 * ```
 * GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-…)
 *   MIG 3g.40gb     Device  0: (UUID: MIG-…)
 * ```
 */
export function parseListing(output: string): {
  gpus: { index: number; name: string; uuid: string }[];
  migs: MigListing[];
} {
  const gpus: { index: number; name: string; uuid: string }[] = [];
  const migs: MigListing[] = [];
  let parent: { index: number; uuid: string } | undefined;
  for (const line of output.split('\n')) {
    const gpu = /^GPU (\d+): (.*?) \(UUID: ([^)]+)\)\s*$/.exec(line);
    if (gpu !== null) {
      parent = { index: Number(gpu[1]), uuid: gpu[3] ?? '' };
      gpus.push({ index: parent.index, name: gpu[2] ?? '', uuid: parent.uuid });
      continue;
    }
    const mig = /^\s+MIG (\S+)\s+Device\s+(\d+): \(UUID: ([^)]+)\)\s*$/.exec(line);
    if (mig !== null && parent !== undefined) {
      migs.push({
        parentUuid: parent.uuid,
        parentIndex: parent.index,
        profile: mig[1] ?? '',
        migIndex: Number(mig[2]),
        uuid: mig[3] ?? '',
      });
    }
  }
  return { gpus, migs };
}

/** Options of NvidiaSmiInventory: the nvidia-smi options, or a shared runner. */
export interface NvidiaSmiInventoryOptions extends NvidiaSmiOptions {
  /** A shared runner (the process-attribution source uses the same nvidia-smi). */
  readonly nvidiaSmi?: NvidiaSmi;
}

/** The inventory as nvidia-smi reports it (the fallback when NVML is unavailable). */
export class NvidiaSmiInventory implements InventoryProvider {
  private readonly smi: NvidiaSmi;
  /** Field names nvidia-smi knows, from --help-query-gpu; undefined until read (or unreadable). */
  private helpFields: Set<string> | undefined;
  private helpRead = false;
  /** Names nvidia-smi refused at some point; never asked for again. */
  private readonly refused = new Set<string>();

  constructor(options: NvidiaSmiInventoryOptions = {}) {
    this.smi = options.nvidiaSmi ?? new NvidiaSmi(options);
  }

  async collect(signal?: AbortSignal): Promise<Inventory> {
    const warnings: string[] = [];
    if (!this.helpRead) {
      this.helpRead = true;
      try {
        const fields = parseHelpQueryFields(await this.smi.run(['--help-query-gpu'], signal));
        this.helpFields = fields.size > 0 ? fields : undefined;
      } catch (err: unknown) {
        // A hang or a missing binary will show again in the query itself; only a driver that
        // lacks --help-query-gpu ends up here and is served by the retry below.
        if (!(err instanceof NvidiaSmiError)) throw err;
      }
    }

    let rows: Map<FieldKey, string | undefined>[];
    for (let attempt = 0; ; attempt++) {
      const chosen = this.chooseFields();
      try {
        const csv = await this.smi.run(
          [`--query-gpu=${chosen.map((c) => c.name).join(',')}`, '--format=csv,noheader,nounits'],
          signal,
        );
        const table = parseSmiCsv(
          csv,
          chosen.map((c) => c.name),
        );
        rows = table.rows.flatMap((cells, i) => {
          if (cells.length !== chosen.length) {
            warnings.push(
              `nvidia-smi --query-gpu row ${i}: expected ${chosen.length} cells, got ${cells.length}: ${quote(cells.join(', '))}`,
            );
            return [];
          }
          return [new Map(chosen.map((c, j) => [c.key, cells[j]] as const))];
        });
        const skipped = fieldSpecs.filter((s) => !chosen.some((c) => c.key === s.key));
        if (skipped.length > 0) {
          warnings.push(
            `this nvidia-smi does not know ${skipped.map((s) => s.names.join('/')).join(', ')}; those values are unknown`,
          );
        }
        break;
      } catch (err: unknown) {
        if (
          !(err instanceof NvidiaSmiError) ||
          err.invalidFields.length === 0 ||
          attempt >= fieldSpecs.length
        ) {
          throw err;
        }
        for (const f of err.invalidFields) this.refused.add(f);
      }
    }

    const gpus: GpuDevice[] = [];
    let driverVersion: string | undefined;
    for (const [i, row] of rows.entries()) {
      try {
        const index = Number(text(row.get('index')));
        const uuid = text(row.get('uuid'));
        const name = text(row.get('name'));
        if (!Number.isInteger(index) || uuid === undefined || name === undefined) {
          warnings.push(
            `nvidia-smi --query-gpu row ${i}: index, uuid and name are needed, got ${quote(
              [row.get('index'), row.get('uuid'), row.get('name')].join(', '),
            )}; GPU left out`,
          );
          continue;
        }
        driverVersion ??= text(row.get('driver_version'));
        const util = percentFraction(row.get('utilization'), `GPU ${index} utilization.gpu`);
        const used = memoryBytes(row.get('memory_used'), `GPU ${index} memory.used`);
        gpus.push({
          uuid,
          index,
          name,
          pci_device_id: normalizePciId(text(row.get('pci_device_id'))),
          memory_total_bytes: memoryBytes(row.get('memory_total'), `GPU ${index} memory.total`) ?? 0,
          parent_uuid: '',
          mig_profile: '',
          serial: text(row.get('serial')) ?? '',
          mig_enabled: text(row.get('mig_mode'))?.toLowerCase() === 'enabled',
          ...(util !== undefined ? { utilization: util } : {}),
          ...(used !== undefined ? { memory_used_bytes: used } : {}),
        });
      } catch (err: unknown) {
        if (!(err instanceof NvidiaSmiError)) throw err;
        warnings.push(`nvidia-smi --query-gpu row ${i}: ${err.message}`);
      }
    }

    // MIG instances only show in -L. Ask when a GPU has MIG on, or when the driver could not say.
    const migUnknown = !this.chooseFields().some((c) => c.key === 'mig_mode');
    if (gpus.some((g) => g.mig_enabled) || (migUnknown && gpus.length > 0)) {
      const listing = parseListing(await this.smi.run(['-L'], signal));
      for (const mig of listing.migs) {
        const parent = gpus.find((g) => g.uuid === mig.parentUuid);
        if (parent === undefined) {
          warnings.push(
            `nvidia-smi -L lists MIG ${quote(mig.uuid)} under ${quote(mig.parentUuid)}, not in --query-gpu`,
          );
          continue;
        }
        if (!parent.mig_enabled) gpus[gpus.indexOf(parent)] = { ...parent, mig_enabled: true };
        gpus.push({
          uuid: mig.uuid,
          index: parent.index,
          name: `${parent.name} MIG ${mig.profile}`,
          pci_device_id: parent.pci_device_id,
          memory_total_bytes: migProfileMemoryBytes(mig.profile),
          parent_uuid: parent.uuid,
          mig_profile: mig.profile,
          serial: parent.serial,
          mig_index: mig.migIndex,
          mig_enabled: false,
        });
      }
    }

    return {
      gpus: orderDevices(gpus),
      via: 'nvidia-smi',
      ...(driverVersion !== undefined ? { driver_version: driverVersion } : {}),
      warnings,
    };
  }

  /** The field name to ask for, per field nvidia-smi can answer. Throws when a required one has none. */
  private chooseFields(): { key: FieldKey; name: string }[] {
    const chosen: { key: FieldKey; name: string }[] = [];
    for (const spec of fieldSpecs) {
      const name = spec.names.find(
        (n) => !this.refused.has(n) && (this.helpFields === undefined || this.helpFields.has(n)),
      );
      if (name !== undefined) chosen.push({ key: spec.key, name });
      else if (spec.required) {
        throw new NvidiaSmiError(
          `nvidia-smi --query-gpu cannot report ${spec.names.map((n) => quote(n)).join(' or ')} on this driver; the agent needs it`,
        );
      }
    }
    return chosen;
  }
}

/** "0x233010DE" in upper case with a 0x prefix, as NVML prints it; "" when unknown. */
export function normalizePciId(raw: string | undefined): string {
  if (raw === undefined) return '';
  const hex = raw.trim().replace(/^0x/i, '').toUpperCase();
  return /^[0-9A-F]{8}$/.test(hex) ? `0x${hex}` : '';
}
