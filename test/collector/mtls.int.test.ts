/**
 * mTLS between agents and the collector, with a CA made by openssl in the test: the client
 * certificate's CN (or a SAN DNS/URI entry) is the agent id, and an agent may only report as
 * itself. Each refusal is clear, and another agent keeps being served on a parallel stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, status, type ChannelCredentials } from '@grpc/grpc-js';
import { TlsFilesProvider } from '../../collector/tls-credentials.js';
import { AdminClient, ReportStreamClient, hello, segment } from '../helpers/agent-client.js';
import { startTestCollector, tempFile, type TestCollector } from '../helpers/collector.js';
import { TestCa, type IssuedCertificate } from '../helpers/test-ca.js';

const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
let ca: TestCa;
let otherCa: TestCa;
let c: TestCollector;
let agentA: IssuedCertificate;
const adminToken = 'admin-token-0123456789abcdef';

function clientCredentials(cert?: IssuedCertificate): ChannelCredentials {
  return cert === undefined
    ? credentials.createSsl(ca.cert)
    : credentials.createSsl(ca.cert, cert.key, cert.cert);
}

// The certificate names 127.0.0.1, but TLS SNI may not carry an IP address: send "localhost".
const channelOptions = { 'grpc.ssl_target_name_override': 'localhost' };

function open(cert?: IssuedCertificate): ReportStreamClient {
  return ReportStreamClient.open({
    address: c.address,
    credentials: clientCredentials(cert),
    channelOptions,
  });
}

beforeAll(async () => {
  ca = TestCa.create();
  otherCa = TestCa.create('some other CA');
  const server = ca.issue('collector', { server: true });
  agentA = ca.issue('agent-a');
  const { provider, problems } = TlsFilesProvider.load({
    certFile: server.certFile,
    keyFile: server.keyFile,
    clientCaFile: ca.certFile,
  });
  expect(problems).toEqual([]);
  c = await startTestCollector({
    tls: provider,
    auth: { clientCertificates: true, adminTokenFile: tempFile('admin', adminToken) },
  });
});

afterAll(async () => {
  await c.stop();
  ca.remove();
  otherCa.remove();
});

/** Agent A streams before and after `scenario`: the collector keeps serving it. */
let run = 0;
async function withAgentA(scenario: () => Promise<void>): Promise<void> {
  const at = start + run++ * 120_000;
  const a = open(agentA);
  a.sendHello(hello('agent-a'));
  a.sendBatch(run * 2 - 1, [segment('agent-a', 'tenant-a', at, at + 60_000)]);
  await a.waitForAck(run * 2 - 1);
  await scenario();
  a.sendBatch(run * 2, [segment('agent-a', 'tenant-a', at + 60_000, at + 120_000)]);
  expect(await a.waitForAck(run * 2)).toMatchObject({ accepted: 1 });
  a.end();
  expect((await a.status).code).toBe(status.OK);
}

describe('mTLS', () => {
  it('refuses a certificate for another agent with PERMISSION_DENIED', async () => {
    await withAgentA(async () => {
      const s = open(ca.issue('agent-b'));
      s.sendHello(hello('agent-a'));
      expect(await s.status).toMatchObject({
        code: status.PERMISSION_DENIED,
        details:
          'hello.agent_id "agent-a" is not named by the client certificate ("agent-b"): an agent may only report as itself',
      });
    });
  });

  it('refuses a stream without a client certificate with UNAUTHENTICATED', async () => {
    await withAgentA(async () => {
      const s = open();
      s.sendHello(hello('agent-a'));
      expect(await s.status).toMatchObject({
        code: status.UNAUTHENTICATED,
        details: 'no agent credentials: send a client certificate signed by --tls-client-ca',
      });
    });
  });

  it('refuses a certificate from another CA with UNAUTHENTICATED', async () => {
    await withAgentA(async () => {
      const stranger = otherCa.issue('agent-a');
      const s = ReportStreamClient.open({
        address: c.address,
        credentials: credentials.createSsl(ca.cert, stranger.key, stranger.cert),
        channelOptions,
      });
      s.sendHello(hello('agent-a'));
      expect((await s.status).code).toBe(status.UNAUTHENTICATED);
    });
  });

  it('takes the agent id from a SAN URI entry as well as from the CN', async () => {
    const s = open(ca.issue('node-17.example', { san: ['URI:spiffe://fleet/agent-c', 'DNS:agent-c.fleet'] }));
    s.sendHello(hello('spiffe://fleet/agent-c'));
    s.sendBatch(1, [segment('spiffe://fleet/agent-c', 'tenant-c', start, start + 60_000)]);
    expect(await s.waitForAck(1)).toMatchObject({ accepted: 1 });
    s.end();
    await s.status;
  });

  it('lets an admin tool in with the admin token and no client certificate', async () => {
    const admin = new AdminClient({
      address: c.address,
      token: adminToken,
      credentials: clientCredentials(),
    });
    try {
      expect(await admin.upsertTenants({ tenants: [{ tenant_id: 'acme' }] })).toMatchObject({ upserted: 1 });
    } finally {
      admin.close();
    }
  });
});
