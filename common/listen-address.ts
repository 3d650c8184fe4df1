/** `host:port` of a listen option, split for node:net (IPv6 hosts in brackets: `[::1]:4317`). */
import { quote } from './errors.js';

export interface HostPort {
  /** Host without brackets: "127.0.0.1", "::1", "0.0.0.0". */
  readonly host: string;
  readonly port: number;
}

export function splitHostPort(value: string): HostPort {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const port = Number(m?.[3]);
  if (m === null || !(port >= 0 && port <= 65535)) {
    throw new Error(`expected host:port, got ${quote(value)}`);
  }
  return { host: m[1] ?? m[2] ?? '', port };
}

/** `host:port` again, bracketing an IPv6 host. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
