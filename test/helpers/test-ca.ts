/**
 * A throw-away certificate authority made with the `openssl` command line, for TLS and mTLS
 * tests: a server certificate for 127.0.0.1/localhost and client certificates with a chosen CN
 * and SANs. EC P-256 keys, valid for one day, in a fresh temporary directory.
 *
 *     const ca = TestCa.create();
 *     const server = ca.issue('server', { server: true });
 *     const agent = ca.issue('agent-1');               // CN=agent-1, clientAuth
 *     …; ca.remove();
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IssuedCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export class TestCa {
  private serial = 1;
  private constructor(
    readonly dir: string,
    readonly certFile: string,
    private readonly keyFile: string,
  ) {}

  /** A new CA whose certificate has subject CN=`name`. */
  static create(name = 'gpuwatch test CA'): TestCa {
    const dir = mkdtempSync(join(tmpdir(), 'gpuwatch-ca-'));
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.crt',
        '-days',
        '1',
        '-subj',
        `/CN=${name}`,
      ],
      dir,
    );
    return new TestCa(dir, join(dir, 'ca.crt'), join(dir, 'ca.key'));
  }

  get cert(): Buffer {
    return readFileSync(this.certFile);
  }

  /**
   * Issues a certificate with subject CN=`cn`. `server`: for 127.0.0.1 and localhost (serverAuth);
   * otherwise a client certificate (clientAuth) with the given SAN entries, e.g. ['URI:spiffe://x/y'].
   */
  issue(cn: string, options: { server?: boolean; san?: readonly string[] } = {}): IssuedCertificate {
    const name = `cert-${this.serial++}`;
    const san = options.server ? ['DNS:localhost', 'IP:127.0.0.1'] : [...(options.san ?? [])];
    const ext = [
      `extendedKeyUsage=${options.server ? 'serverAuth' : 'clientAuth'}`,
      ...(san.length > 0 ? [`subjectAltName=${san.join(',')}`] : []),
    ].join('\n');
    writeFileSync(join(this.dir, `${name}.ext`), `${ext}\n`);
    openssl(
      [
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/CN=${cn}`,
      ],
      this.dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        this.certFile,
        '-CAkey',
        this.keyFile,
        '-set_serial',
        String(this.serial),
        '-days',
        '1',
        '-out',
        `${name}.crt`,
        '-extfile',
        `${name}.ext`,
      ],
      this.dir,
    );
    const certFile = join(this.dir, `${name}.crt`);
    const keyFile = join(this.dir, `${name}.key`);
    return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
