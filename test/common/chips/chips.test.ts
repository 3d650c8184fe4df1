import { describe, expect, it } from 'vitest';
import { classify, migFraction, parsePciDeviceId } from '../../../common/chips/chips.js';

const MiB = 1024 ** 2;

describe('classify', () => {
  it.each([
    // name, pci id, memory, expected model, expected class — real values from nvidia-smi captures
    ['NVIDIA H100 80GB HBM3', '0x233010DE', 81559 * MiB, 'H100 SXM', '3A090.a'],
    ['NVIDIA H200', '0x233510DE', 143771 * MiB, 'H200', '3A090.a'],
    ['NVIDIA L40S', '0x26B910DE', 46068 * MiB, 'L40S', '3A090.a'],
    ['NVIDIA A100-SXM4-80GB', '0x20B210DE', 81920 * MiB, 'A100', '3A090.a'],
    ['NVIDIA GeForce RTX 4080 SUPER', '0x270210DE', 16376 * MiB, 'RTX 4080 SUPER', 'not-controlled'],
    ['NVIDIA H20', '0x232910DE', 97871 * MiB, 'H20', 'licence-bandwidth'],
    ['Tesla T4', '0x1EB810DE', 15360 * MiB, 'T4', 'not-controlled'],
    ['AMD Instinct MI300X', '0x74A11002', 192 * 1024 * MiB, 'MI300X', '3A090.a'],
  ])('%s (%s) is %s, %s', (name, pci, mem, model, cls) => {
    const c = classify(name, pci, mem);
    expect(c.model).toBe(model);
    expect(c.controlClass).toBe(cls);
  });

  it('takes the PCI id over a name that claims another model (H20 die sold as "H100")', () => {
    const c = classify('NVIDIA H100 80GB HBM3', '0x232910DE', 97871 * MiB);
    expect(c.controlClass).toBe('unclassified');
    expect(c.reason).toMatch(/name says H100 SXM but PCI id 0x2329 is H20/);
  });

  it('never trusts the name alone when the model has known PCI ids', () => {
    const c = classify('NVIDIA H100 80GB HBM3', '', 81559 * MiB);
    expect(c.controlClass).toBe('unclassified');
  });

  it('accepts name + memory for models whose PCI ids are not published (A800)', () => {
    expect(classify('NVIDIA A800-SXM4-80GB', '0x20F310DE', 81920 * MiB).model).toBe('A800');
  });

  it('classifies an unknown chip as unclassified, never as not controlled, and counts it as one H100e', () => {
    const c = classify('NVIDIA Future X1', '0x999910DE', 200 * 1024 * MiB);
    expect(c.controlClass).toBe('unclassified');
    expect(c.model).toBe('NVIDIA Future X1');
    expect(c.h100e).toBe(1);
  });

  it('flags memory that does not fit the model', () => {
    expect(classify('NVIDIA H100 80GB HBM3', '0x233010DE', 24 * 1024 * MiB).controlClass).toBe(
      'unclassified',
    );
  });

  it('uses the name to pick among models sharing a PCI id', () => {
    expect(classify('AMD Instinct MI250X', '0x740C1002', 128 * 1024 * MiB).model).toBe('MI250X');
    expect(classify('AMD Instinct MI250X/MI250', '0x740C1002', 128 * 1024 * MiB).model).toBe('MI250');
  });

  it('states H100-equivalents as TPP / 15 832', () => {
    expect(classify('NVIDIA H100 80GB HBM3', '0x233010DE', 81559 * MiB).h100e).toBe(1);
    expect(classify('NVIDIA A100-SXM4-80GB', '0x20B210DE', 81920 * MiB).h100e).toBeCloseTo(4992 / 15832, 10);
  });

  it('rejects a malformed PCI id with the value in the reason', () => {
    expect(classify('NVIDIA H100 80GB HBM3', 'zz', 0).reason).toContain('"zz"');
  });
});

describe('parsePciDeviceId', () => {
  it.each([
    ['0x233010DE', '0x2330', '0x10DE'],
    ['0x2330', '0x2330', undefined],
    ['233010de', '0x2330', '0x10DE'],
  ])('%s → device %s vendor %s', (raw, device, vendor) => {
    expect(parsePciDeviceId(raw)).toEqual({ device, vendor });
  });
  it('returns undefined for garbage', () => {
    expect(parsePciDeviceId('0x12')).toBeUndefined();
  });
});

describe('migFraction', () => {
  it.each([
    ['1g.10gb', 1 / 7],
    ['3g.40gb', 3 / 7],
    ['7g.80gb', 1],
    ['1c.3g.71gb', 1 / 7],
    ['2c.3g.71gb', 2 / 7],
    ['4c.3g.71gb', 1],
    ['', 1],
    ['weird', 1],
  ])('%s → %d', (profile, fraction) => {
    expect(migFraction(profile)).toBeCloseTo(fraction, 12);
  });
});
