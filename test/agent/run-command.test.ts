import { describe, expect, it } from 'vitest';
import { CommandError, runCommand } from '../../agent/run-command.js';

describe('runCommand', () => {
  it('returns output and exit code; a non-zero exit is for the caller to judge', async () => {
    const r = await runCommand('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3']);
    expect(r).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
  });

  it('kills at the deadline even when a grandchild keeps the pipes open', async () => {
    const started = Date.now();
    const err = await runCommand('/bin/sh', ['-c', 'sleep 30 & sleep 30'], { timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CommandError);
    expect((err as CommandError).failure).toBe('timeout');
    expect((err as Error).message).toBe('sh timed out after 300 ms; killed');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('kills when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(runCommand('/bin/sh', ['-c', 'sleep 30'], { signal: controller.signal })).rejects.toThrow(
      'sh was cancelled before it finished; killed',
    );
  });

  it('says a tool is missing from PATH, quoting the PATH searched', async () => {
    await expect(runCommand('gpuwatch-no-such-tool', [])).rejects.toThrow(
      /^gpuwatch-no-such-tool not found on PATH \(".*\); give its full path$/,
    );
  });

  it('refuses a runaway output', async () => {
    await expect(
      runCommand('/bin/sh', ['-c', 'yes | head -c 100000'], { maxOutputBytes: 1000 }),
    ).rejects.toThrow('sh wrote more than 1000 bytes');
  });
});
