import { describe, expect, it } from 'vitest';
import { agentContextFromHello, helloInfo } from '../../../collector/ingest/hello.js';

const h100 = {
  uuid: 'GPU-aaaa',
  index: 0,
  name: 'NVIDIA H100 80GB HBM3',
  pci_device_id: '0x233010DE',
  memory_total_bytes: 81_559 * 1024 * 1024,
};

describe('agentContextFromHello', () => {
  it('classifies whole GPUs by name, PCI id and memory', () => {
    const agent = agentContextFromHello({ agent_id: 'node-1', spool_id: 's1', gpus: [h100] });
    expect(agent.agentId).toBe('node-1');
    expect(agent.spoolId).toBe('s1');
    expect(agent.inventory.get('GPU-aaaa')).toEqual({
      uuid: 'GPU-aaaa',
      chipModel: 'H100 SXM',
      controlClass: '3A090.a',
      weight: 1,
    });
  });

  it("classifies a MIG instance by its parent and weighs it by its share of the parent's slices", () => {
    const mig = {
      uuid: 'MIG-bbbb',
      name: 'NVIDIA H100 80GB HBM3 MIG 3g.40gb',
      pci_device_id: '',
      memory_total_bytes: 40 * 1024 ** 3,
      parent_uuid: 'GPU-aaaa',
      mig_profile: '3g.40gb',
    };
    const agent = agentContextFromHello({ agent_id: 'n', spool_id: 's', gpus: [mig, h100] });
    expect(agent.inventory.get('MIG-bbbb')).toEqual({
      uuid: 'MIG-bbbb',
      chipModel: 'H100 SXM',
      controlClass: '3A090.a',
      weight: 3 / 7,
    });
  });

  it('leaves a MIG instance whose parent is missing unclassified, never guessing from its name', () => {
    const agent = agentContextFromHello({
      agent_id: 'n',
      spool_id: 's',
      gpus: [
        {
          uuid: 'MIG-c',
          name: 'NVIDIA H100 80GB HBM3 MIG 1g.10gb',
          parent_uuid: 'GPU-gone',
          mig_profile: '1g.10gb',
        },
      ],
    });
    expect(agent.inventory.get('MIG-c')).toMatchObject({ controlClass: 'unclassified', weight: 1 / 7 });
  });

  it('keeps the inventory as sent, with every proto field', () => {
    expect(helloInfo({ cluster: 'c1', site: 'fra', agent_version: '0.1', gpus: [h100] })).toEqual({
      cluster: 'c1',
      site: 'fra',
      agentVersion: '0.1',
      gpus: [{ ...h100, parent_uuid: '', mig_profile: '', serial: '' }],
    });
  });
});
