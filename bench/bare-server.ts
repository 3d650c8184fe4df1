/**
 * The baseline for bench/ingest.ts: a bare grpc-js server with the same contract that only
 * decodes each AgentMessage and acks each batch — no validation, no storage. Its throughput is
 * the ceiling the collector is compared with. Prints `listening <port>` when ready.
 */
import { Server, ServerCredentials, type ServerDuplexStream } from '@grpc/grpc-js';
import { pb, telemetryDefinition, type IAgentMessage, type ICollectorMessage } from '../common/proto.js';

const server = new Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
server.addService(telemetryDefinition, {
  report: (call: ServerDuplexStream<IAgentMessage, ICollectorMessage>) => {
    call.on('data', (msg: IAgentMessage) => {
      const batch = msg.batch;
      if (batch) call.write({ ack: { seq: batch.seq ?? 0, accepted: batch.segments?.length ?? 0 } });
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined);
  },
});
server.bindAsync(process.argv[2] ?? '127.0.0.1:0', ServerCredentials.createInsecure(), (err, port) => {
  if (err) throw err;
  console.log(`listening ${port}`);
});
process.on('SIGTERM', () => server.forceShutdown());
void pb;
