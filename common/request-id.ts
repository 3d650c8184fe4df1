/**
 * Ids that tie together the log lines of one gRPC call or one Report stream, so an operator can
 * follow a single agent's stream (or one admin call) through a collector's interleaved JSON log.
 */
import { randomBytes } from 'node:crypto';

/** A fresh random id: 16 hex characters (64 bits: no collisions among the streams of a fleet). */
export function newRequestId(): string {
  return randomBytes(8).toString('hex');
}
