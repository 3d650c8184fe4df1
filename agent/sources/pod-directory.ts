/**
 * Pod identities on this node from the kubelet's pod log directory, `/var/log/pods`, where the
 * kubelet makes one directory per pod named `<namespace>_<pod name>_<pod UID>`. The
 * PodResources API names pods without their UID, and cgroup paths carry the UID without a name;
 * this directory joins the two. Namespace and pod names cannot contain "_" (DNS labels and
 * subdomains), so the split is exact.
 *
 * A pod recreated under the same name (a StatefulSet replica) leaves the old directory until
 * the kubelet collects it; the newest directory (by modification time) is the live pod.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, quote } from '../../common/errors.js';

/** A pod as the kubelet names its log directory. */
export interface PodIdentity {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

/** The kubelet's pod log directory. */
export const defaultPodLogDir = '/var/log/pods';

const podDirName =
  /^([^_]+)_([^_]+)_([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** Pod identities from the pod log directory, refreshed by scan(). */
export class PodDirectory {
  readonly dir: string;
  private byUid = new Map<string, PodIdentity>();
  private byName = new Map<string, PodIdentity>();

  constructor(dir: string = defaultPodLogDir) {
    this.dir = dir;
  }

  /**
   * Re-reads the directory. Returns the problem when it cannot be read (the previous view stays,
   * so a pod's allocation id does not flip between UID and name), else undefined.
   */
  scan(): string | undefined {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (err: unknown) {
      return `pod log directory ${quote(this.dir)} cannot be read (${errorMessage(err)}); pod UIDs unknown`;
    }
    const byUid = new Map<string, PodIdentity>();
    const newest = new Map<string, { pod: PodIdentity; mtimeMs: number }>();
    for (const entry of names) {
      const m = podDirName.exec(entry);
      if (m === null) continue;
      const pod = { namespace: m[1] ?? '', name: m[2] ?? '', uid: (m[3] ?? '').toLowerCase() };
      byUid.set(pod.uid, pod);
      let mtimeMs: number;
      try {
        mtimeMs = statSync(join(this.dir, entry)).mtimeMs;
      } catch {
        continue; // removed while we looked
      }
      const key = `${pod.namespace}/${pod.name}`;
      const seen = newest.get(key);
      if (seen === undefined || mtimeMs > seen.mtimeMs) newest.set(key, { pod, mtimeMs });
    }
    this.byUid = byUid;
    this.byName = new Map([...newest].map(([k, v]) => [k, v.pod]));
    return undefined;
  }

  /** The pod with this UID (dashes or the systemd cgroup form with underscores). */
  pod(uid: string): PodIdentity | undefined {
    return this.byUid.get(uid.replace(/_/g, '-').toLowerCase());
  }

  /** The UID of the live pod with this namespace and name. */
  uidOf(namespace: string, name: string): string | undefined {
    return this.byName.get(`${namespace}/${name}`)?.uid;
  }
}
