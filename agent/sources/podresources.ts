/**
 * The kubelet's PodResources v1 API (proto/k8s/podresources/v1/api.proto, generated into
 * agent/generated/): grpc-js service definition, shared by the agent's client and the fake
 * kubelet in tests, and a small client over the kubelet's unix socket.
 */
import { resolve } from 'node:path';
import protobuf from 'protobufjs/minimal.js';
import {
  Client,
  credentials,
  Metadata,
  status,
  type MethodDefinition,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { AppError } from '../../common/errors.js';
import { v1 } from '../generated/podresources.js';

// int64 fields (CPU ids, NUMA ids) decode as numbers, as in common/proto.ts.
(protobuf.util as { Long: unknown }).Long = undefined;
protobuf.configure();

/** The generated PodResources v1 messages. */
export const podResourcesPb = v1;
/** Decoded List response. */
export type ListPodResourcesResponse = v1.ListPodResourcesResponse;
/** List response as a plain object (what a server sends). */
export type IListPodResourcesResponse = v1.ListPodResourcesResponse.$Properties;
/** GetAllocatableResources response as a plain object. */
export type IAllocatableResourcesResponse = v1.AllocatableResourcesResponse.$Properties;
/** One pod of a List response. */
export type IPodResources = v1.PodResources.$Properties;

interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(reader: Uint8Array): T;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function unary<Req, Res>(path: string, req: Codec<Req>, res: Codec<Res>): MethodDefinition<Req, Res> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (m: Req) => toBuffer(req.encode(m).finish()),
    requestDeserialize: (b: Buffer) => req.decode(b),
    responseSerialize: (m: Res) => toBuffer(res.encode(m).finish()),
    responseDeserialize: (b: Buffer) => res.decode(b),
  };
}

/** `v1.PodResourcesLister`, as the kubelet serves it. */
export const podResourcesListerDefinition = {
  list: unary<v1.ListPodResourcesRequest.$Properties, IListPodResourcesResponse>(
    '/v1.PodResourcesLister/List',
    v1.ListPodResourcesRequest,
    v1.ListPodResourcesResponse,
  ),
  getAllocatableResources: unary<v1.AllocatableResourcesRequest.$Properties, IAllocatableResourcesResponse>(
    '/v1.PodResourcesLister/GetAllocatableResources',
    v1.AllocatableResourcesRequest,
    v1.AllocatableResourcesResponse,
  ),
  get: unary<v1.GetPodResourcesRequest.$Properties, v1.GetPodResourcesResponse.$Properties>(
    '/v1.PodResourcesLister/Get',
    v1.GetPodResourcesRequest,
    v1.GetPodResourcesResponse,
  ),
} satisfies ServiceDefinition;

/** The kubelet could not be asked (socket missing, kubelet down, call failed or timed out). */
export class KubeletError extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}

/** Where the kubelet's socket is and how much it may send. */
export interface PodResourcesClientOptions {
  /** The kubelet's socket. Default /var/lib/kubelet/pod-resources/kubelet.sock. */
  readonly socketPath?: string;
  /** Largest response accepted, in bytes. Default 16 MiB (a node with many pods and devices). */
  readonly maxResponseBytes?: number;
}

/** The kubelet's PodResources socket. */
export const defaultKubeletSocket = '/var/lib/kubelet/pod-resources/kubelet.sock';

/** A client of the kubelet PodResources API over its unix socket. */
export class PodResourcesClient {
  readonly socketPath: string;
  private readonly client: Client;

  constructor(options: PodResourcesClientOptions = {}) {
    this.socketPath = resolve(options.socketPath ?? defaultKubeletSocket);
    this.client = new Client(`unix://${this.socketPath}`, credentials.createInsecure(), {
      'grpc.max_receive_message_length': options.maxResponseBytes ?? 16 * 1024 * 1024,
    });
  }

  /** PodResourcesLister.List with a deadline. */
  list(timeoutMs: number): Promise<IListPodResourcesResponse> {
    return this.call(podResourcesListerDefinition.list, {}, timeoutMs);
  }

  /** PodResourcesLister.GetAllocatableResources with a deadline. */
  getAllocatableResources(timeoutMs: number): Promise<IAllocatableResourcesResponse> {
    return this.call(podResourcesListerDefinition.getAllocatableResources, {}, timeoutMs);
  }

  close(): void {
    this.client.close();
  }

  private call<Req, Res>(method: MethodDefinition<Req, Res>, request: Req, timeoutMs: number): Promise<Res> {
    return new Promise<Res>((resolvePromise, reject) => {
      this.client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        new Metadata(),
        // A transport deadline, so real time: grpc-js measures it against the system clock.
        { deadline: Date.now() + timeoutMs },
        (err, response) => {
          if (err !== null || response === undefined) {
            const why =
              err?.code === status.DEADLINE_EXCEEDED
                ? `no answer within ${timeoutMs} ms`
                : err?.code === status.UNAVAILABLE
                  ? `kubelet unavailable (${err.details})`
                  : (err?.details ?? 'empty response');
            reject(
              new KubeletError(
                `kubelet PodResources ${method.path.split('/').pop() ?? ''} on ${this.socketPath}: ${why}`,
              ),
            );
          } else resolvePromise(response);
        },
      );
    });
  }
}
