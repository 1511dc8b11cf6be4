/**
 * Password hashes for HTTP Basic authentication (SPEC §13.4.2, §13.4.4): `sha256:<hex>`
 * and `pbkdf2-sha256:<iterations>:<salt_b64>:<hash_b64>`, verified with WebCrypto and
 * constant-time comparisons.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A parsed password hash. */
export type PasswordHash =
  | { kind: "sha256"; digest: Uint8Array }
  | { kind: "pbkdf2-sha256"; iterations: number; salt: Uint8Array; digest: Uint8Array };

/** Thrown for a malformed `password_hash` string. */
export class PasswordHashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PasswordHashError";
  }
}

/** Encodes bytes as standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Decodes standard base64 (throws on invalid input). */
export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Hex encoding of bytes (lower case). */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA-256 of a UTF-8 string. */
export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/**
 * Compares two byte arrays in time independent of where they differ (lengths are not
 * secret here: callers compare digests of fixed size).
 *
 * @example
 * ```ts
 * import { constantTimeEqual } from "./password.ts";
 * console.assert(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])));
 * ```
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * Parses a `password_hash` (§2.3.5).
 *
 * @example
 * ```ts
 * import { parsePasswordHash } from "./password.ts";
 * const h = parsePasswordHash("sha256:" + "0".repeat(64));
 * console.assert(h.kind === "sha256");
 * ```
 */
export function parsePasswordHash(text: string): PasswordHash {
  const sha = /^sha256:([0-9a-fA-F]{64})$/.exec(text);
  if (sha) return { kind: "sha256", digest: fromHex(sha[1].toLowerCase()) };
  const pb = /^pbkdf2-sha256:(\d+):([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/.exec(text);
  if (pb) {
    const iterations = Number(pb[1]);
    if (!Number.isSafeInteger(iterations) || iterations < 100_000) {
      throw new PasswordHashError(`pbkdf2 iterations must be >= 100000, got ${pb[1]}`);
    }
    try {
      const salt = fromBase64(pb[2]);
      const digest = fromBase64(pb[3]);
      if (salt.length === 0 || digest.length === 0) throw new Error("empty");
      return { kind: "pbkdf2-sha256", iterations, salt, digest };
    } catch {
      throw new PasswordHashError("pbkdf2 salt and hash must be non-empty base64");
    }
  }
  throw new PasswordHashError(
    "password hash must be sha256:<64 hex> or pbkdf2-sha256:<iterations>:<salt_b64>:<hash_b64>",
  );
}

async function pbkdf2(
  password: string,
  salt: Uint8Array,
  iterations: number,
  lengthBytes: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    key,
    lengthBytes * 8,
  );
  return new Uint8Array(bits);
}

/**
 * Checks `password` against a parsed hash in constant time.
 *
 * @example
 * ```ts
 * import { parsePasswordHash, toHex, sha256, verifyPassword } from "./password.ts";
 * const h = parsePasswordHash("sha256:" + toHex(await sha256("s3cret")));
 * console.assert(await verifyPassword("s3cret", h));
 * ```
 */
export async function verifyPassword(password: string, hash: PasswordHash): Promise<boolean> {
  const actual = hash.kind === "sha256"
    ? await sha256(password)
    : await pbkdf2(password, hash.salt, hash.iterations, hash.digest.length);
  return constantTimeEqual(actual, hash.digest);
}

/** Options of {@link hashPassword}. */
export interface HashPasswordOptions {
  /** PBKDF2 iterations (≥ 100000); default 600000. */
  iterations?: number;
  /** Fills a salt buffer; default `crypto.getRandomValues`. */
  random?: (bytes: Uint8Array) => Uint8Array;
}

/**
 * Hashes a password as `pbkdf2-sha256:<iterations>:<salt_b64>:<hash_b64>` (16-byte salt,
 * 32-byte hash) for the `hash-password` command (§13.4.4).
 *
 * @example
 * ```ts
 * import { hashPassword, parsePasswordHash, verifyPassword } from "./password.ts";
 * const text = await hashPassword("s3cret", { iterations: 100_000 });
 * console.assert(await verifyPassword("s3cret", parsePasswordHash(text)));
 * ```
 */
export async function hashPassword(
  password: string,
  opts: HashPasswordOptions = {},
): Promise<string> {
  const iterations = opts.iterations ?? 600_000;
  if (!Number.isSafeInteger(iterations) || iterations < 100_000) {
    throw new RangeError(`iterations must be an integer >= 100000, got ${iterations}`);
  }
  const random = opts.random ?? ((b: Uint8Array) => crypto.getRandomValues(b));
  const salt = random(new Uint8Array(16));
  const digest = await pbkdf2(password, salt, iterations, 32);
  return `pbkdf2-sha256:${iterations}:${toBase64(salt)}:${toBase64(digest)}`;
}
