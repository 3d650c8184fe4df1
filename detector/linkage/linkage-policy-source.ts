/**
 * The linkage weights the analyst commands (`gpuwatch tenants explain`, `gpuwatch report`) link
 * tenants with: the policy file's linkage section, as the detector reads it, or the built-in
 * defaults when there is no policy file. Shared by the programs that explain or report clusters.
 */
import { existsSync } from 'node:fs';
import { ConfigError } from '../../common/errors.js';
import { defaultPolicyPath, loadPolicy } from '../policy.js';
import { linkageDefaults, type LinkageOptions } from './linkage-options.js';

/** The linkage weights in force and where they came from. */
export interface LinkagePolicySource {
  /** The file read, or "built-in defaults". */
  readonly source: string;
  /** The policy's `version` ("built-in" for the defaults). */
  readonly version: string;
  readonly linkage: LinkageOptions;
}

/**
 * The policy's linkage section: from `path` when given (a missing or invalid file is a
 * ConfigError), else from deploy/policy.yaml when it exists here, else the built-in defaults (the
 * same numbers deploy/policy.yaml ships). The source is printed with every answer, so a reader
 * knows which weights made the links.
 */
export function loadLinkagePolicy(path: string | undefined): LinkagePolicySource {
  // Every caller takes `path` from its --policy flag: name it, with exit code 78 (ConfigError).
  if (path !== undefined && !existsSync(path)) {
    throw new ConfigError([
      { field: '--policy', reason: `expected a policy file, got ${JSON.stringify(path)} (no such file)` },
    ]);
  }
  const file = path ?? (existsSync(defaultPolicyPath) ? defaultPolicyPath : undefined);
  if (file === undefined)
    return { source: 'built-in defaults', version: 'built-in', linkage: linkageDefaults };
  const policy = loadPolicy(file);
  return { source: file, version: policy.version, linkage: policy.linkage };
}
