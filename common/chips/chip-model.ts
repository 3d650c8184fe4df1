/**
 * The shape of the chip table and its export-control classes (docs/design.md §6.1). The table,
 * chip-table.ts, is generated from docs/reference/chips.csv and imports only this module, so the
 * classifier (chips.ts) can import both without a cycle.
 */

/**
 * Export-control class under the US rules in force since November 2023 (ECCN 3A090; the lines
 * are in docs/reference/README.md). `unclassified`: not in the table or contradictory, treated
 * as controlled until a person reviews it.
 */
export type ControlClass = '3A090.a' | '3A090.b' | 'licence-bandwidth' | 'not-controlled' | 'unclassified';

export const controlClasses: readonly ControlClass[] = Object.freeze([
  '3A090.a',
  '3A090.b',
  'licence-bandwidth',
  'not-controlled',
  'unclassified',
]);

/** Classes that count as controlled for the rules; unclassified counts until reviewed. */
export function isControlled(cls: ControlClass): boolean {
  return cls !== 'not-controlled';
}

/** One accelerator model of the chip table (one row of docs/reference/chips.csv). */
export interface ChipModel {
  /** Canonical model name, as reports and alerts show it, e.g. "H100 SXM". */
  readonly model: string;
  /** Product names as NVML / nvidia-smi (or amd-smi) report them. */
  readonly names: readonly string[];
  /** PCI device ids (device half only, upper-case hex, e.g. "0x2330"); empty when unknown. */
  readonly pciDeviceIds: readonly string[];
  /** Vendor PCI id: 0x10DE NVIDIA, 0x1002 AMD, 0x1DA3 Habana Labs (Intel Gaudi). */
  readonly pciVendorId: string;
  /** Nominal memory sizes in GiB that the model ships with; empty when unknown. */
  readonly memoryGib: readonly number[];
  /** Total Processing Performance; undefined when not published. */
  readonly tpp: number | undefined;
  /** Dense peak in TFLOP/s (or TOP/s) at the precision that gives the TPP. */
  readonly densePeakTflops: number | undefined;
  readonly controlClass: ControlClass;
  readonly notes: string;
}
