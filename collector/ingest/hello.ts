/**
 * Turns a validated hello into the AgentContext a stream speaks for: each GPU classified once
 * (docs/design.md §6.1), so segments need not repeat what chip they ran on.
 */
import { classify, migFraction } from '../../common/chips/chips.js';
import type { IGpu, IHello } from '../../common/proto.js';
import type { AgentContext, HelloInfo, InventoryGpu } from '../storage/usage-store.js';

/**
 * Classifies a hello's inventory. A MIG instance (parent_uuid set) is classified by its parent's
 * name, PCI id and memory (an instance reports only its slice of the memory) and weighted by its
 * share of the parent's compute slices; when the parent is missing from the hello, by its own.
 */
export function agentContextFromHello(hello: IHello): AgentContext {
  const gpus = hello.gpus ?? [];
  const byUuid = new Map<string, IGpu>();
  for (const gpu of gpus) byUuid.set(gpu.uuid ?? '', gpu);

  const inventory = new Map<string, InventoryGpu>();
  for (const gpu of gpus) {
    const parentUuid = gpu.parent_uuid ?? '';
    const parent = parentUuid === '' ? undefined : byUuid.get(parentUuid);
    const basis = parent ?? gpu;
    const classification = classify(
      basis.name ?? '',
      basis.pci_device_id ?? '',
      basis.memory_total_bytes ?? 0,
    );
    inventory.set(gpu.uuid ?? '', {
      uuid: gpu.uuid ?? '',
      chipModel: classification.model,
      controlClass: classification.controlClass,
      weight: parentUuid === '' ? 1 : migFraction(gpu.mig_profile ?? ''),
    });
  }
  return { agentId: hello.agent_id ?? '', spoolId: hello.spool_id ?? '', inventory };
}

/** What the store keeps of a hello besides the classified inventory. */
export function helloInfo(hello: IHello): HelloInfo {
  return {
    cluster: hello.cluster ?? '',
    site: hello.site ?? '',
    agentVersion: hello.agent_version ?? '',
    gpus: (hello.gpus ?? []).map((g) => ({
      uuid: g.uuid ?? '',
      index: g.index ?? 0,
      name: g.name ?? '',
      pci_device_id: g.pci_device_id ?? '',
      memory_total_bytes: g.memory_total_bytes ?? 0,
      parent_uuid: g.parent_uuid ?? '',
      mig_profile: g.mig_profile ?? '',
      serial: g.serial ?? '',
    })),
  };
}
