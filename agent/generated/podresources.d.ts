import * as $protobuf from "protobufjs";

export namespace v1 {

    interface IAllocatableResourcesRequest extends v1.AllocatableResourcesRequest.$Properties {
    }

    class AllocatableResourcesRequest {
        constructor(properties?: v1.AllocatableResourcesRequest.$Properties);
        $unknowns?: Uint8Array[];
        static encode(message: v1.AllocatableResourcesRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.AllocatableResourcesRequest & v1.AllocatableResourcesRequest.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.AllocatableResourcesRequest;
        static toObject(message: v1.AllocatableResourcesRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace AllocatableResourcesRequest {
        interface $Properties {
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.AllocatableResourcesRequest.$Properties;
    }

    interface IAllocatableResourcesResponse extends v1.AllocatableResourcesResponse.$Properties {
    }

    class AllocatableResourcesResponse {
        constructor(properties?: v1.AllocatableResourcesResponse.$Properties);
        $unknowns?: Uint8Array[];
        devices: v1.ContainerDevices.$Properties[];
        cpu_ids: number[];
        memory: v1.ContainerMemory.$Properties[];
        static encode(message: v1.AllocatableResourcesResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.AllocatableResourcesResponse & v1.AllocatableResourcesResponse.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.AllocatableResourcesResponse;
        static toObject(message: v1.AllocatableResourcesResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace AllocatableResourcesResponse {
        interface $Properties {
            devices?: (v1.ContainerDevices.$Properties[]|null);
            cpu_ids?: (number[]|null);
            memory?: (v1.ContainerMemory.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.AllocatableResourcesResponse.$Properties;
    }

    interface IListPodResourcesRequest extends v1.ListPodResourcesRequest.$Properties {
    }

    class ListPodResourcesRequest {
        constructor(properties?: v1.ListPodResourcesRequest.$Properties);
        $unknowns?: Uint8Array[];
        static encode(message: v1.ListPodResourcesRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.ListPodResourcesRequest & v1.ListPodResourcesRequest.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.ListPodResourcesRequest;
        static toObject(message: v1.ListPodResourcesRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace ListPodResourcesRequest {
        interface $Properties {
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.ListPodResourcesRequest.$Properties;
    }

    interface IListPodResourcesResponse extends v1.ListPodResourcesResponse.$Properties {
    }

    class ListPodResourcesResponse {
        constructor(properties?: v1.ListPodResourcesResponse.$Properties);
        $unknowns?: Uint8Array[];
        pod_resources: v1.PodResources.$Properties[];
        static encode(message: v1.ListPodResourcesResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.ListPodResourcesResponse & v1.ListPodResourcesResponse.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.ListPodResourcesResponse;
        static toObject(message: v1.ListPodResourcesResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace ListPodResourcesResponse {
        interface $Properties {
            pod_resources?: (v1.PodResources.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.ListPodResourcesResponse.$Properties;
    }

    interface IPodResources extends v1.PodResources.$Properties {
    }

    class PodResources {
        constructor(properties?: v1.PodResources.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        namespace: string;
        containers: v1.ContainerResources.$Properties[];
        cpu_ids: number[];
        memory: v1.ContainerMemory.$Properties[];
        static encode(message: v1.PodResources.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.PodResources & v1.PodResources.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.PodResources;
        static toObject(message: v1.PodResources, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace PodResources {
        interface $Properties {
            name?: (string|null);
            namespace?: (string|null);
            containers?: (v1.ContainerResources.$Properties[]|null);
            cpu_ids?: (number[]|null);
            memory?: (v1.ContainerMemory.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.PodResources.$Properties;
    }

    interface IContainerResources extends v1.ContainerResources.$Properties {
    }

    class ContainerResources {
        constructor(properties?: v1.ContainerResources.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        devices: v1.ContainerDevices.$Properties[];
        cpu_ids: number[];
        memory: v1.ContainerMemory.$Properties[];
        dynamic_resources: v1.DynamicResource.$Properties[];
        static encode(message: v1.ContainerResources.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.ContainerResources & v1.ContainerResources.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.ContainerResources;
        static toObject(message: v1.ContainerResources, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace ContainerResources {
        interface $Properties {
            name?: (string|null);
            devices?: (v1.ContainerDevices.$Properties[]|null);
            cpu_ids?: (number[]|null);
            memory?: (v1.ContainerMemory.$Properties[]|null);
            dynamic_resources?: (v1.DynamicResource.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.ContainerResources.$Properties;
    }

    interface IContainerMemory extends v1.ContainerMemory.$Properties {
    }

    class ContainerMemory {
        constructor(properties?: v1.ContainerMemory.$Properties);
        $unknowns?: Uint8Array[];
        memory_type: string;
        size: number;
        topology?: (v1.TopologyInfo.$Properties|null);
        static encode(message: v1.ContainerMemory.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.ContainerMemory & v1.ContainerMemory.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.ContainerMemory;
        static toObject(message: v1.ContainerMemory, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace ContainerMemory {
        interface $Properties {
            memory_type?: (string|null);
            size?: (number|null);
            topology?: (v1.TopologyInfo.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.ContainerMemory.$Properties;
    }

    interface IContainerDevices extends v1.ContainerDevices.$Properties {
    }

    class ContainerDevices {
        constructor(properties?: v1.ContainerDevices.$Properties);
        $unknowns?: Uint8Array[];
        resource_name: string;
        device_ids: string[];
        topology?: (v1.TopologyInfo.$Properties|null);
        static encode(message: v1.ContainerDevices.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.ContainerDevices & v1.ContainerDevices.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.ContainerDevices;
        static toObject(message: v1.ContainerDevices, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace ContainerDevices {
        interface $Properties {
            resource_name?: (string|null);
            device_ids?: (string[]|null);
            topology?: (v1.TopologyInfo.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.ContainerDevices.$Properties;
    }

    interface ITopologyInfo extends v1.TopologyInfo.$Properties {
    }

    class TopologyInfo {
        constructor(properties?: v1.TopologyInfo.$Properties);
        $unknowns?: Uint8Array[];
        nodes: v1.NUMANode.$Properties[];
        static encode(message: v1.TopologyInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.TopologyInfo & v1.TopologyInfo.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.TopologyInfo;
        static toObject(message: v1.TopologyInfo, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace TopologyInfo {
        interface $Properties {
            nodes?: (v1.NUMANode.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.TopologyInfo.$Properties;
    }

    interface INUMANode extends v1.NUMANode.$Properties {
    }

    class NUMANode {
        constructor(properties?: v1.NUMANode.$Properties);
        $unknowns?: Uint8Array[];
        ID: number;
        static encode(message: v1.NUMANode.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.NUMANode & v1.NUMANode.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.NUMANode;
        static toObject(message: v1.NUMANode, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace NUMANode {
        interface $Properties {
            ID?: (number|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.NUMANode.$Properties;
    }

    interface IDynamicResource extends v1.DynamicResource.$Properties {
    }

    class DynamicResource {
        constructor(properties?: v1.DynamicResource.$Properties);
        $unknowns?: Uint8Array[];
        claim_name: string;
        claim_namespace: string;
        claim_resources: v1.ClaimResource.$Properties[];
        static encode(message: v1.DynamicResource.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.DynamicResource & v1.DynamicResource.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.DynamicResource;
        static toObject(message: v1.DynamicResource, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace DynamicResource {
        interface $Properties {
            claim_name?: (string|null);
            claim_namespace?: (string|null);
            claim_resources?: (v1.ClaimResource.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.DynamicResource.$Properties;
    }

    interface IClaimResource extends v1.ClaimResource.$Properties {
    }

    class ClaimResource {
        constructor(properties?: v1.ClaimResource.$Properties);
        $unknowns?: Uint8Array[];
        cdi_devices: v1.CDIDevice.$Properties[];
        driver_name: string;
        pool_name: string;
        device_name: string;
        share_id?: (string|null);
        static encode(message: v1.ClaimResource.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.ClaimResource & v1.ClaimResource.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.ClaimResource;
        static toObject(message: v1.ClaimResource, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace ClaimResource {
        interface $Properties {
            cdi_devices?: (v1.CDIDevice.$Properties[]|null);
            driver_name?: (string|null);
            pool_name?: (string|null);
            device_name?: (string|null);
            share_id?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.ClaimResource.$Properties;
    }

    interface ICDIDevice extends v1.CDIDevice.$Properties {
    }

    class CDIDevice {
        constructor(properties?: v1.CDIDevice.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        static encode(message: v1.CDIDevice.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.CDIDevice & v1.CDIDevice.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.CDIDevice;
        static toObject(message: v1.CDIDevice, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace CDIDevice {
        interface $Properties {
            name?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.CDIDevice.$Properties;
    }

    interface IGetPodResourcesRequest extends v1.GetPodResourcesRequest.$Properties {
    }

    class GetPodResourcesRequest {
        constructor(properties?: v1.GetPodResourcesRequest.$Properties);
        $unknowns?: Uint8Array[];
        pod_name: string;
        pod_namespace: string;
        static encode(message: v1.GetPodResourcesRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.GetPodResourcesRequest & v1.GetPodResourcesRequest.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.GetPodResourcesRequest;
        static toObject(message: v1.GetPodResourcesRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace GetPodResourcesRequest {
        interface $Properties {
            pod_name?: (string|null);
            pod_namespace?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.GetPodResourcesRequest.$Properties;
    }

    interface IGetPodResourcesResponse extends v1.GetPodResourcesResponse.$Properties {
    }

    class GetPodResourcesResponse {
        constructor(properties?: v1.GetPodResourcesResponse.$Properties);
        $unknowns?: Uint8Array[];
        pod_resources?: (v1.PodResources.$Properties|null);
        static encode(message: v1.GetPodResourcesResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): v1.GetPodResourcesResponse & v1.GetPodResourcesResponse.$Shape;
        static verify(message: { [k: string]: any }): (string|null);
        static fromObject(object: { [k: string]: any }): v1.GetPodResourcesResponse;
        static toObject(message: v1.GetPodResourcesResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
        toJSON(): { [k: string]: any };
    }

    namespace GetPodResourcesResponse {
        interface $Properties {
            pod_resources?: (v1.PodResources.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = v1.GetPodResourcesResponse.$Properties;
    }
}
