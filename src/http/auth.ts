/**
 * HTTP Basic authentication with failed-attempt rate limiting (SPEC §13.4): usernames
 * compared via their SHA-256, passwords per `sha256:` / `pbkdf2-sha256:` hashes, a 5-minute
 * cache of successful credentials (≤ 1000 entries), and a per-client failure window kept in
 * an LRU of at most 10 000 keys.
 *
 * @module
 */
import { constantTimeEqual, parsePasswordHash, sha256, toHex, verifyPassword } from "./password.ts";

/** Outcome of one authentication check. */
export type AuthOutcome =
  | { kind: "ok" }
  | { kind: "unauthorized" }
  | { kind: "rate_limited"; retryAfterSeconds: number };

/** Options of {@link createAuthenticator}. */
export interface AuthenticatorOptions {
  username: string;
  passwordHash: string;
  maxFailures: number;
  failureWindowSeconds: number;
  now: () => number;
  /** LRU bound of the failure table (default 10 000). */
  maxClients?: number;
  /** Bound of the success cache (default 1000). */
  maxCached?: number;
}

/** Checks `Authorization` headers for one client key. */
export interface Authenticator {
  check(authorization: string | null, clientKey: string): Promise<AuthOutcome>;
  /** Number of client keys currently tracked (for tests and introspection). */
  trackedClients(): number;
  /** Number of cached successful credentials (unexpired or not yet evicted). */
  cachedSuccesses(): number;
}

const SUCCESS_TTL_MS = 5 * 60_000;

/** Decodes a Basic `Authorization` header into user and password, or null. */
export function parseBasic(header: string | null): { user: string; password: string } | null {
  if (header === null) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  let decoded: string;
  try {
    const bin = atob(m[1]);
    const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Creates an authenticator. The hash is parsed once; a malformed hash throws at creation.
 *
 * @example
 * ```ts
 * import { createAuthenticator } from "./auth.ts";
 * import { sha256, toHex } from "./password.ts";
 * const auth = createAuthenticator({
 *   username: "ops",
 *   passwordHash: "sha256:" + toHex(await sha256("pw")),
 *   maxFailures: 5,
 *   failureWindowSeconds: 300,
 *   now: Date.now,
 * });
 * const outcome = await auth.check("Basic " + btoa("ops:pw"), "127.0.0.1");
 * console.assert(outcome.kind === "ok");
 * ```
 */
export function createAuthenticator(opts: AuthenticatorOptions): Authenticator {
  const hash = parsePasswordHash(opts.passwordHash);
  const userDigest = sha256(opts.username);
  const windowMs = opts.failureWindowSeconds * 1000;
  const maxClients = opts.maxClients ?? 10_000;
  const maxCached = opts.maxCached ?? 1000;
  const failures = new Map<string, number[]>();
  const successes = new Map<string, number>();

  function recentFailures(key: string, nowMs: number): number[] {
    const list = failures.get(key);
    if (!list) return [];
    const kept = list.filter((t) => nowMs - t < windowMs);
    if (kept.length === 0) failures.delete(key);
    else {
      // Touch: re-insert so the Map's order is least recently used first.
      failures.delete(key);
      failures.set(key, kept);
    }
    return kept;
  }

  function limited(list: number[], nowMs: number): AuthOutcome | null {
    if (list.length <= opts.maxFailures) return null;
    const retryMs = list[0] + windowMs - nowMs;
    return { kind: "rate_limited", retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) };
  }

  function recordFailure(key: string, nowMs: number): AuthOutcome {
    const list = recentFailures(key, nowMs);
    list.push(nowMs);
    failures.delete(key);
    failures.set(key, list);
    while (failures.size > maxClients) {
      const oldest = failures.keys().next().value as string;
      failures.delete(oldest);
    }
    return limited(list, nowMs) ?? { kind: "unauthorized" };
  }

  async function verify(user: string, password: string, nowMs: number): Promise<boolean> {
    const cacheKey = toHex(await sha256(`${user}:${password}`));
    const cached = successes.get(cacheKey);
    if (cached !== undefined && cached > nowMs) return true;
    if (cached !== undefined) successes.delete(cacheKey);
    const userOk = constantTimeEqual(await sha256(user), await userDigest);
    // Always run the password check so timing does not reveal a wrong username.
    const passOk = await verifyPassword(password, hash);
    if (!(userOk && passOk)) return false;
    successes.set(cacheKey, nowMs + SUCCESS_TTL_MS);
    while (successes.size > maxCached) {
      successes.delete(successes.keys().next().value as string);
    }
    return true;
  }

  return {
    async check(authorization: string | null, clientKey: string): Promise<AuthOutcome> {
      const nowMs = opts.now();
      const blocked = limited(recentFailures(clientKey, nowMs), nowMs);
      if (blocked) return blocked;
      const creds = parseBasic(authorization);
      if (creds === null) {
        // A request without credentials is the normal browser challenge, not an attack.
        return authorization === null ? { kind: "unauthorized" } : recordFailure(clientKey, nowMs);
      }
      if (await verify(creds.user, creds.password, nowMs)) {
        failures.delete(clientKey);
        return { kind: "ok" };
      }
      return recordFailure(clientKey, opts.now());
    },
    trackedClients: () => failures.size,
    cachedSuccesses: () => successes.size,
  };
}
