/**
 * The GPUs the transport's Hello announces. The agent runner writes each collection's inventory
 * here; the transport reads it on every connection. A Hello before the first collection waits
 * for it — the transport bounds that wait and sends the last known GPUs meanwhile — so the
 * collector learns the node's GPUs on the agent's first connection.
 */
import type { IGpu } from '../../common/proto.js';
import { toProtoGpu, type Inventory } from './inventory.js';

/** The latest inventory, as Hello GPUs. */
export class InventoryHolder {
  private gpus: IGpu[] | undefined;
  private identity: string | undefined;
  private resolveFirst: ((gpus: IGpu[]) => void) | undefined;
  private readonly first = new Promise<IGpu[]>((resolve) => {
    this.resolveFirst = resolve;
  });

  /**
   * Records a collection's inventory. True when the GPUs differ from the last inventory recorded
   * (not for the first): the collector must hear of them in a new Hello.
   */
  update(inventory: Inventory): boolean {
    const gpus = inventory.gpus.map(toProtoGpu);
    // Memory figures may differ between NVML and nvidia-smi; identity is what the collector needs.
    const identity = gpus
      .map((g) => [g.uuid, g.name, g.pci_device_id, g.parent_uuid, g.mig_profile].join('|'))
      .join('\n');
    const changed = this.identity !== undefined && identity !== this.identity;
    this.identity = identity;
    this.gpus = gpus;
    this.resolveFirst?.(gpus);
    this.resolveFirst = undefined;
    return changed;
  }

  /** The GPUs for a Hello: the latest, or the first ones once a collection has read them. */
  forHello(): Promise<IGpu[]> {
    return this.gpus !== undefined ? Promise.resolve(this.gpus) : this.first;
  }
}
