/**
 * Table naming and error classification shared by the price providers and the
 * transaction sync. Statement text comes from the Greptime SQL builders
 * (`src/greptime/mod.ts`), which enforce the injection rules of SPEC §10.7.
 *
 * @module
 */

import { GreptimeQueryError, sqlIdent } from "../greptime/mod.ts";

/**
 * `<prefix><asset>`, validated as an identifier (§10.7).
 *
 * @example
 * ```ts
 * import { tableName } from "./sql.ts";
 * console.assert(tableName("minswap_prices_", "djed") === "minswap_prices_djed");
 * ```
 */
export function tableName(prefix: string, asset: string): string {
  return sqlIdent(prefix + asset);
}

/**
 * True for GreptimeDB "table not found" (4001) or "database not found" (4004), which price
 * providers read as an empty series (§23.8).
 *
 * @example
 * ```ts
 * import { isMissingTableOrDb } from "./sql.ts";
 * console.assert(isMissingTableOrDb(new Error("x")) === false);
 * ```
 */
export function isMissingTableOrDb(err: unknown): boolean {
  const code = greptimeCode(err);
  return code === 4001 || code === 4004;
}

/**
 * The Greptime status code carried by an error, or null.
 *
 * @example
 * ```ts
 * import { greptimeCode } from "./sql.ts";
 * console.assert(greptimeCode(new Error("x")) === null);
 * ```
 */
export function greptimeCode(err: unknown): number | null {
  if (err instanceof GreptimeQueryError) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : null;
}
