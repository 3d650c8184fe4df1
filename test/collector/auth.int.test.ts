import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import { Metadata, status } from '@grpc/grpc-js';
import { AuthError } from '../../common/errors.js';
import { Authenticator, certificateAgentIds, parseAgentTokens } from '../../collector/auth.js';
import { ReportStreamClient, hello, segment } from '../helpers/agent-client.js';
import { startTestCollector, tempFile, type TestCollector } from '../helpers/collector.js';

describe('parseAgentTokens', () => {
  it('reads "<agent-id> <token>" lines with comments and blank lines', () => {
    const { table, problems } = parseAgentTokens(
      '# fleet A\n\nnode-1 aaaaaaaaaaaaaaaa1\n  node-2\tbbbbbbbbbbbbbbbb2  \n',
      'agents.txt',
    );
    expect(problems).toEqual([]);
    expect([...table.byDigest.values()].sort()).toEqual(['node-1', 'node-2']);
  });

  it('reads a JSON object of agent id → token', () => {
    const { table, problems } = parseAgentTokens('{"node-1": "aaaaaaaaaaaaaaaa1"}', 'agents.json');
    expect(problems).toEqual([]);
    expect([...table.byDigest.values()]).toEqual(['node-1']);
  });

  it('lists every problem with file and line, and never the token', () => {
    const { problems } = parseAgentTokens(
      [
        'node-1 aaaaaaaaaaaaaaaa1',
        'node-2',
        'node-3 short',
        'node-1 cccccccccccccccc3',
        'node-4 aaaaaaaaaaaaaaaa1',
        'no{de} dddddddddddddddd4',
      ].join('\n'),
      'agents.txt',
    );
    const text = problems.map((p) => `${p.field}: ${p.reason}`);
    expect(text).toEqual([
      'agents.txt:2: expected "<agent-id> <token>", got 1 fields',
      'agents.txt:3: token: expected a token of at least 16 characters',
      'agents.txt:4: agent "node-1" already has a token at agents.txt:1',
      'agents.txt:5: same token as agents.txt:1: each agent needs its own',
      'agents.txt:6: agent id: expected no "{" or "}", got "no{de}"',
    ]);
    expect(text.join('\n')).not.toMatch(/aaaa|short|cccc/);
  });

  it('refuses a file without entries', () => {
    expect(parseAgentTokens('# nothing\n', 'f').problems).toEqual([
      { field: 'f', reason: 'expected at least one "<agent-id> <token>" entry' },
    ]);
  });
});

describe('certificateAgentIds', () => {
  it('takes the CN and the SAN DNS and URI entries, not IPs or emails', () => {
    const cert = {
      subject: { CN: 'node-1' },
      subjectaltname:
        'DNS:node-1.fleet, URI:spiffe://fleet/node-1, IP Address:10.0.0.1, email:a@b, DNS:"odd,name"',
    } as unknown as PeerCertificate;
    expect(certificateAgentIds(cert)).toEqual([
      'node-1',
      'node-1.fleet',
      'spiffe://fleet/node-1',
      'odd,name',
    ]);
  });
});

function call(token?: string): { metadata: Metadata; getAuthContext: () => object } {
  const metadata = new Metadata();
  if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
  return { metadata, getAuthContext: () => ({}) };
}

describe('Authenticator', () => {
  const tokensFile = tempFile('agents.txt', 'node-1 aaaaaaaaaaaaaaaa1\n');
  const adminFile = tempFile('admin', 'admin-admin-admin-1\n');
  const { authenticator: auth, problems } = Authenticator.load({
    agentTokensFile: tokensFile,
    adminTokenFile: adminFile,
    clientCertificates: false,
  });

  it('loads without problems', () => expect(problems).toEqual([]));

  it('maps a token to its agent and lets it report only as itself', () => {
    const identity = auth.authenticateAgent(call('aaaaaaaaaaaaaaaa1'));
    expect(identity).toMatchObject({ kind: 'token', agentId: 'node-1' });
    expect(() => auth.authorizeAgentId(identity, 'node-1')).not.toThrow();
    expect(() => auth.authorizeAgentId(identity, 'node-2')).toThrow(AuthError);
  });

  it('refuses a malformed authorization header', () => {
    const metadata = new Metadata();
    metadata.set('authorization', 'Basic abc');
    expect(() => auth.authenticateAgent({ metadata, getAuthContext: () => ({}) })).toThrow(
      'authorization metadata must be "Bearer <token>"',
    );
  });

  it('checks the admin token', () => {
    expect(() => auth.authorizeAdmin(call('admin-admin-admin-1'))).not.toThrow();
    expect(() => auth.authorizeAdmin(call('admin-admin-admin-2'))).toThrow('not the admin token');
    expect(() => auth.authorizeAdmin(call())).toThrow('needs the admin token');
  });

  it("lets the admin token report as an import's pseudo-agent and as no real agent", () => {
    const identity = auth.authenticateAgent(call('admin-admin-admin-1'));
    expect(identity.kind).toBe('admin');
    expect(() => auth.authorizeAgentId(identity, 'import:node:n1')).not.toThrow();
    expect(() => auth.authorizeAgentId(identity, 'node-1')).toThrow(
      `hello.agent_id "node-1": the admin token reports only as an import's pseudo-agent (expected an id beginning "import:")`,
    );
    expect(auth.stillValid(identity)).toBe(true);
    expect(() => auth.authenticateAgent(call('admin-admin-admin-2'))).toThrow('unknown agent token');
  });
});

describe('credentials reload (SIGHUP)', () => {
  let c: TestCollector | undefined;
  afterEach(async () => {
    await c?.stop();
  });

  it('ends the streams of removed tokens, admits new ones, and keeps the old set when the file is bad', async () => {
    const file = tempFile('agents.txt', 'node-1 aaaaaaaaaaaaaaaa1\n');
    c = await startTestCollector({ auth: { agentTokensFile: file } });
    const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const s = ReportStreamClient.open({ address: c.address, token: 'aaaaaaaaaaaaaaaa1' });
    s.sendHello(hello('node-1'));
    s.sendBatch(1, [segment('node-1', 't', start, start + 60_000)]);
    await s.waitForAck(1);

    writeFileSync(file, 'node-1 short\n');
    expect(c.collector.reloadCredentials()).toEqual([
      { field: `${file}:1: token`, reason: 'expected a token of at least 16 characters' },
    ]);
    s.sendBatch(2, [segment('node-1', 't', start + 60_000, start + 120_000)]);
    await s.waitForAck(2);

    writeFileSync(file, 'node-2 bbbbbbbbbbbbbbbb2\n');
    expect(c.collector.reloadCredentials()).toEqual([]);
    expect(await s.status).toMatchObject({ code: status.UNAUTHENTICATED, details: 'agent token revoked' });

    const again = ReportStreamClient.open({ address: c.address, token: 'aaaaaaaaaaaaaaaa1' });
    again.sendHello(hello('node-1'));
    expect((await again.status).code).toBe(status.UNAUTHENTICATED);
    const newcomer = ReportStreamClient.open({ address: c.address, token: 'bbbbbbbbbbbbbbbb2' });
    newcomer.sendHello(hello('node-2'));
    newcomer.sendBatch(1, [segment('node-2', 't', start, start + 60_000)]);
    expect(await newcomer.waitForAck(1)).toMatchObject({ accepted: 1 });
    newcomer.end();
    await newcomer.status;
  });
});
