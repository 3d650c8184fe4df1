import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../../agent/sources/allocation.js';
import { DockerClient } from '../../../agent/sources/docker-client.js';
import { DockerSource } from '../../../agent/sources/docker-source.js';
import { FakeDocker, containerId } from './fake-docker.js';
import { tempDir } from '../fixtures.js';

// Failures a real dockerd does not produce on demand; the real daemon's forms are in
// docker-source.int.test.ts.
const ctx: CollectContext = { signal: new AbortController().signal, nowMs: 0 };

let dir: { path: string; remove: () => void };
let docker: FakeDocker;
let socketPath: string;
beforeEach(async () => {
  dir = tempDir('docker');
  socketPath = join(dir.path, 'docker.sock');
  docker = new FakeDocker();
  await docker.start(socketPath);
});
afterEach(async () => {
  await docker.stop();
  dir.remove();
});

describe('DockerClient against a fake Engine API', () => {
  it('gives up on a daemon that does not answer, within the deadline, naming the socket', async () => {
    docker.hang = true;
    await expect(new DockerSource({ socketPath, timeoutMs: 200 }).collect(ctx)).rejects.toThrow(
      `Docker /containers/json on ${socketPath}: no answer within 200 ms`,
    );
  });

  it('skips a container removed between the list and its inspection', async () => {
    docker.add(1, { labels: { 'gpuwatch.tenant': 'acme' }, requests: [{ Driver: 'nvidia', Count: -1 }] });
    const client = new DockerClient({ socketPath });
    expect(await client.inspect(containerId(2))).toBeUndefined();
    expect(docker.requests).toEqual([`GET /containers/${containerId(2)}/json`]);
  });

  it('refuses a response larger than its cap', async () => {
    for (let n = 1; n <= 20; n++) docker.add(n, {});
    await expect(new DockerClient({ socketPath, maxResponseBytes: 1_000 }).listContainers()).rejects.toThrow(
      'Docker /containers/json: response larger than 1000 bytes',
    );
  });

  it('refuses a container id that would change the request path', async () => {
    await expect(new DockerClient({ socketPath }).inspect('../version')).rejects.toThrow(
      'container id "../version" is not a container id',
    );
  });
});
