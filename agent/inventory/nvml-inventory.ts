/**
 * GPU inventory from NVML (`libnvidia-ml.so.1`) through koffi (decision D-agent-nvml).
 *
 * Every NVML call runs with koffi's `.async`, on a worker thread, under a deadline: a driver
 * call on a GPU that fell off the bus can block forever, and the agent's event loop must not
 * block with it. A call that outlives its deadline cannot be cancelled, so NVML is then marked
 * broken for the life of the process and the caller falls back to nvidia-smi (which can be
 * killed). Signatures follow nvml.h (NVML API 12): `nvmlDevice_t` is an opaque pointer and the
 * structs below are laid out as the header declares them.
 */
import { beforeDeadline, timedOut } from '../../common/deadline.js';
import { AppError, errorMessage } from '../../common/errors.js';
import type { GpuDevice, Inventory, InventoryProvider } from './inventory.js';
import { orderDevices } from './inventory.js';
import type * as KoffiModule from 'koffi';
import type { TypeObject } from 'koffi';

/** NVML could not be loaded or a call failed; the inventory falls back to nvidia-smi. */
export class NvmlError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNAVAILABLE', message, options);
  }
}

/** Which NVML library to load and how long a call may take. */
export interface NvmlInventoryOptions {
  /** Library to load. Default "libnvidia-ml.so.1" (found through the dynamic loader's path). */
  readonly libraryPath?: string;
  /** Deadline per NVML call, in ms. Default 5 000. */
  readonly callTimeoutMs?: number;
}

// nvmlReturn_t values the agent tells apart (nvml.h).
const NVML_SUCCESS = 0;
const NVML_ERROR_NOT_SUPPORTED = 3;
const NVML_ERROR_NOT_FOUND = 6;

// Buffer sizes from nvml.h.
const nameBufferBytes = 96; // NVML_DEVICE_NAME_V2_BUFFER_SIZE
const uuidBufferBytes = 96; // NVML_DEVICE_UUID_V2_BUFFER_SIZE
const serialBufferBytes = 30; // NVML_DEVICE_SERIAL_BUFFER_SIZE
const driverBufferBytes = 80; // NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE

/** An async NVML entry point: resolves with the nvmlReturn_t; outputs land in the arguments. */
type NvmlCall = (...args: unknown[]) => Promise<number>;

interface NvmlApi {
  init: NvmlCall;
  shutdown: NvmlCall;
  errorString: (code: number) => string;
  systemGetDriverVersion: NvmlCall;
  deviceGetCount: NvmlCall;
  deviceGetHandleByIndex: NvmlCall;
  deviceGetName: NvmlCall;
  deviceGetUUID: NvmlCall;
  deviceGetSerial: NvmlCall;
  deviceGetPciInfo: NvmlCall;
  deviceGetMemoryInfo: NvmlCall;
  deviceGetUtilizationRates: NvmlCall;
  deviceGetMigMode: NvmlCall;
  deviceGetMaxMigDeviceCount: NvmlCall;
  deviceGetMigDeviceHandleByIndex: NvmlCall;
}

interface KoffiFunction {
  (...args: unknown[]): unknown;
  async: (...args: unknown[]) => void;
}

type Handle = bigint | null;

function cString(buffer: Buffer): string {
  const end = buffer.indexOf(0);
  return buffer.subarray(0, end === -1 ? buffer.length : end).toString('utf8');
}

/** The defaults of NvmlInventoryOptions. */
export const nvmlInventoryDefaults = Object.freeze({
  libraryPath: 'libnvidia-ml.so.1',
  callTimeoutMs: 5_000,
});

/** The inventory as NVML reports it; MIG instances with their exact memory. */
export class NvmlInventory implements InventoryProvider {
  private readonly libraryPath: string;
  private readonly callTimeoutMs: number;
  private api: NvmlApi | undefined;
  private initialized = false;
  /** Set when a call hung: NVML is not touched again in this process. */
  private broken: string | undefined;

  constructor(options: NvmlInventoryOptions = {}) {
    this.libraryPath = options.libraryPath ?? nvmlInventoryDefaults.libraryPath;
    this.callTimeoutMs = options.callTimeoutMs ?? nvmlInventoryDefaults.callTimeoutMs;
  }

  async collect(): Promise<Inventory> {
    if (this.broken !== undefined) throw new NvmlError(this.broken);
    const api = await this.load();
    if (!this.initialized) {
      await this.check(api, 'nvmlInit_v2', await this.call(api.init, 'nvmlInit_v2'));
      this.initialized = true;
    }
    const warnings: string[] = [];
    let driverVersion: string | undefined;
    const driverBuffer = Buffer.alloc(driverBufferBytes);
    if (
      (await this.call(
        api.systemGetDriverVersion,
        'nvmlSystemGetDriverVersion',
        driverBuffer,
        driverBufferBytes,
      )) === NVML_SUCCESS
    ) {
      driverVersion = cString(driverBuffer);
    }

    const count = [0];
    await this.check(
      api,
      'nvmlDeviceGetCount_v2',
      await this.call(api.deviceGetCount, 'nvmlDeviceGetCount_v2', count),
    );
    const gpus: GpuDevice[] = [];
    for (let index = 0; index < (count[0] ?? 0); index++) {
      const handle: Handle[] = [null];
      await this.check(
        api,
        `nvmlDeviceGetHandleByIndex_v2(${index})`,
        await this.call(api.deviceGetHandleByIndex, 'nvmlDeviceGetHandleByIndex_v2', index, handle),
      );
      const device = handle[0] ?? null;
      const name = await this.readString(
        api,
        api.deviceGetName,
        'nvmlDeviceGetName',
        device,
        nameBufferBytes,
      );
      const uuid = await this.readString(
        api,
        api.deviceGetUUID,
        'nvmlDeviceGetUUID',
        device,
        uuidBufferBytes,
      );
      const serial = await this.readOptionalString(
        api,
        api.deviceGetSerial,
        'nvmlDeviceGetSerial',
        device,
        serialBufferBytes,
      );
      const pci: { pciDeviceId?: number }[] = [{}];
      await this.check(
        api,
        `nvmlDeviceGetPciInfo_v3(GPU ${index})`,
        await this.call(api.deviceGetPciInfo, 'nvmlDeviceGetPciInfo_v3', device, pci),
      );
      const memory = await this.memory(api, device, `GPU ${index}`);
      const mig = await this.migMode(api, device, index);
      const utilization = await this.utilization(api, device, index);
      const parent: GpuDevice = {
        uuid,
        index,
        name,
        pci_device_id: `0x${((pci[0]?.pciDeviceId ?? 0) >>> 0).toString(16).toUpperCase().padStart(8, '0')}`,
        memory_total_bytes: memory?.total ?? 0,
        parent_uuid: '',
        mig_profile: '',
        serial: serial ?? '',
        mig_enabled: mig,
        ...(utilization !== undefined ? { utilization } : {}),
        ...(memory !== undefined ? { memory_used_bytes: memory.used } : {}),
      };
      gpus.push(parent);
      if (mig) gpus.push(...(await this.migDevices(api, device, parent, warnings)));
    }
    return {
      gpus: orderDevices(gpus),
      via: 'nvml',
      ...(driverVersion !== undefined ? { driver_version: driverVersion } : {}),
      warnings,
    };
  }

  async close(): Promise<void> {
    if (this.api !== undefined && this.initialized && this.broken === undefined) {
      this.initialized = false;
      await this.call(this.api.shutdown, 'nvmlShutdown').catch(() => undefined);
    }
  }

  private async migDevices(
    api: NvmlApi,
    device: Handle,
    parent: GpuDevice,
    warnings: string[],
  ): Promise<GpuDevice[]> {
    const max = [0];
    const rc = await this.call(api.deviceGetMaxMigDeviceCount, 'nvmlDeviceGetMaxMigDeviceCount', device, max);
    if (rc !== NVML_SUCCESS) {
      warnings.push(
        `GPU ${parent.index}: nvmlDeviceGetMaxMigDeviceCount: ${api.errorString(rc)}; MIG instances unknown`,
      );
      return [];
    }
    const out: GpuDevice[] = [];
    for (let slot = 0; slot < (max[0] ?? 0); slot++) {
      const handle: Handle[] = [null];
      const found = await this.call(
        api.deviceGetMigDeviceHandleByIndex,
        'nvmlDeviceGetMigDeviceHandleByIndex',
        device,
        slot,
        handle,
      );
      if (found === NVML_ERROR_NOT_FOUND) continue; // an empty slot
      await this.check(api, `nvmlDeviceGetMigDeviceHandleByIndex(GPU ${parent.index}, ${slot})`, found);
      const mig = handle[0] ?? null;
      const name = await this.readString(api, api.deviceGetName, 'nvmlDeviceGetName', mig, nameBufferBytes);
      const uuid = await this.readString(api, api.deviceGetUUID, 'nvmlDeviceGetUUID', mig, uuidBufferBytes);
      const memory = await this.memory(api, mig, `MIG ${uuid}`);
      // NVML names a MIG device "<parent name> MIG <profile>".
      const profile = /\bMIG (\S+)\s*$/.exec(name)?.[1] ?? '';
      out.push({
        uuid,
        index: parent.index,
        name,
        pci_device_id: parent.pci_device_id,
        memory_total_bytes: memory?.total ?? 0,
        parent_uuid: parent.uuid,
        mig_profile: profile,
        serial: parent.serial,
        mig_index: out.length,
        mig_enabled: false,
        ...(memory !== undefined ? { memory_used_bytes: memory.used } : {}),
      });
    }
    return out;
  }

  private async memory(
    api: NvmlApi,
    device: Handle,
    what: string,
  ): Promise<{ total: number; used: number } | undefined> {
    const out: { total?: bigint | number; used?: bigint | number }[] = [{}];
    const rc = await this.call(api.deviceGetMemoryInfo, 'nvmlDeviceGetMemoryInfo', device, out);
    if (rc === NVML_ERROR_NOT_SUPPORTED) return undefined;
    await this.check(api, `nvmlDeviceGetMemoryInfo(${what})`, rc);
    return { total: Number(out[0]?.total ?? 0), used: Number(out[0]?.used ?? 0) };
  }

  private async migMode(api: NvmlApi, device: Handle, index: number): Promise<boolean> {
    const current = [0];
    const pending = [0];
    const rc = await this.call(api.deviceGetMigMode, 'nvmlDeviceGetMigMode', device, current, pending);
    if (rc === NVML_ERROR_NOT_SUPPORTED) return false; // a GPU without MIG
    await this.check(api, `nvmlDeviceGetMigMode(GPU ${index})`, rc);
    return current[0] === 1; // NVML_DEVICE_MIG_ENABLE
  }

  private async utilization(api: NvmlApi, device: Handle, index: number): Promise<number | undefined> {
    const out: { gpu?: number }[] = [{}];
    const rc = await this.call(api.deviceGetUtilizationRates, 'nvmlDeviceGetUtilizationRates', device, out);
    // Not supported on MIG-enabled GPUs and some boards: the evidence is then simply absent.
    if (rc === NVML_ERROR_NOT_SUPPORTED) return undefined;
    await this.check(api, `nvmlDeviceGetUtilizationRates(GPU ${index})`, rc);
    return (out[0]?.gpu ?? 0) / 100;
  }

  private async readString(
    api: NvmlApi,
    fn: NvmlCall,
    name: string,
    device: Handle,
    size: number,
  ): Promise<string> {
    const buffer = Buffer.alloc(size);
    await this.check(api, name, await this.call(fn, name, device, buffer, size));
    return cString(buffer);
  }

  private async readOptionalString(
    api: NvmlApi,
    fn: NvmlCall,
    name: string,
    device: Handle,
    size: number,
  ): Promise<string | undefined> {
    const buffer = Buffer.alloc(size);
    const rc = await this.call(fn, name, device, buffer, size);
    if (rc === NVML_ERROR_NOT_SUPPORTED) return undefined;
    await this.check(api, name, rc);
    return cString(buffer);
  }

  private check(api: NvmlApi, what: string, rc: number): Promise<void> {
    if (rc === NVML_SUCCESS) return Promise.resolve();
    return Promise.reject(new NvmlError(`${what} failed: ${api.errorString(rc)} (nvmlReturn_t ${rc})`));
  }

  /** Runs one NVML call on a worker thread under the deadline. */
  private async call(fn: NvmlCall, name: string, ...args: unknown[]): Promise<number> {
    const work = fn(...args);
    let rc: number | typeof timedOut;
    try {
      rc = await beforeDeadline(work, this.callTimeoutMs);
    } catch (err: unknown) {
      throw new NvmlError(`${name}: ${errorMessage(err)}`, { cause: err });
    }
    if (rc === timedOut) {
      this.broken = `${name} did not return within ${this.callTimeoutMs} ms; NVML is not used again until the agent restarts`;
      throw new NvmlError(this.broken);
    }
    return rc;
  }

  private async load(): Promise<NvmlApi> {
    if (this.api !== undefined) return this.api;
    let koffi: typeof KoffiModule;
    try {
      koffi = await import('koffi');
    } catch (err: unknown) {
      throw new NvmlError(`the koffi FFI module could not be loaded: ${errorMessage(err)}`, { cause: err });
    }
    let lib: ReturnType<typeof koffi.load>;
    try {
      lib = koffi.load(this.libraryPath);
    } catch (err: unknown) {
      throw new NvmlError(
        `NVML library ${JSON.stringify(this.libraryPath)} could not be loaded: ${errorMessage(err)}`,
        {
          cause: err,
        },
      );
    }
    try {
      // Types are registered once per process; a second NvmlInventory reuses them.
      const device =
        lookupType(koffi, 'gpuwatch_nvmlDevice_t') ?? koffi.pointer('gpuwatch_nvmlDevice_t', koffi.opaque());
      const pciInfo =
        lookupType(koffi, 'gpuwatch_nvmlPciInfo_t') ??
        koffi.struct('gpuwatch_nvmlPciInfo_t', {
          busIdLegacy: koffi.array('char', 16),
          domain: 'unsigned int',
          bus: 'unsigned int',
          device: 'unsigned int',
          pciDeviceId: 'unsigned int',
          pciSubSystemId: 'unsigned int',
          busId: koffi.array('char', 32),
        });
      const memory =
        lookupType(koffi, 'gpuwatch_nvmlMemory_t') ??
        koffi.struct('gpuwatch_nvmlMemory_t', {
          total: 'unsigned long long',
          free: 'unsigned long long',
          used: 'unsigned long long',
        });
      const utilization =
        lookupType(koffi, 'gpuwatch_nvmlUtilization_t') ??
        koffi.struct('gpuwatch_nvmlUtilization_t', { gpu: 'unsigned int', memory: 'unsigned int' });
      const out = (t: TypeObject | string): unknown => koffi.out(koffi.pointer(t));
      const u32 = 'unsigned int';
      const func = lib.func.bind(lib) as (name: string, result: string, args: unknown[]) => KoffiFunction;
      const f = (name: string, args: unknown[]): NvmlCall => {
        const fn = func(name, 'int', args);
        return (...callArgs: unknown[]) =>
          new Promise<number>((resolve, reject) => {
            fn.async(...callArgs, (err: unknown, rc: unknown) => {
              if (err !== null && err !== undefined)
                reject(err instanceof Error ? err : new Error(errorMessage(err)));
              else resolve(Number(rc));
            });
          });
      };
      const errorString = func('nvmlErrorString', 'const char *', ['int']);
      this.api = {
        init: f('nvmlInit_v2', []),
        shutdown: f('nvmlShutdown', []),
        errorString: (code) => {
          try {
            return String(errorString(code));
          } catch {
            return `NVML error ${code}`;
          }
        },
        systemGetDriverVersion: f('nvmlSystemGetDriverVersion', ['char *', u32]),
        deviceGetCount: f('nvmlDeviceGetCount_v2', [out(u32)]),
        deviceGetHandleByIndex: f('nvmlDeviceGetHandleByIndex_v2', [u32, out(device)]),
        deviceGetName: f('nvmlDeviceGetName', [device, 'char *', u32]),
        deviceGetUUID: f('nvmlDeviceGetUUID', [device, 'char *', u32]),
        deviceGetSerial: f('nvmlDeviceGetSerial', [device, 'char *', u32]),
        deviceGetPciInfo: f('nvmlDeviceGetPciInfo_v3', [device, out(pciInfo)]),
        deviceGetMemoryInfo: f('nvmlDeviceGetMemoryInfo', [device, out(memory)]),
        deviceGetUtilizationRates: f('nvmlDeviceGetUtilizationRates', [device, out(utilization)]),
        deviceGetMigMode: f('nvmlDeviceGetMigMode', [device, out(u32), out(u32)]),
        deviceGetMaxMigDeviceCount: f('nvmlDeviceGetMaxMigDeviceCount', [device, out(u32)]),
        deviceGetMigDeviceHandleByIndex: f('nvmlDeviceGetMigDeviceHandleByIndex', [device, u32, out(device)]),
      };
      return this.api;
    } catch (err: unknown) {
      // A library without one of these symbols is too old (MIG calls arrived with NVML 11).
      throw new NvmlError(
        `NVML library ${JSON.stringify(this.libraryPath)} lacks a needed call: ${errorMessage(err)}`,
        {
          cause: err,
        },
      );
    }
  }
}

function lookupType(koffi: typeof KoffiModule, name: string): TypeObject | undefined {
  try {
    return koffi.type(name);
  } catch {
    return undefined;
  }
}
