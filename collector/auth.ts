/**
 * Who is calling (docs/design.md §8). Agents authenticate with a per-agent bearer token (from
 * `--agent-tokens-file`) or a client certificate signed by `--tls-client-ca` whose CN or a SAN
 * DNS/URI entry is the agent id; an agent may only report as itself. Tenants and Query need the
 * admin token (`--admin-token-file`), which also opens Telemetry streams for the pseudo-agents of
 * `gpuwatch usage import` (ids beginning `import:`, common/import-agents.ts) and for no others.
 * Where no credentials of a kind are configured, calls of that kind are let through: the
 * collector refuses to start that way on a non-loopback address (see main.ts), so this only
 * happens in development.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import type { Metadata } from '@grpc/grpc-js';
import { AuthError, quote, type Problem } from '../common/errors.js';
import { checkId } from '../common/field-checks.js';
import { importAgentPrefix, isImportAgentId } from '../common/import-agents.js';

/** What a call offers to prove who it is: gRPC metadata and the TLS peer certificate. */
export interface CallCredentialsSource {
  readonly metadata: Metadata;
  getAuthContext(): { readonly sslPeerCertificate?: PeerCertificate | undefined };
}

/** The proven identity behind an agent stream. */
export type AgentIdentity =
  | { readonly kind: 'token'; readonly agentId: string; readonly tokenDigest: Buffer }
  | { readonly kind: 'certificate'; readonly agentIds: readonly string[] }
  /** The admin token: may report only as an import's pseudo-agent (`import:…`). */
  | { readonly kind: 'admin'; readonly tokenDigest: Buffer }
  | { readonly kind: 'anonymous' };

export interface AuthenticatorOptions {
  /** File of per-agent tokens: lines `<agent-id> <token>` (`#` comments) or a JSON object. */
  readonly agentTokensFile?: string | undefined;
  /** File holding the admin token (whitespace around it ignored). */
  readonly adminTokenFile?: string | undefined;
  /** A client CA is configured: agents may prove themselves with certificates. */
  readonly clientCertificates: boolean;
}

/** Shortest token accepted: 16 characters (≥ 96 bits from a base64 generator). */
export const minTokenChars = 16;

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

interface TokenTable {
  /** sha256(token) hex → agent id */
  readonly byDigest: ReadonlyMap<string, string>;
}

function checkToken(token: string): string | undefined {
  if (token.length < minTokenChars) return `expected a token of at least ${minTokenChars} characters`;
  if (/\s/.test(token)) return 'expected a token without whitespace';
  return undefined;
}

/** Parses an agent tokens file; problems name the file and line, never the token. */
export function parseAgentTokens(text: string, fileName: string): { table: TokenTable; problems: Problem[] } {
  const problems: Problem[] = [];
  const entries: { agentId: string; token: string; where: string }[] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err: unknown) {
      problems.push({ field: fileName, reason: `cannot parse JSON: ${(err as Error).message}` });
      return { table: { byDigest: new Map() }, problems };
    }
    for (const [agentId, token] of Object.entries(parsed as Record<string, unknown>)) {
      const where = `${fileName}: ${quote(agentId)}`;
      if (typeof token !== 'string') problems.push({ field: where, reason: 'expected a token string' });
      else entries.push({ agentId, token, where });
    }
  } else {
    for (const [i, rawLine] of text.split('\n').entries()) {
      const line = rawLine.trim();
      if (line === '' || line.startsWith('#')) continue;
      const where = `${fileName}:${i + 1}`;
      const fields = line.split(/\s+/);
      if (fields.length !== 2) {
        problems.push({ field: where, reason: `expected "<agent-id> <token>", got ${fields.length} fields` });
        continue;
      }
      entries.push({ agentId: fields[0] ?? '', token: fields[1] ?? '', where });
    }
  }
  const byDigest = new Map<string, string>();
  const agents = new Map<string, string>();
  const tokenWhere = new Map<string, string>();
  for (const { agentId, token, where } of entries) {
    const idProblem = checkId(agentId, 256);
    if (idProblem !== undefined) problems.push({ field: `${where}: agent id`, reason: idProblem });
    const tokenProblem = checkToken(token);
    if (tokenProblem !== undefined) problems.push({ field: `${where}: token`, reason: tokenProblem });
    const previous = agents.get(agentId);
    if (previous !== undefined) {
      problems.push({ field: where, reason: `agent ${quote(agentId)} already has a token at ${previous}` });
    }
    agents.set(agentId, where);
    const key = digest(token).toString('hex');
    const sameToken = tokenWhere.get(key);
    if (sameToken !== undefined) {
      problems.push({ field: where, reason: `same token as ${sameToken}: each agent needs its own` });
    }
    tokenWhere.set(key, where);
    byDigest.set(key, agentId);
  }
  if (entries.length === 0 && problems.length === 0) {
    problems.push({ field: fileName, reason: 'expected at least one "<agent-id> <token>" entry' });
  }
  return { table: { byDigest }, problems };
}

function readFileProblem(path: string, field: string, problems: Problem[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err: unknown) {
    problems.push({ field, reason: `cannot read ${quote(path)}: ${(err as Error).message}` });
    return undefined;
  }
}

/** Agent ids a certificate vouches for: its subject CN and its SAN DNS and URI entries. */
export function certificateAgentIds(cert: PeerCertificate): string[] {
  const ids: string[] = [];
  const cn: unknown = cert.subject?.CN;
  if (typeof cn === 'string') ids.push(cn);
  else if (Array.isArray(cn)) ids.push(...cn.filter((x): x is string => typeof x === 'string'));
  // Node quotes entries holding special characters as JSON strings: `DNS:"a,b"`.
  const san = cert.subjectaltname ?? '';
  for (const m of san.matchAll(/(DNS|URI|IP Address|email|othername):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g)) {
    const kind = m[1];
    let value = m[2] ?? '';
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        continue;
      }
    }
    if ((kind === 'DNS' || kind === 'URI') && value !== '') ids.push(value);
  }
  return [...new Set(ids)];
}

function bearerToken(metadata: Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  if (typeof value !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value);
  if (m === null) throw new AuthError('UNAUTHENTICATED', 'authorization metadata must be "Bearer <token>"');
  return m[1];
}

export class Authenticator {
  private tokens: TokenTable | undefined;
  private adminDigest: Buffer | undefined;
  private readonly options: AuthenticatorOptions;

  private constructor(options: AuthenticatorOptions) {
    this.options = options;
  }

  /** Reads the token files; throws nothing, returns the problems (main.ts folds them into its ConfigError). */
  static load(options: AuthenticatorOptions): { authenticator: Authenticator; problems: Problem[] } {
    const authenticator = new Authenticator(options);
    return { authenticator, problems: authenticator.read() };
  }

  /** Agents may connect without credentials: none are configured (loopback only, see main.ts). */
  get agentsAnonymous(): boolean {
    return this.options.agentTokensFile === undefined && !this.options.clientCertificates;
  }

  /** Tenants and Query may be called without the admin token: none is configured (loopback only). */
  get adminAnonymous(): boolean {
    return this.options.adminTokenFile === undefined;
  }

  /**
   * Re-reads the token files (SIGHUP). On any problem the current tokens stay in force and the
   * problems are returned.
   */
  reload(): Problem[] {
    const keep = { tokens: this.tokens, admin: this.adminDigest };
    const problems = this.read();
    if (problems.length > 0) {
      this.tokens = keep.tokens;
      this.adminDigest = keep.admin;
    }
    return problems;
  }

  private read(): Problem[] {
    const problems: Problem[] = [];
    const { agentTokensFile, adminTokenFile } = this.options;
    if (agentTokensFile !== undefined) {
      const text = readFileProblem(agentTokensFile, '--agent-tokens-file', problems);
      if (text !== undefined) {
        const parsed = parseAgentTokens(text, agentTokensFile);
        problems.push(...parsed.problems);
        this.tokens = parsed.table;
      }
    }
    if (adminTokenFile !== undefined) {
      const text = readFileProblem(adminTokenFile, '--admin-token-file', problems);
      if (text !== undefined) {
        const token = text.trim();
        const problem = checkToken(token);
        if (problem !== undefined)
          problems.push({ field: `--admin-token-file ${adminTokenFile}`, reason: problem });
        this.adminDigest = digest(token);
      }
    }
    return problems;
  }

  /** Proves who opened an agent stream; throws AuthError UNAUTHENTICATED when nothing proves it. */
  authenticateAgent(call: CallCredentialsSource): AgentIdentity {
    const token = bearerToken(call.metadata);
    if (token !== undefined && this.adminDigest !== undefined) {
      const tokenDigest = digest(token);
      if (timingSafeEqual(tokenDigest, this.adminDigest)) return { kind: 'admin', tokenDigest };
    }
    if (token !== undefined && this.tokens !== undefined) {
      const tokenDigest = digest(token);
      // The table is keyed by each token's SHA-256, never by the token: a lookup's timing depends
      // only on the digest of the guess, which tells a guesser nothing about any token's bytes.
      // That is the constant-time property a byte-wise comparison gives, at O(1) per stream for
      // fleets of a hundred thousand agents.
      const agentId = this.tokens.byDigest.get(tokenDigest.toString('hex'));
      if (agentId !== undefined) return { kind: 'token', agentId, tokenDigest };
      throw new AuthError('UNAUTHENTICATED', 'unknown agent token (not in --agent-tokens-file)');
    }
    const cert = this.options.clientCertificates ? call.getAuthContext().sslPeerCertificate : undefined;
    if (cert !== undefined) {
      const agentIds = certificateAgentIds(cert);
      if (agentIds.length === 0) {
        throw new AuthError(
          'UNAUTHENTICATED',
          'the client certificate names no agent (no CN, DNS or URI entry)',
        );
      }
      return { kind: 'certificate', agentIds };
    }
    if (this.agentsAnonymous) return { kind: 'anonymous' };
    const ways = [
      ...(this.options.agentTokensFile !== undefined ? ['"authorization: Bearer <token>" metadata'] : []),
      ...(this.options.clientCertificates ? ['a client certificate signed by --tls-client-ca'] : []),
    ];
    throw new AuthError('UNAUTHENTICATED', `no agent credentials: send ${ways.join(' or ')}`);
  }

  /** An agent may only report as itself: throws AuthError PERMISSION_DENIED otherwise. */
  authorizeAgentId(identity: AgentIdentity, agentId: string): void {
    if (identity.kind === 'anonymous') return;
    if (identity.kind === 'admin') {
      if (isImportAgentId(agentId)) return;
      throw new AuthError(
        'PERMISSION_DENIED',
        `hello.agent_id ${quote(agentId)}: the admin token reports only as an import's pseudo-agent (expected an id beginning ${quote(importAgentPrefix)})`,
      );
    }
    if (identity.kind === 'token') {
      if (identity.agentId === agentId) return;
      throw new AuthError(
        'PERMISSION_DENIED',
        `hello.agent_id ${quote(agentId)} does not match the token's agent ${quote(identity.agentId)}: an agent may only report as itself`,
      );
    }
    if (identity.agentIds.includes(agentId)) return;
    throw new AuthError(
      'PERMISSION_DENIED',
      `hello.agent_id ${quote(agentId)} is not named by the client certificate (${identity.agentIds.map((id) => quote(id)).join(', ')}): an agent may only report as itself`,
    );
  }

  /** Whether a stream's identity still holds after a reload (a removed token ends its stream). */
  stillValid(identity: AgentIdentity): boolean {
    if (identity.kind === 'admin') {
      return this.adminDigest !== undefined && timingSafeEqual(identity.tokenDigest, this.adminDigest);
    }
    if (identity.kind !== 'token') return true;
    return this.tokens?.byDigest.get(identity.tokenDigest.toString('hex')) === identity.agentId;
  }

  /** Tenants and Query: the admin token, compared in constant time. */
  authorizeAdmin(call: CallCredentialsSource): void {
    if (this.adminDigest === undefined) return;
    const token = bearerToken(call.metadata);
    if (token === undefined) {
      throw new AuthError(
        'UNAUTHENTICATED',
        'this call needs the admin token: send "authorization: Bearer <token>"',
      );
    }
    if (!timingSafeEqual(digest(token), this.adminDigest)) {
      throw new AuthError('PERMISSION_DENIED', 'not the admin token (--admin-token-file)');
    }
  }
}
