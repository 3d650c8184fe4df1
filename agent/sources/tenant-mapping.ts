/**
 * From a scheduler's name for a workload's owner (Kubernetes namespace, Slurm account or user,
 * a container label) to the provider's tenant id.
 *
 * - With neither option, the name is the tenant (`team-a` → `team-a`).
 * - `mapFile`: a JSON object `{"<name>": "<tenant>"}`; re-read when the file changes.
 * - `regex`: a regular expression with one capture group; the group is the tenant
 *   (`^tenant-(.+)$` turns namespace `tenant-acme` into `acme`).
 * - Both: the map first, then the regex.
 * A name that neither maps nor matches has no tenant: the workload is skipped with a warning,
 * never attributed to a guess.
 */
import { statSync, readFileSync } from 'node:fs';
import { ConfigError, errorMessage, quote, type Problem } from '../../common/errors.js';

/** How names map to tenants (see the module comment); neither option: the name is the tenant. */
export interface TenantMappingOptions {
  /** Regular expression with one capture group that extracts the tenant. Default none. */
  readonly regex?: string;
  /** JSON file `{"name": "tenant", …}`. Default none. */
  readonly mapFile?: string;
}

/** A validated name → tenant mapping. */
export class TenantMapping {
  private readonly regex: RegExp | undefined;
  private readonly mapFile: string | undefined;
  private map: ReadonlyMap<string, string> = new Map();
  private mapStamp = '';
  private lastMapError: string | undefined;

  /**
   * Validates the options (a regex that does not compile or has no group, a map file that
   * cannot be read or is not a string-to-string object) and throws a ConfigError naming
   * `what` (e.g. "--kubernetes-tenant-regex").
   */
  constructor(options: TenantMappingOptions, what: { regex: string; mapFile: string }) {
    const problems: Problem[] = [];
    if (options.regex !== undefined) {
      try {
        this.regex = new RegExp(options.regex);
        // Matching the empty alternative yields one slot per capture group.
        if ((new RegExp(`${options.regex}|`).exec('') ?? []).length < 2) {
          problems.push({
            field: what.regex,
            reason: `expected a regular expression with a capture group for the tenant, got ${quote(options.regex)}`,
          });
        }
      } catch (err: unknown) {
        problems.push({ field: what.regex, reason: `${errorMessage(err)}, got ${quote(options.regex)}` });
      }
    }
    this.mapFile = options.mapFile;
    if (this.mapFile !== undefined) {
      const error = this.refresh();
      if (error !== undefined) problems.push({ field: what.mapFile, reason: error });
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }

  /**
   * Re-reads the map file when its modification time or size changed. Returns the problem when
   * the new content is bad (the previous map stays in force), else undefined.
   */
  refresh(): string | undefined {
    if (this.mapFile === undefined) return undefined;
    let stamp: string;
    try {
      const st = statSync(this.mapFile);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch (err: unknown) {
      return this.fail(`cannot read tenant map ${quote(this.mapFile)}: ${errorMessage(err)}`);
    }
    if (stamp === this.mapStamp) return this.lastMapError;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.mapFile, 'utf8'));
    } catch (err: unknown) {
      return this.fail(`tenant map ${quote(this.mapFile)} is not valid JSON: ${errorMessage(err)}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return this.fail(`tenant map ${quote(this.mapFile)}: expected a JSON object of names to tenant ids`);
    }
    const entries = Object.entries(parsed as Record<string, unknown>);
    const bad = entries.find(([, v]) => typeof v !== 'string' || v === '');
    if (bad !== undefined) {
      return this.fail(
        `tenant map ${quote(this.mapFile)}: ${quote(bad[0])}: expected a non-empty tenant id, got ${quote(bad[1])}`,
      );
    }
    this.map = new Map(entries as [string, string][]);
    this.mapStamp = stamp;
    this.lastMapError = undefined;
    return undefined;
  }

  /** The tenant for a name, or undefined when it has none. */
  tenantFor(name: string): string | undefined {
    if (this.mapFile !== undefined) {
      const mapped = this.map.get(name);
      if (mapped !== undefined) return mapped;
      if (this.regex === undefined) return undefined;
    }
    if (this.regex === undefined) return name === '' ? undefined : name;
    const m = this.regex.exec(name);
    const tenant = m?.slice(1).find((g) => g !== undefined && g !== '');
    return tenant;
  }

  private fail(message: string): string {
    this.lastMapError = message;
    return message;
  }
}
