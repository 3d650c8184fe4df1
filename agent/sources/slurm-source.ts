/**
 * Slurm: the jobs on this node that hold GPUs, and the GPUs each holds.
 *
 * `squeue --noheader --states=RUNNING,SUSPENDED --nodelist=<node> --format=%A|%a|%u|%T|%S|%N`
 * lists the jobs (with SLURM_TIME_FORMAT=%s so the start time is Unix seconds, not local time; a
 * suspended job keeps its GPUs and is labelled `slurm_state: SUSPENDED`), and
 * `scontrol show job -d <id>` gives each job's per-node detail line:
 * ```
 *      Nodes=gpu-[01-02] CPU_IDs=0-31 Mem=256000 GRES=gpu:h100:4(IDX:0-3)
 * ```
 * The IDX list on the line whose node list includes this node is the job's GPUs here. Slurm
 * numbers GPUs the way nvidia-smi does (PCI bus order) when gres.conf uses AutoDetect=nvml or
 * lists the devices in that order, which is the agent's assumption.
 *
 * - Arrays and heterogeneous jobs: every task and component has its own JobId, listed by squeue
 *   and attributed on its own. Asked for an array's base id (the task that runs under it) or a
 *   heterogeneous leader, scontrol prints every task or component: only the record whose
 *   `JobId=` is the id asked for counts.
 * - Shared GPUs (`shard`, `mps` GRES, `GRES=shard:3(IDX:1)`): the job holds the GPU with the
 *   count as its weight; holders of one GPU split its time in proportion (allocation-resolver.ts).
 * - Tenant: the job's account (or user, `--slurm-tenant-from user`), through the tenant mapping.
 *   A job without an account (`(null)`: accounting off, or no `-A`) has no tenant: skipped with a
 *   warning naming the job and the fix, and reported as unattributed (reason `no_tenant`).
 * - Allocation id: the job id; since: the job's start time, which Slurm keeps across suspend,
 *   resume and a controller restart.
 */
import { hostname } from 'node:os';
import { AppError, quote } from '../../common/errors.js';
import type {
  AllocationSource,
  CollectContext,
  GpuRef,
  SourceAllocation,
  SourceResult,
  UnattributedHolding,
} from './allocation.js';
import { firstLine, runCommand } from '../run-command.js';
import type { TenantMapping } from './tenant-mapping.js';

/** Options of the Slurm source. */
export interface SlurmSourceOptions {
  /** squeue executable. Default "squeue" (on PATH). */
  readonly squeuePath?: string;
  /** scontrol executable. Default "scontrol" (on PATH). */
  readonly scontrolPath?: string;
  /** This node's Slurm NodeName. Default: the short host name. */
  readonly nodeName?: string;
  /** Which job field names the tenant. Default "account". */
  readonly tenantFrom?: 'account' | 'user';
  /** Account (or user) → tenant. */
  readonly tenants: TenantMapping;
  /** Deadline per command, in ms. Default 10 000. */
  readonly timeoutMs?: number;
  /** scontrol calls run at once. Default 4. */
  readonly concurrency?: number;
  /** Extra environment for the commands. Default none. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A Slurm command failed (controller down, bad output). */
export class SlurmError extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}

/** Expands a Slurm hostlist: "gpu-[01-03,07],login1" → gpu-01, gpu-02, gpu-03, gpu-07, login1. */
export function expandHostlist(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(expr.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(expr.slice(start));
  return parts.filter((p) => p !== '').flatMap(expandOne);
}

function expandOne(pattern: string): string[] {
  const m = /^([^[]*)\[([^\]]+)\](.*)$/.exec(pattern);
  if (m === null) return [pattern];
  const [, prefix = '', ranges = '', rest = ''] = m;
  const out: string[] = [];
  for (const range of ranges.split(',')) {
    const r = /^(\d+)(?:-(\d+))?$/.exec(range.trim());
    if (r === null) continue;
    const from = r[1] ?? '';
    const to = r[2] ?? from;
    for (let n = Number(from); n <= Number(to); n++) {
      for (const tail of expandOne(rest)) out.push(`${prefix}${String(n).padStart(from.length, '0')}${tail}`);
    }
  }
  return out;
}

/** "0-3,5" → [0, 1, 2, 3, 5]; "N/A" or "" → []. */
export function expandIndexList(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(',')) {
    const r = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (r === null) continue;
    for (let n = Number(r[1]); n <= Number(r[2] ?? r[1]); n++) out.push(n);
  }
  return out;
}

/** GPU-bearing GRES names: whole GPUs, and GPUs shared through sharding or MPS. */
const gpuGres = new Set(['gpu', 'shard', 'mps']);

/** One job's record in `scontrol show job -d` output: its `Key=Value` fields and its lines. */
export interface JobRecord {
  /** `JobId=`: the id of this job, array task or heterogeneous component. */
  readonly jobId: string;
  /** Every `Key=Value` of the record (the first of a repeated key); `Nodes=` detail lines excluded. */
  readonly fields: ReadonlyMap<string, string>;
  /** The record's lines, detail lines included. */
  readonly lines: readonly string[];
}

/**
 * Splits `scontrol show job -d` output into job records. Asked for an array's base id (the task
 * that runs under it) or a heterogeneous job's leader, scontrol prints every task or component:
 * one record each, each starting with its own `JobId=`.
 */
export function parseJobRecords(text: string): JobRecord[] {
  const records: JobRecord[] = [];
  let current: { jobId: string; fields: Map<string, string>; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    const start = /^JobId=(\S+)/.exec(line);
    if (start !== null) {
      current = { jobId: start[1] ?? '', fields: new Map(), lines: [] };
      records.push(current);
    }
    if (current === undefined || line.trim() === '') continue;
    current.lines.push(line);
    if (/^\s*Nodes=/.test(line)) continue;
    // Values never hold spaces except the last field of some lines (Command=, Comment=).
    for (const m of line.matchAll(/(?:^|\s)([A-Za-z_/:]+)=(\S*)/g)) {
      const key = m[1] ?? '';
      if (!current.fields.has(key)) current.fields.set(key, m[2] ?? '');
    }
  }
  return records;
}

/** The GPUs a job holds on one node, from its detail lines. */
export interface JobGpus {
  /**
   * By nvidia-smi index, sorted. A GPU held through shared GRES (shard, mps) carries the count
   * held on it as `weight`: holders of one GPU split its time in proportion.
   */
  readonly gpus: readonly { readonly index: number; readonly weight?: number }[];
  /** The shared GRES it holds GPUs through, when any: "shard" or "mps". */
  readonly sharing: string | undefined;
}

/**
 * The GPUs the job holds on `node`, from the detail lines (`Nodes=… GRES=gpu:h100:2(IDX:0-1)`) of
 * its `scontrol show job -d` record. Shared GRES: Slurm 22.05 prints `shard:3(IDX:1)`, the shards
 * the job holds and the GPU they are on; when the list names several GPUs the count is split
 * evenly over them (Slurm does not print the split). A GPU held whole and shared counts whole.
 */
export function parseJobGpus(record: JobRecord, node: string): JobGpus {
  const whole = new Set<number>();
  const shares = new Map<number, number>();
  let sharing: string | undefined;
  for (const line of record.lines) {
    const m = /^\s*Nodes=(\S+)\s.*?\bGRES(?:_IDX)?=(\S*)/.exec(line);
    if (m === null || !expandHostlist(m[1] ?? '').includes(node)) continue;
    // Split "gpu:h100:2(IDX:0-1),shard:2(IDX:3)" at commas outside parentheses.
    for (const token of (m[2] ?? '').match(/[^,(]+(?:\([^)]*\))?/g) ?? []) {
      const g = /^([^:(]+)(?::([^(]*))?\(IDX:([^)]*)\)$/.exec(token);
      const name = g?.[1] ?? '';
      if (g === null || !gpuGres.has(name)) continue;
      const indices = expandIndexList(g[3] ?? '');
      if (name === 'gpu') {
        for (const i of indices) whole.add(i);
        continue;
      }
      sharing ??= name;
      // "shard:3", "shard:h100:3": the count is the last number.
      const count = Number(/(\d+)$/.exec(g[2] ?? '')?.[1] ?? '1') || 1;
      for (const i of indices) shares.set(i, (shares.get(i) ?? 0) + count / indices.length);
    }
  }
  const gpus = [...new Set([...whole, ...shares.keys()])]
    .sort((a, b) => a - b)
    .map((index) => {
      const weight = shares.get(index);
      return whole.has(index) || weight === undefined ? { index } : { index, weight };
    });
  return { gpus, sharing: gpus.some((g) => g.weight !== undefined) ? sharing : undefined };
}

interface SqueueJob {
  readonly jobId: string;
  /** The account; "" when the job has none (squeue prints "(null)"). */
  readonly account: string;
  readonly user: string;
  /** RUNNING or SUSPENDED (a suspended job keeps its GPUs). */
  readonly state: string;
  readonly startMs: number | undefined;
}

const squeueFormat = '%A|%a|%u|%T|%S|%N';

/** Job states in which a job holds its GPUs: a suspended job keeps them (scontrol suspend). */
const holdingStates = ['RUNNING', 'SUSPENDED'];

/** Rows of `squeue --format=%A|%a|%u|%T|%S|%N`, RUNNING and SUSPENDED ones only. */
export function parseSqueue(text: string): { jobs: SqueueJob[]; problems: string[] } {
  const jobs: SqueueJob[] = [];
  const problems: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const cells = line.split('|').map((c) => c.trim());
    const [jobId = '', account = '', user = '', state = '', start = ''] = cells;
    if (cells.length !== 6 || !/^\d+$/.test(jobId)) {
      problems.push(`squeue line ${quote(line)}: expected "${squeueFormat}" with a numeric job id`);
      continue;
    }
    if (!holdingStates.includes(state)) continue;
    // %s time format gives Unix seconds; without it, Slurm prints the host's local time.
    const startMs = /^\d+$/.test(start) ? Number(start) * 1000 : Date.parse(start);
    jobs.push({
      jobId,
      // Without accounting, or for a job submitted without -A, squeue prints "(null)".
      account: account === '(null)' ? '' : account,
      user,
      state,
      startMs: Number.isFinite(startMs) ? startMs : undefined,
    });
  }
  return { jobs, problems };
}

/** Numeric job ids in numeric order ("9" before "10"). */
function compareJobIds(a: string, b: string): number {
  return Number(a) - Number(b) || a.localeCompare(b);
}

/** The defaults of SlurmSourceOptions (the node name defaults to the short host name). */
export const slurmSourceDefaults = Object.freeze({
  squeuePath: 'squeue',
  scontrolPath: 'scontrol',
  tenantFrom: 'account',
  timeoutMs: 10_000,
  concurrency: 4,
});

/** The Slurm tenant source. */
export class SlurmSource implements AllocationSource {
  readonly name = 'slurm' as const;
  private readonly squeue: string;
  private readonly scontrol: string;
  private readonly node: string;
  private readonly tenantFrom: 'account' | 'user';
  private readonly tenants: TenantMapping;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly env: Record<string, string>;

  constructor(options: SlurmSourceOptions) {
    this.squeue = options.squeuePath ?? slurmSourceDefaults.squeuePath;
    this.scontrol = options.scontrolPath ?? slurmSourceDefaults.scontrolPath;
    this.node = options.nodeName ?? hostname().split('.')[0] ?? '';
    this.tenantFrom = options.tenantFrom ?? slurmSourceDefaults.tenantFrom;
    this.tenants = options.tenants;
    this.timeoutMs = options.timeoutMs ?? slurmSourceDefaults.timeoutMs;
    this.concurrency = Math.max(1, options.concurrency ?? slurmSourceDefaults.concurrency);
    this.env = { ...options.env, SLURM_TIME_FORMAT: '%s' };
  }

  async collect(context: CollectContext): Promise<SourceResult> {
    const warnings: string[] = [];
    const mapProblem = this.tenants.refresh();
    if (mapProblem !== undefined) warnings.push(`${mapProblem}; the previous map stays in force`);
    const listed = await this.run(
      this.squeue,
      [
        '--noheader',
        `--states=${holdingStates.join(',')}`,
        `--nodelist=${this.node}`,
        `--format=${squeueFormat}`,
      ],
      context.signal,
    );
    const { jobs, problems } = parseSqueue(listed);
    warnings.push(...problems);

    const allocations: SourceAllocation[] = [];
    const unattributed: UnattributedHolding[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++];
        if (job === undefined) break;
        let detail: string;
        try {
          detail = await this.run(this.scontrol, ['show', 'job', '-d', job.jobId], context.signal);
        } catch (err: unknown) {
          // The job ended between squeue and scontrol; anything else (controller down) fails
          // the whole collection so the cycle keeps the previous view instead of a partial one.
          if (err instanceof SlurmError && /Invalid job id/i.test(err.message)) continue;
          throw err;
        }
        // For an array's base id (or a heterogeneous leader) scontrol prints every task (or
        // component); each runs, and is listed by squeue, under its own JobId.
        const record = parseJobRecords(detail).find((r) => r.jobId === job.jobId);
        if (record === undefined) {
          warnings.push(
            `scontrol show job -d ${job.jobId} printed no record with JobId=${job.jobId}; skipped`,
          );
          continue;
        }
        const { gpus: held, sharing } = parseJobGpus(record, this.node);
        if (held.length === 0) continue;
        const gpus = held.map((g): GpuRef => g);
        const tenant = this.tenantOf(job, gpus, warnings);
        if (tenant === undefined) {
          unattributed.push({
            allocation_id: job.jobId,
            gpus,
            ...(job.startMs !== undefined ? { since_unix_ms: job.startMs } : {}),
          });
          continue;
        }
        const field = (key: string): Record<string, string> => {
          const value = record.fields.get(key);
          return value === undefined || value === '' || value === '(null)' ? {} : { [key]: value };
        };
        const arrayJob = field('ArrayJobId').ArrayJobId;
        const arrayTask = field('ArrayTaskId').ArrayTaskId;
        const hetJob = field('HetJobId').HetJobId;
        const hetOffset = field('HetJobOffset').HetJobOffset;
        allocations.push({
          tenant_id: tenant,
          allocation_id: job.jobId,
          gpus,
          source: 'slurm',
          workload_fingerprint: '',
          labels: {
            slurm_job_id: job.jobId,
            ...(job.account !== '' ? { slurm_account: job.account } : {}),
            slurm_user: job.user,
            slurm_state: job.state,
            ...(arrayJob !== undefined ? { slurm_array_job_id: arrayJob } : {}),
            ...(arrayTask !== undefined ? { slurm_array_task_id: arrayTask } : {}),
            ...(hetJob !== undefined ? { slurm_het_job_id: hetJob } : {}),
            ...(hetOffset !== undefined ? { slurm_het_job_offset: hetOffset } : {}),
            ...(sharing !== undefined ? { gpu_sharing: `slurm-${sharing}` } : {}),
          },
          ...(job.startMs !== undefined ? { since_unix_ms: job.startMs } : {}),
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, jobs.length) }, worker));
    allocations.sort((a, b) => compareJobIds(a.allocation_id, b.allocation_id));
    unattributed.sort((a, b) => compareJobIds(a.allocation_id, b.allocation_id));
    return { allocations, warnings, unattributed };
  }

  /**
   * The job's tenant, or undefined with a warning naming the job and the fix. A job without an
   * account has no tenant: never "(null)", which would merge every such user into one tenant.
   */
  private tenantOf(job: SqueueJob, gpus: readonly GpuRef[], warnings: string[]): string | undefined {
    const indexes = gpus.map((g) => ('index' in g ? g.index : '?')).join(',');
    const skipped = `not attributed (its GPU time is counted as unattributed, reason no_tenant)`;
    const owner = this.tenantFrom === 'account' ? job.account : job.user;
    if (owner === '') {
      warnings.push(
        `Slurm job ${job.jobId} (user ${quote(job.user)}) holds GPUs ${indexes} but has no account (squeue prints "(null)": accounting off or no -A); ${skipped}; name tenants by user with --slurm-tenant-from user, optionally through --slurm-tenant-map`,
      );
      return undefined;
    }
    const tenant = this.tenants.tenantFor(owner);
    if (tenant === undefined) {
      warnings.push(
        `Slurm job ${job.jobId} holds GPUs ${indexes} but ${this.tenantFrom} ${quote(owner)} maps to no tenant; ${skipped}; add it to the --slurm-tenant-map file`,
      );
    }
    return tenant;
  }

  private async run(path: string, args: string[], signal: AbortSignal): Promise<string> {
    const result = await runCommand(path, args, { timeoutMs: this.timeoutMs, signal, env: this.env });
    if (result.exitCode !== 0) {
      const name = path.split('/').pop() ?? path;
      throw new SlurmError(
        `${name} ${args.join(' ')} failed (exit ${result.exitCode ?? 'on a signal'}): ${firstLine(result.stderr) || firstLine(result.stdout) || 'no output'}`,
      );
    }
    return result.stdout;
  }
}
