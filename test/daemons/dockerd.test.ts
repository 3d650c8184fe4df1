import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dockerd } from './dockerd.js';
import { tempDir } from '../agent/fixtures.js';

const path = process.env.PATH;
let dir: { path: string; remove: () => void } | undefined;
afterEach(() => {
  process.env.PATH = path;
  dir?.remove();
});

describe('the dockerd harness', () => {
  it('fails naming every program it misses and its package, starting nothing', async () => {
    dir = tempDir('no-docker');
    symlinkSync('/bin/sh', join(dir.path, 'sh'));
    process.env.PATH = dir.path;
    const start = Dockerd.start();
    await expect(start).rejects.toThrow(/dockerd on PATH cannot be run \(Debian package docker\.io\)/);
    await expect(start).rejects.toThrow(/busybox on PATH cannot be run \(Debian package busybox-static\)/);
    await expect(start).rejects.toThrow(/apt-get install docker\.io containerd runc busybox-static/);
  });
});
