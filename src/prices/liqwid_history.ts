/**
 * A wallet's Liqwid transaction history over a time window (SPEC §16.4), and the mapping
 * of each raw item to a deposit or withdrawal of a configured asset.
 *
 * The API takes no page argument and returns at most one page, so a slice whose
 * `totalCount` exceeds the results it returned is split at its midpoint (ms) into
 * [a, mid] and (mid, b], recursively. A slice shorter than 1 s that is still incomplete
 * fails the wallet. Results are de-duplicated by `id`.
 *
 * @module
 */

import { z } from "zod";
import type { LiqwidClient } from "./liqwid.ts";

/** A slice that could not be completed: the wallet fails, other wallets go on. */
export class HistoryIncompleteError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "HistoryIncompleteError";
  }
}

/** Everything fetched for one wallet. */
export interface WalletHistory {
  /** Items with a usable `id`, first occurrence kept, in fetch order. */
  items: Record<string, unknown>[];
  /** Raw items lacking a string/number `id` (cannot be de-duplicated; counted invalid). */
  invalid: number;
  /** GraphQL requests made. */
  requests: number;
}

const MIN_SLICE_MS = 1000;

/**
 * Fetches every transaction of `wallet` in [startMs, endMs] by time slicing.
 *
 * @example
 * ```ts
 * import { fetchWalletHistory } from "./liqwid_history.ts";
 * const liqwid = {
 *   markets: () => Promise.resolve([]),
 *   transactions: () => Promise.resolve({ totalCount: 1, results: [{ id: "a" }] }),
 * };
 * const h = await fetchWalletHistory(liqwid, "addr1x", 0, 10_000);
 * console.assert(h.items.length === 1 && h.requests === 1);
 * ```
 */
export async function fetchWalletHistory(
  liqwid: LiqwidClient,
  wallet: string,
  startMs: number,
  endMs: number,
  opts: { signal?: AbortSignal } = {},
): Promise<WalletHistory> {
  const seen = new Set<string>();
  const out: WalletHistory = { items: [], invalid: 0, requests: 0 };
  // Depth-first over slices, earliest first, without recursion depth limits.
  const stack: [number, number][] = [[startMs, endMs]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    opts.signal?.throwIfAborted();
    const page = await liqwid.transactions(wallet, a, b, { signal: opts.signal });
    out.requests++;
    if (page.totalCount > page.results.length) {
      if (b - a < MIN_SLICE_MS) {
        throw new HistoryIncompleteError(
          `history slice ${new Date(a).toISOString()}..${
            new Date(b).toISOString()
          } still incomplete (${page.results.length} of ${page.totalCount}) below 1 s`,
        );
      }
      const mid = Math.floor((a + b) / 2);
      stack.push([mid + 1, b], [a, mid]);
      continue;
    }
    for (const raw of page.results) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (
        typeof raw !== "object" || raw === null ||
        !(typeof id === "string" || typeof id === "number") || id === ""
      ) {
        out.invalid++;
        continue;
      }
      const key = String(id);
      if (seen.has(key)) continue;
      seen.add(key);
      out.items.push(raw as Record<string, unknown>);
    }
  }
  return out;
}

/** A transaction ready to be written. */
export interface MappedTransaction {
  id: string;
  kind: "deposit" | "withdrawal";
  asset: string;
  tsMs: number;
  amount: number;
}

/** Why an item was not mapped. */
export type SkipReason = "invalid" | "other_type" | "unknown_asset";

// Ids end up in SQL literals: no backslashes or control characters (§10.7).
// deno-lint-ignore no-control-regex
const SAFE_ID_RE = /^[^\\\u0000-\u001f\u007f-\u009f]+$/;

const rawTx = z.object({
  id: z.union([z.string().min(1).max(256).regex(SAFE_ID_RE), z.number()]).transform(String),
  type: z.string(),
  displayName: z.string(),
  time: z.string(),
  amount: z.number().refine((n) => Number.isFinite(n) && n !== 0),
});

const ISO_INSTANT_RE =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}(:?\d{2})?)?$/;
const HAS_OFFSET_RE = /(Z|z|[+-]\d{2}(:?\d{2})?)$/;

/**
 * Parses an ISO instant as UTC: a value without an offset is read as UTC (never host
 * local time, §16.4). Returns null when it is not an ISO datetime.
 *
 * @example
 * ```ts
 * import { parseUtcInstant } from "./liqwid_history.ts";
 * console.assert(parseUtcInstant("2025-01-21T14:30:22") === Date.UTC(2025, 0, 21, 14, 30, 22));
 * ```
 */
export function parseUtcInstant(text: string): number | null {
  const s = text.trim();
  if (!ISO_INSTANT_RE.test(s)) return null;
  let iso = s.replace(" ", "T");
  const timePart = iso.slice(11);
  if (!HAS_OFFSET_RE.test(timePart)) iso += "Z";
  // Offsets written as +0900 or +09 are normalised for Date.parse.
  iso = iso.replace(/([+-]\d{2})(\d{2})$/, "$1:$2").replace(/([+-]\d{2})$/, "$1:00");
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Maps one raw history item (§16.4): `SUPPLY` → deposit, `WITHDRAW` → withdrawal, other
 * types skipped; asset = configured asset equal (case-insensitive) to `displayName`, or
 * whose alternate name equals it; amount = |amount|. Bad input is a skip, never a throw.
 *
 * @example
 * ```ts
 * import { mapLiqwidTransaction } from "./liqwid_history.ts";
 * const r = mapLiqwidTransaction(
 *   { id: "tx1", type: "SUPPLY", displayName: "DJED", time: "2025-01-01T00:00:00Z", amount: 5 },
 *   ["djed"], {},
 * );
 * console.assert("kind" in r && r.kind === "deposit" && r.asset === "djed");
 * ```
 */
export function mapLiqwidTransaction(
  raw: unknown,
  assets: readonly string[],
  alternateNames: Readonly<Record<string, string>>,
): MappedTransaction | { skip: SkipReason } {
  const parsed = rawTx.safeParse(raw);
  if (!parsed.success) return { skip: "invalid" };
  const tx = parsed.data;
  const type = tx.type.toUpperCase();
  let kind: MappedTransaction["kind"];
  if (type === "SUPPLY") kind = "deposit";
  else if (type === "WITHDRAW") kind = "withdrawal";
  else return { skip: "other_type" };
  const name = tx.displayName.trim().toLowerCase();
  const asset = assets.find((a) => a === name) ??
    assets.find((a) => (alternateNames[a] ?? "").toLowerCase() === name);
  if (!asset) return { skip: "unknown_asset" };
  const tsMs = parseUtcInstant(tx.time);
  if (tsMs === null) return { skip: "invalid" };
  return { id: tx.id, kind, asset, tsMs, amount: Math.abs(tx.amount) };
}
