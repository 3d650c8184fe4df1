import { describe, expect, it } from 'vitest';
import type { GpuDevice, Inventory } from '../../../agent/inventory/inventory.js';
import { InventoryHolder } from '../../../agent/inventory/inventory-holder.js';

const gpu = (uuid: string, extra: Partial<GpuDevice> = {}): GpuDevice => ({
  uuid,
  index: 0,
  name: 'NVIDIA H100 80GB HBM3',
  pci_device_id: '0x233010DE',
  memory_total_bytes: 85520809984,
  parent_uuid: '',
  mig_profile: '',
  serial: '',
  mig_enabled: false,
  ...extra,
});

const inventory = (...gpus: GpuDevice[]): Inventory => ({ via: 'nvidia-smi', warnings: [], gpus });

describe('InventoryHolder', () => {
  it('makes a Hello before the first collection wait for its inventory', async () => {
    const holder = new InventoryHolder();
    let hello: (string | null | undefined)[] | undefined;
    void holder.forHello().then((gpus) => (hello = gpus.map((g) => g.uuid)));
    await Promise.resolve();
    expect(hello).toBeUndefined();
    expect(holder.update(inventory(gpu('GPU-1')))).toBe(false); // the first is no change
    await Promise.resolve();
    expect(hello).toEqual(['GPU-1']);
  });

  it('says when the GPUs changed, not when only their memory figures did', async () => {
    const holder = new InventoryHolder();
    holder.update(inventory(gpu('GPU-1')));
    expect(holder.update(inventory(gpu('GPU-1', { memory_total_bytes: 85899345920 })))).toBe(false);
    expect(holder.update(inventory(gpu('GPU-1'), gpu('GPU-2', { index: 1 })))).toBe(true);
    expect(holder.update(inventory(gpu('GPU-1', { mig_profile: '1g.10gb' }), gpu('GPU-2')))).toBe(true);
    expect((await holder.forHello()).map((g) => [g.uuid, g.mig_profile])).toEqual([
      ['GPU-1', '1g.10gb'],
      ['GPU-2', ''],
    ]);
  });
});
