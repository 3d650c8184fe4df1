/**
 * Slurm: running jobs on this node and the GPUs each holds.
 *
 * `squeue --noheader --states=RUNNING --nodelist=<node> --format=%A|%a|%u|%T|%S|%N` lists the
 * jobs (with SLURM_TIME_FORMAT=%s so the start time is Unix seconds, not local time), and
 * `scontrol show job -d <id>` gives each job's per-node detail line:
 * ```
 *      Nodes=gpu-[01-02] CPU_IDs=0-31 Mem=256000 GRES=gpu:h100:4(IDX:0-3)
 * ```
 * The IDX list on the line whose node list includes this node is the job's GPUs here. Slurm
 * numbers GPUs the way nvidia-smi does (PCI bus order) when gres.conf uses AutoDetect=nvml or
 * lists the devices in that order, which is the agent's assumption. `shard` and `mps` GRES are
 * shared GPUs: the job holds the GPU, shared. Tenant: the job's account (or user), through the
 * tenant mapping. Allocation id: the job id (an array task has its own).
 */
import { hostname } from 'node:os';
import { AppError, quote } from '../../common/errors.js';
import type {
  AllocationSource,
  CollectContext,
  GpuRef,
  SourceAllocation,
  SourceResult,
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

/**
 * The GPU indices a job holds on `node`, from `scontrol show job -d` text, and whether any
 * come through shared GRES (shard, mps).
 */
export function parseJobGpus(text: string, node: string): { indices: number[]; shared: boolean } {
  const indices = new Set<number>();
  let shared = false;
  for (const line of text.split('\n')) {
    const m = /^\s*Nodes=(\S+)\s.*?\bGRES(?:_IDX)?=(\S*)/.exec(line);
    if (m === null || !expandHostlist(m[1] ?? '').includes(node)) continue;
    // Split "gpu:h100:2(IDX:0-1),shard:2(IDX:3)" at commas outside parentheses.
    for (const token of (m[2] ?? '').match(/[^,(]+(?:\([^)]*\))?/g) ?? []) {
      const g = /^([^:(]+)(?::[^(]*)?\(IDX:([^)]*)\)$/.exec(token);
      const name = g?.[1] ?? '';
      if (g === null || !gpuGres.has(name)) continue;
      for (const i of expandIndexList(g[2] ?? '')) indices.add(i);
      if (name !== 'gpu') shared = true;
    }
  }
  return { indices: [...indices].sort((a, b) => a - b), shared };
}

interface SqueueJob {
  readonly jobId: string;
  readonly account: string;
  readonly user: string;
  readonly startMs: number | undefined;
}

const squeueFormat = '%A|%a|%u|%T|%S|%N';

/** Rows of `squeue --format=%A|%a|%u|%T|%S|%N`, RUNNING ones only. */
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
    if (state !== 'RUNNING') continue;
    // %s time format gives Unix seconds; without it, Slurm prints the host's local time.
    const startMs = /^\d+$/.test(start) ? Number(start) * 1000 : Date.parse(start);
    jobs.push({ jobId, account, user, startMs: Number.isFinite(startMs) ? startMs : undefined });
  }
  return { jobs, problems };
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
      ['--noheader', '--states=RUNNING', `--nodelist=${this.node}`, `--format=${squeueFormat}`],
      context.signal,
    );
    const { jobs, problems } = parseSqueue(listed);
    warnings.push(...problems);

    const allocations: SourceAllocation[] = [];
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
        const { indices, shared } = parseJobGpus(detail, this.node);
        if (indices.length === 0) continue;
        const owner = this.tenantFrom === 'account' ? job.account : job.user;
        const tenant = this.tenants.tenantFor(owner);
        if (tenant === undefined) {
          warnings.push(
            `Slurm job ${job.jobId} holds GPUs but ${this.tenantFrom} ${quote(owner)} maps to no tenant; skipped`,
          );
          continue;
        }
        allocations.push({
          tenant_id: tenant,
          allocation_id: job.jobId,
          gpus: indices.map((index): GpuRef => ({ index })),
          source: 'slurm',
          workload_fingerprint: '',
          labels: {
            slurm_job_id: job.jobId,
            slurm_account: job.account,
            slurm_user: job.user,
            ...(shared ? { gpu_sharing: 'slurm-shard-or-mps' } : {}),
          },
          ...(job.startMs !== undefined ? { since_unix_ms: job.startMs } : {}),
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, jobs.length) }, worker));
    allocations.sort((a, b) => a.allocation_id.localeCompare(b.allocation_id));
    return { allocations, warnings };
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
