/**
 * What an operator copies from deploy/ must at least parse and say what it promises: every YAML
 * file loads, the agent DaemonSet runs only on GPU nodes with the mounts it needs, the systemd unit
 * is hardened and keeps its state where the spool goes, and the image runs the CLI as a non-root user.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const deployDir = join(root, 'deploy');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? filesUnder(join(dir, e.name), pattern)
      : pattern.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

/** Every document of a YAML file, failing on any parse error or warning. */
function loadYaml(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0)
      throw new Error(`${relative(root, path)}: ${problems.map((p) => p.message).join('; ')}`);
    return doc.toJS() as unknown;
  });
}

interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}

interface Container {
  name: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
}

interface DaemonSet extends K8sObject {
  spec: {
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: {
        nodeSelector?: Record<string, string>;
        tolerations?: { key?: string; operator?: string }[];
        runtimeClassName?: string;
        containers: Container[];
        volumes: { name: string; hostPath?: { path: string }; secret?: { secretName: string } }[];
      };
    };
  };
}

describe('deploy/', () => {
  it('every YAML file parses', () => {
    const files = filesUnder(deployDir, /\.ya?ml$/);
    expect(files.map((f) => relative(root, f))).toContain('deploy/k8s/agent-daemonset.yaml');
    for (const f of files) for (const doc of loadYaml(f)) expect(doc, relative(root, f)).toBeTypeOf('object');
  });

  describe('agent DaemonSet', () => {
    const docs = loadYaml(join(deployDir, 'k8s/agent-daemonset.yaml')) as K8sObject[];
    const ds = docs.find((d) => d.kind === 'DaemonSet') as DaemonSet;
    const pod = ds.spec.template.spec;
    const agent = pod.containers.find((c) => c.name === 'agent');
    if (agent === undefined) throw new Error('no agent container');
    const env = Object.fromEntries((agent.env ?? []).map((e) => [e.name, e]));

    it('lives in the gpuwatch namespace, with the namespace defined', () => {
      expect(docs.map((d) => d.kind)).toEqual(['Namespace', 'ServiceAccount', 'ConfigMap', 'DaemonSet']);
      for (const d of docs.slice(1)) expect(d.metadata.namespace).toBe('gpuwatch');
    });

    it('runs on GPU nodes only, tolerating their taints, through the NVIDIA runtime', () => {
      expect(pod.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
      expect(pod.tolerations?.some((t) => t.key === 'nvidia.com/gpu' && t.operator === 'Exists')).toBe(true);
      expect(pod.runtimeClassName).toBe('nvidia');
      expect(env.NVIDIA_VISIBLE_DEVICES?.value).toBe('all');
      expect(env.NVIDIA_DRIVER_CAPABILITIES?.value).toBe('utility');
      // Monitoring all GPUs must not take one from the scheduler.
      expect(JSON.stringify(agent.resources)).not.toContain('nvidia.com/gpu');
    });

    it('mounts PodResources and pod logs read-only and the spool from the host', () => {
      const mounts = Object.fromEntries((agent.volumeMounts ?? []).map((m) => [m.mountPath, m]));
      const hostPaths = Object.fromEntries(pod.volumes.map((v) => [v.name, v.hostPath?.path]));
      const at = (path: string) => {
        const m = mounts[path];
        if (m === undefined) throw new Error(`nothing mounted at ${path}`);
        return { readOnly: m.readOnly === true, hostPath: hostPaths[m.name] };
      };
      expect(at('/var/lib/kubelet/pod-resources')).toEqual({
        readOnly: true,
        hostPath: '/var/lib/kubelet/pod-resources',
      });
      expect(at('/var/log/pods')).toEqual({ readOnly: true, hostPath: '/var/log/pods' });
      expect(at('/var/lib/gpuwatch')).toEqual({ readOnly: false, hostPath: '/var/lib/gpuwatch' });
      expect(env.GPUWATCH_SPOOL_DIR?.value).toMatch(/^\/var\/lib\/gpuwatch\//);
      expect(env.GPUWATCH_KUBELET_SOCKET?.value).toBe('/var/lib/kubelet/pod-resources/kubelet.sock');
    });

    it('takes the agent id from the node name and the token from a Secret file', () => {
      expect(env.NODE_NAME?.valueFrom?.fieldRef?.fieldPath).toBe('spec.nodeName');
      expect(env.GPUWATCH_AGENT_ID?.value).toBe('$(NODE_NAME)');
      const tokens = pod.volumes.find((v) => v.secret !== undefined);
      const mount = agent.volumeMounts?.find((m) => m.name === tokens?.name);
      expect(mount?.readOnly).toBe(true);
      expect(env.GPUWATCH_TOKEN_FILE?.value).toBe(`${mount?.mountPath}/$(NODE_NAME)`);
      // No secret in the environment itself.
      expect(Object.keys(env).filter((k) => /TOKEN$|SECRET|PASSWORD/.test(k))).toEqual([]);
    });

    it('is small, locked down, probed on /healthz and /readyz and scraped on /metrics', () => {
      expect(agent.resources).toEqual({
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { memory: '128Mi' },
      });
      expect(agent.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(agent.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(agent.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(env.GPUWATCH_METRICS_LISTEN?.value).toBe('0.0.0.0:9465');
      expect(ds.spec.template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9465',
      });
      expect(agent.args).toEqual(['agent']);
    });

    it('ships an agent config the agent accepts: every key an option, every value valid', async () => {
      const { agentOptionSpecs } = await import('../../agent/main.js');
      const { loadConfig } = await import('../../common/config.js');
      const cm = docs.find((d) => d.kind === 'ConfigMap') as K8sObject & { data: Record<string, string> };
      const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-deploy-'));
      try {
        const file = join(dir, 'agent.yaml');
        writeFileSync(file, cm.data['agent.yaml'] ?? '');
        const { config, sources } = loadConfig(agentOptionSpecs, ['--config', file], {});
        expect(config.collector).toBe('gpuwatch-collector.gpuwatch.svc:4317');
        expect(config.kubernetesTenantRegex).toBe('^tenant-(.+)$');
        expect(sources.interval).toBe('file');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('systemd unit', () => {
    const text = readFileSync(join(deployDir, 'systemd/gpuwatch-agent.service'), 'utf8');
    const settings = new Map<string, string[]>();
    for (const line of text.split('\n')) {
      const m = /^([A-Za-z]+)=(.*)$/.exec(line);
      if (m === null) continue;
      settings.set(m[1] ?? '', [...(settings.get(m[1] ?? '') ?? []), m[2] ?? '']);
    }
    const one = (key: string) => settings.get(key)?.at(-1);

    it.each([
      ['User', 'gpuwatch'],
      ['DynamicUser', 'no'],
      ['StateDirectory', 'gpuwatch'],
      ['ReadWritePaths', '/var/lib/gpuwatch'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['NoNewPrivileges', 'yes'],
      ['CapabilityBoundingSet', ''],
      ['Restart', 'always'],
      ['EnvironmentFile', '/etc/gpuwatch/agent.env'],
      ['LoadCredential', 'token:/etc/gpuwatch/agent-token'],
      ['ExecReload', '/bin/kill -HUP $MAINPID'],
    ])('%s=%s', (key, value) => {
      expect(one(key)).toBe(value);
    });

    it('keeps the spool in the state directory and reads the token from the credential', () => {
      expect(settings.get('Environment')).toEqual(
        expect.arrayContaining([
          'GPUWATCH_SPOOL_DIR=/var/lib/gpuwatch/spool',
          'GPUWATCH_TOKEN_FILE=%d/token',
        ]),
      );
      expect(one('RestartSec')).toMatch(/^\d+s$/);
      expect(one('ExecStart')).toMatch(/dist\/cli\/main\.js agent$/);
    });

    it('documents every setting of its EnvironmentFile example as a gpuwatch agent option', async () => {
      const { agentOptionSpecs } = await import('../../agent/main.js');
      const { envName } = await import('../../common/config.js');
      const known = new Set([...Object.keys(agentOptionSpecs).map(envName), 'GPUWATCH_CONFIG']);
      const example = readFileSync(join(deployDir, 'systemd/agent.env.example'), 'utf8');
      const names = [...example.matchAll(/^#?(GPUWATCH_[A-Z_]+)=/gm)].map((m) => m[1] ?? '');
      expect(names.length).toBeGreaterThan(10);
      expect(names.filter((n) => !known.has(n))).toEqual([]);
    });

    it('passes systemd-analyze verify', () => {
      // verify also checks that ExecStart's program exists: the unit as shipped, with its
      // /usr/bin/node spelled as the node running this test, so that it holds on any machine.
      const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-unit-'));
      try {
        const unit = join(dir, 'gpuwatch-agent.service');
        const shipped = readFileSync(join(deployDir, 'systemd/gpuwatch-agent.service'), 'utf8');
        expect(shipped).toMatch(/^ExecStart=\/usr\/bin\/node /m);
        writeFileSync(
          unit,
          shipped.replace(/^ExecStart=\/usr\/bin\/node /m, `ExecStart=${process.execPath} `),
        );
        execFileSync('systemd-analyze', ['verify', unit], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('Dockerfile', () => {
    const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
    it('builds on Node 24 in two stages and runs the CLI as a non-root user', () => {
      expect([...text.matchAll(/^FROM (\S+) AS (\w+)$/gm)].map((m) => [m[1], m[2]])).toEqual([
        ['node:24-bookworm-slim', 'build'],
        ['node:24-bookworm-slim', 'runtime'],
      ]);
      expect(text).toMatch(/npm ci --omit=dev/);
      expect(text).toMatch(/^COPY --from=build \/src\/dist \.\/dist$/m);
      expect(text).toMatch(/^USER 10001:10001$/m);
      expect(text).toMatch(/^ENTRYPOINT \["node", "dist\/cli\/main\.js"\]$/m);
    });

    it('keeps tests, local builds and dependencies out of the build context', () => {
      const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
      for (const path of ['node_modules', 'dist', '.git', 'test']) expect(ignored).toContain(path);
    });
  });
});
