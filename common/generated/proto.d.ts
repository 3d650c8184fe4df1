import * as $protobuf from "protobufjs";

export namespace gpuwatch {

    namespace v1 {

        interface ITenantUsageRequest extends gpuwatch.v1.TenantUsageRequest.$Properties {
        }

        class TenantUsageRequest {
            constructor(properties?: gpuwatch.v1.TenantUsageRequest.$Properties);
            $unknowns?: Uint8Array[];
            tenant_id: string;
            from_unix_ms: number;
            to_unix_ms: number;
            static encode(message: gpuwatch.v1.TenantUsageRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.TenantUsageRequest & gpuwatch.v1.TenantUsageRequest.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.TenantUsageRequest;
            static toObject(message: gpuwatch.v1.TenantUsageRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace TenantUsageRequest {
            interface $Properties {
                tenant_id?: (string|null);
                from_unix_ms?: (number|null);
                to_unix_ms?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.TenantUsageRequest.$Properties;
        }

        interface ITenantUsageResponse extends gpuwatch.v1.TenantUsageResponse.$Properties {
        }

        class TenantUsageResponse {
            constructor(properties?: gpuwatch.v1.TenantUsageResponse.$Properties);
            $unknowns?: Uint8Array[];
            tenant_id: string;
            total_gpu_seconds: number;
            rows: gpuwatch.v1.UsageRow.$Properties[];
            effective_from_unix_ms: number;
            effective_to_unix_ms: number;
            static encode(message: gpuwatch.v1.TenantUsageResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.TenantUsageResponse & gpuwatch.v1.TenantUsageResponse.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.TenantUsageResponse;
            static toObject(message: gpuwatch.v1.TenantUsageResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace TenantUsageResponse {
            interface $Properties {
                tenant_id?: (string|null);
                total_gpu_seconds?: (number|null);
                rows?: (gpuwatch.v1.UsageRow.$Properties[]|null);
                effective_from_unix_ms?: (number|null);
                effective_to_unix_ms?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.TenantUsageResponse.$Properties;
        }

        interface IUsageRow extends gpuwatch.v1.UsageRow.$Properties {
        }

        class UsageRow {
            constructor(properties?: gpuwatch.v1.UsageRow.$Properties);
            $unknowns?: Uint8Array[];
            day: string;
            chip_model: string;
            control_class: string;
            gpu_seconds: number;
            h100e_seconds: number;
            static encode(message: gpuwatch.v1.UsageRow.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.UsageRow & gpuwatch.v1.UsageRow.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.UsageRow;
            static toObject(message: gpuwatch.v1.UsageRow, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace UsageRow {
            interface $Properties {
                day?: (string|null);
                chip_model?: (string|null);
                control_class?: (string|null);
                gpu_seconds?: (number|null);
                h100e_seconds?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.UsageRow.$Properties;
        }

        interface IListAlertsRequest extends gpuwatch.v1.ListAlertsRequest.$Properties {
        }

        class ListAlertsRequest {
            constructor(properties?: gpuwatch.v1.ListAlertsRequest.$Properties);
            $unknowns?: Uint8Array[];
            state: string;
            rule: string;
            limit: number;
            page_token: string;
            static encode(message: gpuwatch.v1.ListAlertsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.ListAlertsRequest & gpuwatch.v1.ListAlertsRequest.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.ListAlertsRequest;
            static toObject(message: gpuwatch.v1.ListAlertsRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace ListAlertsRequest {
            interface $Properties {
                state?: (string|null);
                rule?: (string|null);
                limit?: (number|null);
                page_token?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.ListAlertsRequest.$Properties;
        }

        interface IListAlertsResponse extends gpuwatch.v1.ListAlertsResponse.$Properties {
        }

        class ListAlertsResponse {
            constructor(properties?: gpuwatch.v1.ListAlertsResponse.$Properties);
            $unknowns?: Uint8Array[];
            alerts: gpuwatch.v1.Alert.$Properties[];
            next_page_token: string;
            static encode(message: gpuwatch.v1.ListAlertsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.ListAlertsResponse & gpuwatch.v1.ListAlertsResponse.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.ListAlertsResponse;
            static toObject(message: gpuwatch.v1.ListAlertsResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace ListAlertsResponse {
            interface $Properties {
                alerts?: (gpuwatch.v1.Alert.$Properties[]|null);
                next_page_token?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.ListAlertsResponse.$Properties;
        }

        interface IAlert extends gpuwatch.v1.Alert.$Properties {
        }

        class Alert {
            constructor(properties?: gpuwatch.v1.Alert.$Properties);
            $unknowns?: Uint8Array[];
            alert_id: string;
            rule: string;
            severity: string;
            score: number;
            tenant_ids: string[];
            anchor_tenant_id: string;
            state: string;
            first_seen_unix_ms: number;
            last_seen_unix_ms: number;
            policy_version: string;
            evidence_json: string;
            episodes: gpuwatch.v1.AlertEpisode.$Properties[];
            static encode(message: gpuwatch.v1.Alert.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.Alert & gpuwatch.v1.Alert.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.Alert;
            static toObject(message: gpuwatch.v1.Alert, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Alert {
            interface $Properties {
                alert_id?: (string|null);
                rule?: (string|null);
                severity?: (string|null);
                score?: (number|null);
                tenant_ids?: (string[]|null);
                anchor_tenant_id?: (string|null);
                state?: (string|null);
                first_seen_unix_ms?: (number|null);
                last_seen_unix_ms?: (number|null);
                policy_version?: (string|null);
                evidence_json?: (string|null);
                episodes?: (gpuwatch.v1.AlertEpisode.$Properties[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.Alert.$Properties;
        }

        interface IAlertEpisode extends gpuwatch.v1.AlertEpisode.$Properties {
        }

        class AlertEpisode {
            constructor(properties?: gpuwatch.v1.AlertEpisode.$Properties);
            $unknowns?: Uint8Array[];
            start_unix_ms: number;
            end_unix_ms: number;
            severity: string;
            score: number;
            tenant_ids: string[];
            policy_version: string;
            evidence_json: string;
            static encode(message: gpuwatch.v1.AlertEpisode.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.AlertEpisode & gpuwatch.v1.AlertEpisode.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.AlertEpisode;
            static toObject(message: gpuwatch.v1.AlertEpisode, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace AlertEpisode {
            interface $Properties {
                start_unix_ms?: (number|null);
                end_unix_ms?: (number|null);
                severity?: (string|null);
                score?: (number|null);
                tenant_ids?: (string[]|null);
                policy_version?: (string|null);
                evidence_json?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.AlertEpisode.$Properties;
        }

        interface IAgentMessage extends gpuwatch.v1.AgentMessage.$Properties {
        }

        class AgentMessage {
            constructor(properties?: gpuwatch.v1.AgentMessage.$Properties);
            $unknowns?: Uint8Array[];
            hello?: (gpuwatch.v1.Hello.$Properties|null);
            batch?: (gpuwatch.v1.UsageBatch.$Properties|null);
            msg?: ("hello"|"batch");
            static encode(message: gpuwatch.v1.AgentMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.AgentMessage & gpuwatch.v1.AgentMessage.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.AgentMessage;
            static toObject(message: gpuwatch.v1.AgentMessage, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace AgentMessage {
            interface $Properties {
                hello?: (gpuwatch.v1.Hello.$Properties|null);
                batch?: (gpuwatch.v1.UsageBatch.$Properties|null);
                msg?: ("hello"|"batch");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              hello?: gpuwatch.v1.Hello.$Shape|null;
              batch?: gpuwatch.v1.UsageBatch.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ msg?: undefined; hello?: null; batch?: null }|{ msg?: "hello"; hello: gpuwatch.v1.Hello.$Shape; batch?: null }|{ msg?: "batch"; hello?: null; batch: gpuwatch.v1.UsageBatch.$Shape })
            );
        }

        interface IHello extends gpuwatch.v1.Hello.$Properties {
        }

        class Hello {
            constructor(properties?: gpuwatch.v1.Hello.$Properties);
            $unknowns?: Uint8Array[];
            agent_id: string;
            cluster: string;
            site: string;
            agent_version: string;
            gpus: gpuwatch.v1.Gpu.$Properties[];
            spool_id: string;
            static encode(message: gpuwatch.v1.Hello.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.Hello & gpuwatch.v1.Hello.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.Hello;
            static toObject(message: gpuwatch.v1.Hello, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Hello {
            interface $Properties {
                agent_id?: (string|null);
                cluster?: (string|null);
                site?: (string|null);
                agent_version?: (string|null);
                gpus?: (gpuwatch.v1.Gpu.$Properties[]|null);
                spool_id?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.Hello.$Properties;
        }

        interface IGpu extends gpuwatch.v1.Gpu.$Properties {
        }

        class Gpu {
            constructor(properties?: gpuwatch.v1.Gpu.$Properties);
            $unknowns?: Uint8Array[];
            uuid: string;
            index: number;
            name: string;
            pci_device_id: string;
            memory_total_bytes: number;
            parent_uuid: string;
            mig_profile: string;
            serial: string;
            static encode(message: gpuwatch.v1.Gpu.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.Gpu & gpuwatch.v1.Gpu.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.Gpu;
            static toObject(message: gpuwatch.v1.Gpu, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Gpu {
            interface $Properties {
                uuid?: (string|null);
                index?: (number|null);
                name?: (string|null);
                pci_device_id?: (string|null);
                memory_total_bytes?: (number|null);
                parent_uuid?: (string|null);
                mig_profile?: (string|null);
                serial?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.Gpu.$Properties;
        }

        interface IUsageBatch extends gpuwatch.v1.UsageBatch.$Properties {
        }

        class UsageBatch {
            constructor(properties?: gpuwatch.v1.UsageBatch.$Properties);
            $unknowns?: Uint8Array[];
            seq: number;
            segments: gpuwatch.v1.UsageSegment.$Properties[];
            static encode(message: gpuwatch.v1.UsageBatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.UsageBatch & gpuwatch.v1.UsageBatch.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.UsageBatch;
            static toObject(message: gpuwatch.v1.UsageBatch, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace UsageBatch {
            interface $Properties {
                seq?: (number|null);
                segments?: (gpuwatch.v1.UsageSegment.$Properties[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.UsageBatch.$Properties;
        }

        interface IUsageSegment extends gpuwatch.v1.UsageSegment.$Properties {
        }

        class UsageSegment {
            constructor(properties?: gpuwatch.v1.UsageSegment.$Properties);
            $unknowns?: Uint8Array[];
            tenant_id: string;
            allocation_id: string;
            gpu_uuids: string[];
            start_unix_ms: number;
            end_unix_ms: number;
            gpu_utilization?: (number|null);
            memory_used_bytes?: (number|null);
            source: string;
            workload_fingerprint: string;
            labels: { [k: string]: string };
            gpu_shares: number[];
            static encode(message: gpuwatch.v1.UsageSegment.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.UsageSegment & gpuwatch.v1.UsageSegment.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.UsageSegment;
            static toObject(message: gpuwatch.v1.UsageSegment, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace UsageSegment {
            interface $Properties {
                tenant_id?: (string|null);
                allocation_id?: (string|null);
                gpu_uuids?: (string[]|null);
                start_unix_ms?: (number|null);
                end_unix_ms?: (number|null);
                gpu_utilization?: (number|null);
                memory_used_bytes?: (number|null);
                source?: (string|null);
                workload_fingerprint?: (string|null);
                labels?: ({ [k: string]: string }|null);
                gpu_shares?: (number[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.UsageSegment.$Properties;
        }

        interface ICollectorMessage extends gpuwatch.v1.CollectorMessage.$Properties {
        }

        class CollectorMessage {
            constructor(properties?: gpuwatch.v1.CollectorMessage.$Properties);
            $unknowns?: Uint8Array[];
            ack?: (gpuwatch.v1.Ack.$Properties|null);
            msg?: "ack";
            static encode(message: gpuwatch.v1.CollectorMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.CollectorMessage & gpuwatch.v1.CollectorMessage.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.CollectorMessage;
            static toObject(message: gpuwatch.v1.CollectorMessage, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace CollectorMessage {
            interface $Properties {
                ack?: (gpuwatch.v1.Ack.$Properties|null);
                msg?: "ack";
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              ack?: gpuwatch.v1.Ack.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ msg?: undefined; ack?: null }|{ msg?: "ack"; ack: gpuwatch.v1.Ack.$Shape })
            );
        }

        interface IAck extends gpuwatch.v1.Ack.$Properties {
        }

        class Ack {
            constructor(properties?: gpuwatch.v1.Ack.$Properties);
            $unknowns?: Uint8Array[];
            seq: number;
            accepted: number;
            rejected: gpuwatch.v1.Rejection.$Properties[];
            static encode(message: gpuwatch.v1.Ack.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.Ack & gpuwatch.v1.Ack.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.Ack;
            static toObject(message: gpuwatch.v1.Ack, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Ack {
            interface $Properties {
                seq?: (number|null);
                accepted?: (number|null);
                rejected?: (gpuwatch.v1.Rejection.$Properties[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.Ack.$Properties;
        }

        interface IRejection extends gpuwatch.v1.Rejection.$Properties {
        }

        class Rejection {
            constructor(properties?: gpuwatch.v1.Rejection.$Properties);
            $unknowns?: Uint8Array[];
            index: number;
            field: string;
            reason: string;
            static encode(message: gpuwatch.v1.Rejection.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.Rejection & gpuwatch.v1.Rejection.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.Rejection;
            static toObject(message: gpuwatch.v1.Rejection, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Rejection {
            interface $Properties {
                index?: (number|null);
                field?: (string|null);
                reason?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.Rejection.$Properties;
        }

        interface IUpsertTenantsRequest extends gpuwatch.v1.UpsertTenantsRequest.$Properties {
        }

        class UpsertTenantsRequest {
            constructor(properties?: gpuwatch.v1.UpsertTenantsRequest.$Properties);
            $unknowns?: Uint8Array[];
            tenants: gpuwatch.v1.Tenant.$Properties[];
            static encode(message: gpuwatch.v1.UpsertTenantsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.UpsertTenantsRequest & gpuwatch.v1.UpsertTenantsRequest.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.UpsertTenantsRequest;
            static toObject(message: gpuwatch.v1.UpsertTenantsRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace UpsertTenantsRequest {
            interface $Properties {
                tenants?: (gpuwatch.v1.Tenant.$Properties[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.UpsertTenantsRequest.$Properties;
        }

        interface IUpsertTenantsResponse extends gpuwatch.v1.UpsertTenantsResponse.$Properties {
        }

        class UpsertTenantsResponse {
            constructor(properties?: gpuwatch.v1.UpsertTenantsResponse.$Properties);
            $unknowns?: Uint8Array[];
            upserted: number;
            rejected: gpuwatch.v1.Rejection.$Properties[];
            static encode(message: gpuwatch.v1.UpsertTenantsResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.UpsertTenantsResponse & gpuwatch.v1.UpsertTenantsResponse.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.UpsertTenantsResponse;
            static toObject(message: gpuwatch.v1.UpsertTenantsResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace UpsertTenantsResponse {
            interface $Properties {
                upserted?: (number|null);
                rejected?: (gpuwatch.v1.Rejection.$Properties[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.UpsertTenantsResponse.$Properties;
        }

        interface IGetTenantRequest extends gpuwatch.v1.GetTenantRequest.$Properties {
        }

        class GetTenantRequest {
            constructor(properties?: gpuwatch.v1.GetTenantRequest.$Properties);
            $unknowns?: Uint8Array[];
            tenant_id: string;
            static encode(message: gpuwatch.v1.GetTenantRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.GetTenantRequest & gpuwatch.v1.GetTenantRequest.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.GetTenantRequest;
            static toObject(message: gpuwatch.v1.GetTenantRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace GetTenantRequest {
            interface $Properties {
                tenant_id?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.GetTenantRequest.$Properties;
        }

        interface ITenant extends gpuwatch.v1.Tenant.$Properties {
        }

        class Tenant {
            constructor(properties?: gpuwatch.v1.Tenant.$Properties);
            $unknowns?: Uint8Array[];
            tenant_id: string;
            legal_name: string;
            aliases: string[];
            country: string;
            account_created_unix_ms: number;
            incorporated_unix_ms: number;
            registration_number: string;
            address: string;
            payment_fingerprint: string;
            email: string;
            phone: string;
            admin_ips: string[];
            ssh_key_fingerprints: string[];
            beneficial_owners: string[];
            reseller_id: string;
            kyc_verified: boolean;
            attributes: { [k: string]: string };
            static encode(message: gpuwatch.v1.Tenant.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gpuwatch.v1.Tenant & gpuwatch.v1.Tenant.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): gpuwatch.v1.Tenant;
            static toObject(message: gpuwatch.v1.Tenant, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
        }

        namespace Tenant {
            interface $Properties {
                tenant_id?: (string|null);
                legal_name?: (string|null);
                aliases?: (string[]|null);
                country?: (string|null);
                account_created_unix_ms?: (number|null);
                incorporated_unix_ms?: (number|null);
                registration_number?: (string|null);
                address?: (string|null);
                payment_fingerprint?: (string|null);
                email?: (string|null);
                phone?: (string|null);
                admin_ips?: (string[]|null);
                ssh_key_fingerprints?: (string[]|null);
                beneficial_owners?: (string[]|null);
                reseller_id?: (string|null);
                kyc_verified?: (boolean|null);
                attributes?: ({ [k: string]: string }|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = gpuwatch.v1.Tenant.$Properties;
        }
    }
}

export namespace grpc {

    namespace health {

        namespace v1 {

            interface IHealthCheckRequest extends grpc.health.v1.HealthCheckRequest.$Properties {
            }

            class HealthCheckRequest {
                constructor(properties?: grpc.health.v1.HealthCheckRequest.$Properties);
                $unknowns?: Uint8Array[];
                service: string;
                static encode(message: grpc.health.v1.HealthCheckRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): grpc.health.v1.HealthCheckRequest & grpc.health.v1.HealthCheckRequest.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): grpc.health.v1.HealthCheckRequest;
                static toObject(message: grpc.health.v1.HealthCheckRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
            }

            namespace HealthCheckRequest {
                interface $Properties {
                    service?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = grpc.health.v1.HealthCheckRequest.$Properties;
            }

            interface IHealthCheckResponse extends grpc.health.v1.HealthCheckResponse.$Properties {
            }

            class HealthCheckResponse {
                constructor(properties?: grpc.health.v1.HealthCheckResponse.$Properties);
                $unknowns?: Uint8Array[];
                status: grpc.health.v1.HealthCheckResponse.ServingStatus;
                static encode(message: grpc.health.v1.HealthCheckResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): grpc.health.v1.HealthCheckResponse & grpc.health.v1.HealthCheckResponse.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): grpc.health.v1.HealthCheckResponse;
                static toObject(message: grpc.health.v1.HealthCheckResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
            }

            namespace HealthCheckResponse {
                interface $Properties {
                    status?: (grpc.health.v1.HealthCheckResponse.ServingStatus|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = grpc.health.v1.HealthCheckResponse.$Properties;

                enum ServingStatus {
                    UNKNOWN = 0,
                    SERVING = 1,
                    NOT_SERVING = 2,
                    SERVICE_UNKNOWN = 3
                }
            }
        }
    }
}
