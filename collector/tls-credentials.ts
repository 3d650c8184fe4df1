/**
 * The collector's TLS: its certificate and key, and optionally a client CA for agents' mTLS.
 * Files are read at start (problems reported with the rest of the config) and again on SIGHUP,
 * so certificates can be rotated without a restart.
 *
 * A client certificate is requested but not required at the TLS layer: an admin tool with a
 * token and no certificate must still connect, and an agent without a valid certificate gets a
 * gRPC UNAUTHENTICATED that says why, rather than a bare handshake failure (auth.ts decides).
 */
import { readFileSync } from 'node:fs';
import { ServerCredentials, experimental } from '@grpc/grpc-js';
import { quote, type Problem } from '../common/errors.js';

export interface TlsFiles {
  /** PEM certificate chain of the collector. */
  readonly certFile: string;
  /** PEM private key of the collector. */
  readonly keyFile: string;
  /** PEM CA bundle that signs agents' client certificates; undefined = no mTLS. */
  readonly clientCaFile?: string | undefined;
}

type CaListener = experimental.CaCertificateUpdateListener;
type IdentityListener = experimental.IdentityCertificateUpdateListener;

function readPem(path: string, field: string, problems: Problem[]): Buffer | undefined {
  try {
    const pem = readFileSync(path);
    if (!pem.toString('utf8').includes('-----BEGIN ')) {
      problems.push({ field, reason: `expected a PEM file, got ${quote(path)} without a "-----BEGIN" line` });
      return undefined;
    }
    return pem;
  } catch (err: unknown) {
    problems.push({ field, reason: `cannot read ${quote(path)}: ${(err as Error).message}` });
    return undefined;
  }
}

/** A certificate provider over files that re-reads them on demand (grpc-js CertificateProvider). */
export class TlsFilesProvider implements experimental.CertificateProvider {
  private identity: experimental.IdentityCertificateUpdate | undefined;
  private ca: experimental.CaCertificateUpdate | undefined;
  private readonly caListeners = new Set<CaListener>();
  private readonly identityListeners = new Set<IdentityListener>();

  private constructor(readonly files: TlsFiles) {}

  /** Reads the files; the provider is usable only when `problems` is empty. */
  static load(files: TlsFiles): { provider: TlsFilesProvider; problems: Problem[] } {
    const provider = new TlsFilesProvider(files);
    return { provider, problems: provider.reload() };
  }

  /** Re-reads the files; on a problem the current ones stay in force and the problems are returned. */
  reload(): Problem[] {
    const problems: Problem[] = [];
    const certificate = readPem(this.files.certFile, '--tls-cert', problems);
    const privateKey = readPem(this.files.keyFile, '--tls-key', problems);
    const caCertificate =
      this.files.clientCaFile === undefined
        ? undefined
        : readPem(this.files.clientCaFile, '--tls-client-ca', problems);
    if (problems.length > 0 || certificate === undefined || privateKey === undefined) return problems;
    this.identity = { certificate, privateKey };
    for (const listener of this.identityListeners) listener(this.identity);
    if (caCertificate !== undefined) {
      this.ca = { caCertificate };
      for (const listener of this.caListeners) listener(this.ca);
    }
    return problems;
  }

  // grpc-js registers its own watcher only after adding these listeners: a synchronous first
  // update would reach no one and leave the server refusing every TLS connection.
  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    queueMicrotask(() => {
      if (this.ca !== undefined && this.caListeners.has(listener)) listener(this.ca);
    });
  }
  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
  }
  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    queueMicrotask(() => {
      if (this.identity !== undefined && this.identityListeners.has(listener)) listener(this.identity);
    });
  }
  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
  }
}

/** Server credentials: plaintext without a provider; TLS, and mTLS when a client CA is set. */
export function serverCredentials(provider: TlsFilesProvider | undefined): ServerCredentials {
  if (provider === undefined) return ServerCredentials.createInsecure();
  // grpc-js's declaration names the first two parameters the other way round; the implementation
  // takes the identity provider first and the (optional) CA provider second.
  return experimental.createCertificateProviderServerCredentials(
    provider,
    provider.files.clientCaFile === undefined ? null : provider,
    false,
  );
}
