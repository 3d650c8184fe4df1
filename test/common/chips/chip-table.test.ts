import { describe, expect, it } from 'vitest';
import { controlClasses } from '../../../common/chips/chip-model.js';
import { chipTable } from '../../../common/chips/chip-table.js';
import { chipByModel, h100Tpp } from '../../../common/chips/chips.js';

// The table is generated from docs/reference/chips.csv (`npm run chips:check` proves it is fresh);
// these are the facts the classifier relies on whatever the rows say.
describe('chip table', () => {
  it('measures H100-equivalents against its own H100 SXM row', () => {
    expect(chipByModel('H100 SXM').tpp).toBe(h100Tpp);
    expect(chipByModel('H100 SXM').h100e).toBe(1);
  });

  it('names each model once, so chipByModel finds the one row', () => {
    const models = chipTable.map((c) => c.model);
    expect(new Set(models).size).toBe(models.length);
  });

  it('gives every row a known class, never unclassified (that is the classifier’s verdict)', () => {
    for (const chip of chipTable) {
      expect(controlClasses).toContain(chip.controlClass);
      expect(chip.controlClass).not.toBe('unclassified');
    }
  });

  it('writes PCI ids as the classifier looks them up: 0x and four upper-case hex digits', () => {
    for (const chip of chipTable) {
      for (const id of [chip.pciVendorId, ...chip.pciDeviceIds]) expect(id).toMatch(/^0x[0-9A-F]{4}$/);
    }
  });
});
