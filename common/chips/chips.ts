/**
 * Chip classification (docs/design.md §6.1): NVML name + PCI device id + memory → model, export-control
 * class, TPP and H100-equivalents. Never the name alone (H20 and H100 share a die; names change
 * between drivers), and anything unknown or contradictory is `unclassified`: controlled until
 * a person reviews it.
 */
import type { ChipModel, ControlClass } from './chip-model.js';
import { chipTable } from './chip-table.js';

// The classes live beside the table's shape (the generated table needs the type); every other
// module keeps importing them from here.
export { controlClasses, isControlled, type ControlClass } from './chip-model.js';

/** TPP of the H100 SXM: the unit of H100-equivalents. */
export const h100Tpp = 15_832;

export interface Classification {
  /** Canonical model ("H100 SXM"), or the reported name when the chip is not in the table. */
  readonly model: string;
  readonly controlClass: ControlClass;
  /** Undefined when unknown. */
  readonly tpp: number | undefined;
  /**
   * H100-equivalents of one GPU (TPP / 15 832). An unclassified chip counts as 1: it is
   * treated as controlled until reviewed, and an H100 is the common case to assume.
   */
  readonly h100e: number;
  /** Dense peak FLOP/s of one GPU, for training-compute estimates; undefined when unknown. */
  readonly densePeakFlops: number | undefined;
  /** How the model was identified, or why it was not: for evidence and review. */
  readonly reason: string;
}

/** Splits "0x233010DE" into device "0x2330" and vendor "0x10DE"; accepts "0x2330" and "2330". */
export function parsePciDeviceId(raw: string): { device: string; vendor: string | undefined } | undefined {
  const hex = raw.trim().replace(/^0x/i, '').toUpperCase();
  if (/^[0-9A-F]{8}$/.test(hex)) return { device: `0x${hex.slice(0, 4)}`, vendor: `0x${hex.slice(4)}` };
  if (/^[0-9A-F]{4}$/.test(hex)) return { device: `0x${hex}`, vendor: undefined };
  return undefined;
}

function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toUpperCase();
}

const gib = 1024 ** 3;

/**
 * Reported totals sit a little under the nominal size (an "80GB" H100 reports 81 559 MiB, an
 * L40S 46 068 MiB of 48 GiB), never above it by much.
 */
function memoryFits(model: ChipModel, memoryBytes: number): boolean {
  if (memoryBytes <= 0 || model.memoryGib.length === 0) return true;
  const reportedGib = memoryBytes / gib;
  return model.memoryGib.some((nominal) => reportedGib >= nominal * 0.9 && reportedGib <= nominal * 1.03);
}

const byName = new Map<string, ChipModel[]>();
const byPci = new Map<string, ChipModel[]>();
for (const chip of chipTable) {
  for (const name of chip.names) {
    const key = normalizeName(name);
    byName.set(key, [...(byName.get(key) ?? []), chip]);
  }
  for (const id of chip.pciDeviceIds) {
    const key = `${chip.pciVendorId}:${id}`;
    byPci.set(key, [...(byPci.get(key) ?? []), chip]);
  }
}

function result(chip: ChipModel, reason: string): Classification {
  return {
    model: chip.model,
    controlClass: chip.controlClass,
    tpp: chip.tpp,
    h100e: chip.tpp !== undefined ? chip.tpp / h100Tpp : 1,
    densePeakFlops: chip.densePeakTflops !== undefined ? chip.densePeakTflops * 1e12 : undefined,
    reason,
  };
}

function unclassified(name: string, reason: string): Classification {
  return {
    model: name.trim() === '' ? 'unknown' : name.trim(),
    controlClass: 'unclassified',
    tpp: undefined,
    h100e: 1,
    densePeakFlops: undefined,
    reason,
  };
}

/**
 * Classifies one GPU. For a MIG instance pass its parent's name, PCI id and memory.
 * @param name product name exactly as NVML reports it
 * @param pciDeviceId e.g. "0x233010DE" (device and vendor) or "0x2330"; "" when unknown
 * @param memoryBytes total memory in bytes; 0 when unknown
 */
export function classify(name: string, pciDeviceId: string, memoryBytes: number): Classification {
  const nameKey = normalizeName(name);
  const named = byName.get(nameKey) ?? [];
  const pci = pciDeviceId.trim() === '' ? undefined : parsePciDeviceId(pciDeviceId);
  if (pciDeviceId.trim() !== '' && pci === undefined) {
    return unclassified(name, `PCI device id ${JSON.stringify(pciDeviceId)} is not of the form 0xDDDDVVVV`);
  }

  if (pci !== undefined) {
    const vendors = pci.vendor !== undefined ? [pci.vendor] : ['0x10DE', '0x1002', '0x1DA3'];
    const byId = vendors.flatMap((v) => byPci.get(`${v}:${pci.device}`) ?? []);
    if (byId.length > 0) {
      // Several models may share an id (MI250 and MI250X): the name picks among them.
      const candidates = byId.length === 1 ? byId : byId.filter((c) => named.includes(c));
      const chip = candidates[0];
      if (candidates.length !== 1 || chip === undefined) {
        return unclassified(
          name,
          `PCI id ${pci.device} fits ${byId.map((c) => c.model).join(', ')}; name does not decide`,
        );
      }
      if (named.length > 0 && !named.includes(chip)) {
        return unclassified(
          name,
          `name says ${named.map((c) => c.model).join('/')} but PCI id ${pci.device} is ${chip.model}: review`,
        );
      }
      if (!memoryFits(chip, memoryBytes)) {
        return unclassified(
          name,
          `memory ${(memoryBytes / gib).toFixed(1)} GiB does not fit ${chip.model} (${chip.memoryGib.join('/')} GiB): review`,
        );
      }
      return result(chip, `PCI id ${pci.device}${named.length > 0 ? ' and name' : ''}`);
    }
    // An id we do not know: a name match is only trusted for models whose ids we do not know either.
    const chip = named.length === 1 ? named[0] : undefined;
    if (chip !== undefined && chip.pciDeviceIds.length === 0 && memoryFits(chip, memoryBytes)) {
      return result(chip, `name and memory (PCI id ${pci.device} not in the table)`);
    }
    return unclassified(name, `PCI id ${pci.device} is not in the chip table`);
  }

  const chip = named.length === 1 ? named[0] : undefined;
  if (chip === undefined) return unclassified(name, 'no PCI id and the name is not in the chip table');
  if (chip.pciDeviceIds.length > 0) {
    return unclassified(name, `no PCI id to confirm the name ${JSON.stringify(name)}: review`);
  }
  if (!memoryFits(chip, memoryBytes)) {
    return unclassified(name, `memory does not fit ${chip.model}: review`);
  }
  return result(chip, 'name and memory (no PCI id known for this model)');
}

/** Looks a canonical model name up in the table (reports and the detector read aggregates by model). */
export function chipByModel(model: string): Classification {
  const chip = chipTable.find((c) => c.model === model);
  return chip === undefined
    ? unclassified(model, 'model not in the chip table')
    : result(chip, 'canonical model');
}

/**
 * Share of a whole GPU that a MIG instance represents, from its profile: a GPU instance
 * "3g.40gb" is 3 of the 7 compute slices of an A100/H100/H200; a compute instance inside one,
 * "1c.3g.71gb", is the 1 slice it computes on (its siblings in the same GPU instance hold the
 * others). Whole GPUs and unknown profiles count as 1.
 */
export function migFraction(migProfile: string): number {
  const m = /^(?:(\d)c\.)?(\d)g\./.exec(migProfile.trim());
  if (m === null) return 1;
  const slices = Number(m[1] ?? m[2]);
  const gpuInstanceSlices = Number(m[2]);
  return slices >= 1 && slices <= gpuInstanceSlices && gpuInstanceSlices <= 7 ? slices / 7 : 1;
}
