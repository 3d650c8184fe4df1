/**
 * The transport's credentials: the gRPC channel to the collector (plaintext, TLS with a CA file,
 * mTLS with a client certificate and key) and the bearer token. Every file is re-read on every
 * connection, so rotation needs no restart; the channel is rebuilt only when the TLS files
 * changed. The token is never logged.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { AppError, errorMessage, quote } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { TransportTlsOptions } from './transport-config.js';

/** What TransportCredentials needs (from TransportOptions). */
export interface TransportCredentialsOptions {
  /** Collector address: `host:port`, or any grpc-js target. */
  readonly target: string;
  /** TLS to the collector. Default: plaintext. */
  readonly tls?: TransportTlsOptions;
  /** File holding the bearer token. Default: none. */
  readonly tokenFile?: string;
  /** HTTP/2 keepalive ping period, ms. */
  readonly keepaliveTimeMs: number;
  /** A keepalive ping unanswered this long closes the connection, ms. */
  readonly keepaliveTimeoutMs: number;
  /** Extra grpc-js channel options (they win over the ones above). */
  readonly channelOptions?: grpc.ChannelOptions;
  readonly logger: Logger;
}

export class TransportCredentials {
  private readonly options: TransportCredentialsOptions;
  private readonly logger: Logger;
  private client: grpc.Client | undefined;
  private clientKey: string | undefined;
  private warnedPlaintextToken = false;

  constructor(options: TransportCredentialsOptions) {
    this.options = options;
    this.logger = options.logger;
  }

  /** The bearer token, read afresh; undefined without a token file. Throws when unreadable or empty (logged). */
  async token(): Promise<string | undefined> {
    const file = this.options.tokenFile;
    if (file === undefined) return undefined;
    let token: string;
    try {
      token = (await readFile(file, 'utf8')).trim();
    } catch (err: unknown) {
      this.logger.error('transport: cannot read the bearer token file', {
        path: file,
        error: errorMessage(err),
      });
      throw err;
    }
    if (token === '') {
      this.logger.error('transport: the bearer token file is empty', { path: file });
      throw new AppError('CONFIG_INVALID', `token file ${quote(file)} is empty`);
    }
    if (this.options.tls === undefined && !this.warnedPlaintextToken) {
      this.warnedPlaintextToken = true;
      this.logger.warn('transport: sending a bearer token without TLS; use tls outside development');
    }
    return token;
  }

  /** The channel, rebuilt when the TLS files changed since it was made. */
  async channel(): Promise<grpc.Client> {
    const tls = this.options.tls;
    let credentials: grpc.ChannelCredentials;
    let key: string;
    if (tls === undefined) {
      credentials = grpc.credentials.createInsecure();
      key = 'insecure';
    } else {
      const read = async (path: string | undefined, what: string): Promise<Buffer | null> => {
        if (path === undefined) return null;
        try {
          return await readFile(path);
        } catch (err: unknown) {
          this.logger.error(`transport: cannot read the TLS ${what} file`, {
            path,
            error: errorMessage(err),
          });
          throw err;
        }
      };
      const [ca, cert, privateKey] = await Promise.all([
        read(tls.caFile, 'CA'),
        read(tls.certFile, 'certificate'),
        read(tls.keyFile, 'key'),
      ]);
      const hash = createHash('sha256');
      for (const part of [ca, cert, privateKey]) hash.update(part ?? '').update('\0');
      key = hash.digest('hex');
      if (this.client !== undefined && this.clientKey === key) return this.client;
      credentials = grpc.credentials.createSsl(ca, privateKey, cert);
    }
    if (this.client !== undefined && this.clientKey === key) return this.client;
    this.client?.close();
    const serverName = tls?.serverName;
    this.client = new grpc.Client(this.options.target, credentials, {
      'grpc.keepalive_time_ms': this.options.keepaliveTimeMs,
      'grpc.keepalive_timeout_ms': this.options.keepaliveTimeoutMs,
      'grpc.keepalive_permit_without_calls': 0,
      // Our own loop paces reconnects; keep the channel's from piling on top.
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 5000,
      ...(serverName === undefined
        ? {}
        : { 'grpc.ssl_target_name_override': serverName, 'grpc.default_authority': serverName }),
      ...this.options.channelOptions,
    });
    this.clientKey = key;
    return this.client;
  }

  /** Closes the channel; the next channel() opens a new one. */
  close(): void {
    this.client?.close();
    this.client = undefined;
  }
}
