/**
 * deploy/k8s/: the scaled topology must be what the programs accept. Every flag, config-file key
 * and GPUWATCH_ variable is a real option of its command (and its value passes that option's
 * check), probes reach the port and paths the program serves, every secret a `…-file` option
 * names is mounted from a Secret, the Service reaches the gRPC port the agents are told, every
 * workload has resources and a PodDisruptionBudget, and Redis runs deploy/redis/redis.conf.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { collectorOptionSpecs } from '../../collector/main.js';
import { kebab, loadConfig, type OptionSpecs } from '../../common/config.js';
import { detectorOptionSpecs } from '../../detector/main.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const k8sDir = join(root, 'deploy/k8s');

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
  exec?: { command: string[] };
}
interface Container {
  name: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports?: { name: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
}
interface PodSpec {
  containers: Container[];
  volumes?: { name: string; secret?: { secretName: string }; configMap?: { name: string } }[];
}

function load(file: string): Obj[] {
  return parseAllDocuments(readFileSync(join(k8sDir, file), 'utf8')).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return d.toJS() as Obj;
  });
}

const all = [
  'agent-daemonset.yaml',
  'collector.yaml',
  'detector.yaml',
  'redis.yaml',
  'redis-cluster.yaml',
].flatMap((f) => load(f).map((o) => ({ file: f, o })));
const find = (kind: string, name: string): Obj => {
  const hit = all.find(({ o }) => o.kind === kind && o.metadata.name === name)?.o;
  if (hit === undefined) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return hit;
};
const podOf = (o: Obj): PodSpec => (o.spec?.template as { spec: PodSpec }).spec;
const camel = (upperSnake: string): string =>
  upperSnake.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Where a path lands: the mount that holds it and the volume behind that mount. */
function volumeFor(
  pod: PodSpec,
  container: Container,
  path: string,
): PodSpec['volumes'] extends (infer V)[] | undefined ? V | undefined : never {
  const mount = (container.volumeMounts ?? [])
    .filter((m) => path.startsWith(`${m.mountPath}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  return pod.volumes?.find((v) => v.name === mount?.name);
}

/** The workloads of gpuwatch programs, their option specs and the HTTP paths they serve. */
const programs = [
  {
    deployment: 'gpuwatch-collector',
    command: 'collector',
    specs: collectorOptionSpecs as OptionSpecs,
    paths: ['/healthz', '/readyz', '/metrics'],
    secretOptions: ['agentTokensFile', 'adminTokenFile', 'hmacKeyFile', 'tlsKey', 'tlsCert'],
  },
  {
    deployment: 'gpuwatch-detector',
    command: 'detector',
    specs: detectorOptionSpecs as OptionSpecs,
    paths: ['/healthz', '/metrics'],
    secretOptions: ['webhookSecretFile'],
  },
];

describe('deploy/k8s', () => {
  describe.each(programs)('$deployment', ({ deployment, command, specs, paths, secretOptions }) => {
    const dep = find('Deployment', deployment);
    const pod = podOf(dep);
    const container = pod.containers[0] as Container;
    const args = container.args ?? [];
    const configPath = args[args.indexOf('--config') + 1] ?? '';
    const configVolume = volumeFor(pod, container, configPath);
    const configMap = find('ConfigMap', configVolume?.configMap?.name ?? '');
    const configText = configMap.data?.[configPath.split('/').pop() ?? ''] ?? '';
    const config = parse(configText) as Record<string, unknown>;

    it('runs the command with real flags, config keys and environment variables, all valid', () => {
      expect(args[0]).toBe(command);
      expect(configText).not.toBe('');
      const flags = args.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]);
      const known = new Set([...Object.keys(specs).map(kebab), 'config']);
      expect(flags.filter((f) => !known.has(f ?? ''))).toEqual([]);
      expect(Object.keys(config).filter((k) => !known.has(k))).toEqual([]);
      const envNames = (container.env ?? []).map((e) => e.name).filter((n) => n.startsWith('GPUWATCH_'));
      expect(envNames.filter((n) => !(camel(n.slice('GPUWATCH_'.length)) in specs))).toEqual([]);
      // The values pass the options' own checks (files are read later, by the program).
      const dir = mkdtempSync(join(tmpdir(), 'gwtest-k8s-'));
      try {
        const file = join(dir, 'config.yaml');
        writeFileSync(file, configText);
        expect(() =>
          loadConfig(
            specs,
            [
              '--config',
              file,
              ...args.slice(1).filter((a, i, xs) => a !== '--config' && xs[i - 1] !== '--config'),
            ],
            {
              GPUWATCH_REDIS: 'redis+cluster://10.0.0.1:6379,10.0.0.2:6379',
            },
          ),
        ).not.toThrow();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('takes Redis (with its password) from a Secret, never from the ConfigMap', () => {
      const redis = (container.env ?? []).find((e) => e.name === 'GPUWATCH_REDIS');
      expect(redis?.valueFrom?.secretKeyRef).toEqual({ name: 'gpuwatch-redis', key: 'url' });
      expect(config.redis).toBeUndefined();
    });

    it('mounts every secret file an option names from a Secret', () => {
      for (const option of secretOptions) {
        const path = config[kebab(option)];
        expect(typeof path, `${kebab(option)} set`).toBe('string');
        expect(volumeFor(pod, container, String(path))?.secret?.secretName, String(path)).toMatch(
          /^gpuwatch-/,
        );
      }
    });

    it('probes the port and paths the program serves, with resources set', () => {
      const listenPort = Number(String(config['metrics-listen']).split(':').pop());
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
        if (probe === undefined) continue;
        const port = container.ports?.find(
          (p) => p.name === probe.httpGet?.port || p.containerPort === probe.httpGet?.port,
        );
        expect(port?.containerPort).toBe(listenPort);
        expect(paths).toContain(probe.httpGet?.path);
      }
      expect(container.livenessProbe).toBeDefined();
      expect(container.readinessProbe).toBeDefined();
      expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(container.resources?.limits?.memory).toBeDefined();
      const annotations = (dep.spec?.template as { metadata: { annotations?: Record<string, string> } })
        .metadata.annotations;
      expect(Number(annotations?.['prometheus.io/port'])).toBe(listenPort);
    });

    it('has a PodDisruptionBudget selecting its pods, and more than one replica', () => {
      const pdb = find('PodDisruptionBudget', deployment);
      const labels = (dep.spec?.template as { metadata: { labels: Record<string, string> } }).metadata.labels;
      const selector = (pdb.spec?.selector as { matchLabels: Record<string, string> }).matchLabels;
      expect(labels).toMatchObject(selector);
      expect(dep.spec?.replicas).toBeGreaterThan(1);
    });
  });

  it('the collector Service reaches the gRPC port the agents are told to use', () => {
    const dep = find('Deployment', 'gpuwatch-collector');
    const container = podOf(dep).containers[0] as Container;
    const config = parse(find('ConfigMap', 'gpuwatch-collector').data?.['collector.yaml'] ?? '') as Record<
      string,
      string
    >;
    const svc = find('Service', 'gpuwatch-collector');
    const grpc = (svc.spec?.ports as { name: string; port: number; targetPort: string }[]).find(
      (p) => p.name === 'grpc',
    );
    const target = container.ports?.find((p) => p.name === grpc?.targetPort);
    expect(target?.containerPort).toBe(Number(config.listen?.split(':').pop()));
    const agentConfig = parse(find('ConfigMap', 'gpuwatch-agent').data?.['agent.yaml'] ?? '') as Record<
      string,
      string
    >;
    expect(agentConfig.collector).toBe(`${svc.metadata.name}.${svc.metadata.namespace}.svc:${grpc?.port}`);
    // Long-lived agent streams are re-spread by connection age (an L4 Service never moves them).
    expect(config['max-connection-age']).toMatch(/^\d+[smh]$/);
    expect((svc.spec?.selector as Record<string, string>)['app.kubernetes.io/name']).toBe(
      'gpuwatch-collector',
    );
  });

  it('Redis runs deploy/redis/redis.conf (AOF, appendfsync always), standalone and as a cluster', () => {
    const conf = readFileSync(join(root, 'deploy/redis/redis.conf'), 'utf8');
    expect(find('ConfigMap', 'gpuwatch-redis').data?.['redis.conf']).toBe(conf);
    const clusterConf = find('ConfigMap', 'gpuwatch-redis-cluster').data?.['redis.conf'] ?? '';
    expect(clusterConf.startsWith(conf)).toBe(true);
    expect(clusterConf).toMatch(/^cluster-enabled yes$/m);
    for (const name of ['gpuwatch-redis', 'gpuwatch-redis-cluster']) {
      const sts = find('StatefulSet', name);
      const container = podOf(sts).containers[0] as Container;
      expect(container.args?.[0]).toBe('/etc/redis/redis.conf');
      expect(container.volumeMounts?.map((m) => m.mountPath).sort()).toEqual(['/data', '/etc/redis']);
      expect(sts.spec?.volumeClaimTemplates).toBeDefined();
      expect(container.readinessProbe).toBeDefined();
      find('PodDisruptionBudget', name);
    }
  });

  it('every object lives in the gpuwatch namespace with the part-of label', () => {
    for (const { file, o } of all) {
      if (o.kind === 'Namespace') continue;
      expect({ file, name: o.metadata.name, ns: o.metadata.namespace }).toEqual({
        file,
        name: o.metadata.name,
        ns: 'gpuwatch',
      });
      expect(o.metadata.labels?.['app.kubernetes.io/part-of'], `${file} ${o.kind}`).toBe('gpuwatch');
    }
  });
});
