// tsc emits only what it compiles; the protobufjs static module is plain JS beside its .d.ts.
import { cpSync, chmodSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
cpSync(`${root}common/generated/proto.js`, `${root}dist/common/generated/proto.js`);
cpSync(`${root}common/generated/proto.d.ts`, `${root}dist/common/generated/proto.d.ts`);
cpSync(`${root}agent/generated/podresources.js`, `${root}dist/agent/generated/podresources.js`);
cpSync(`${root}agent/generated/podresources.d.ts`, `${root}dist/agent/generated/podresources.d.ts`);
chmodSync(`${root}dist/cli/main.js`, 0o755);
