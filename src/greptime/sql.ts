/**
 * SQL text for GreptimeDB (SPEC §10.6, §10.7, §16.5): literal escaping and pure statement
 * builders. Only validated identifiers, escaped strings and integer timestamps are ever
 * interpolated, so configuration or API data cannot change a statement's meaning.
 *
 * @module
 */

const IDENT_RE = /^[a-z_][a-z0-9_]{0,127}$/;
// deno-lint-ignore no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Validates a table or column name (§10.7) and returns it unchanged.
 *
 * @example
 * ```ts
 * sqlIdent("liqwid_supply_positions_djed"); // "liqwid_supply_positions_djed"
 * // sqlIdent("x; DROP TABLE y") throws RangeError
 * ```
 */
export function sqlIdent(name: string): string {
  if (typeof name !== "string" || !IDENT_RE.test(name)) {
    throw new RangeError(
      `Invalid SQL identifier ${JSON.stringify(name)}: must match ^[a-z_][a-z0-9_]{0,127}$`,
    );
  }
  return name;
}

/**
 * Quotes a string literal: single quotes, `'` doubled; `\` and control characters are
 * rejected (§10.7).
 *
 * @example
 * ```ts
 * sqlString("x' OR '1'='1"); // "'x'' OR ''1''=''1'"
 * ```
 */
export function sqlString(s: string): string {
  if (typeof s !== "string") throw new RangeError(`SQL string expected, got ${typeof s}`);
  if (s.includes("\\") || CONTROL_RE.test(s)) {
    throw new RangeError(
      `Invalid SQL string ${JSON.stringify(s)}: backslashes and control characters are not allowed`,
    );
  }
  return `'${s.replaceAll("'", "''")}'`;
}

/**
 * Renders an epoch-millisecond timestamp as an integer literal (§10.7).
 *
 * @example
 * ```ts
 * sqlTimestamp(1732752000000); // "1732752000000"
 * ```
 */
export function sqlTimestamp(ms: number): string {
  if (typeof ms !== "number" || !Number.isSafeInteger(ms)) {
    throw new RangeError(
      `Invalid SQL timestamp ${String(ms)}: must be a finite integer (epoch ms)`,
    );
  }
  return String(ms);
}

/** A time range on `ts`; a null or missing bound is open and omitted (§10.6). */
export interface TimeBounds {
  /** Lower bound (epoch ms), inclusive unless `startExclusive`. */
  startMs?: number | null;
  /** Upper bound (epoch ms), inclusive. */
  endMs?: number | null;
  /** `ts > startMs` instead of `ts >= startMs` (alignment `right_open`, §3.4.2). */
  startExclusive?: boolean;
}

/**
 * The `W` clause of §10.6 with a leading space, or "" when both bounds are open.
 *
 * @example
 * ```ts
 * whereTs({ startMs: 1000, endMs: 2000 }); // " WHERE ts >= 1000 AND ts <= 2000"
 * whereTs({ endMs: 2000 }); // " WHERE ts <= 2000"
 * ```
 */
export function whereTs(bounds: TimeBounds = {}): string {
  const parts: string[] = [];
  if (bounds.startMs != null) {
    parts.push(`ts ${bounds.startExclusive ? ">" : ">="} ${sqlTimestamp(bounds.startMs)}`);
  }
  if (bounds.endMs != null) parts.push(`ts <= ${sqlTimestamp(bounds.endMs)}`);
  return parts.length ? ` WHERE ${parts.join(" AND ")}` : "";
}

/**
 * `SELECT * FROM <t> LIMIT 0`: learns a table's columns (§10.5).
 *
 * @example
 * ```ts
 * selectAllLimit0("minswap_prices_djed"); // "SELECT * FROM minswap_prices_djed LIMIT 0"
 * ```
 */
export function selectAllLimit0(table: string): string {
  return `SELECT * FROM ${sqlIdent(table)} LIMIT 0`;
}

/**
 * The probe statement (§10.6).
 *
 * @example
 * ```ts
 * probeSql(); // "SELECT 1"
 * ```
 */
export function probeSql(): string {
  return "SELECT 1";
}

function optional(wanted: readonly string[], has: readonly string[]): string[] {
  return wanted.filter((c) => has.includes(c)).map(sqlIdent);
}

/**
 * Positions of an asset (§10.6); optional columns only when `tableColumns` has them.
 *
 * @example
 * ```ts
 * positionsSql("p_djed", ["ts", "wallet_address", "usd_value"], { startMs: 0, endMs: 10 });
 * // "SELECT ts, wallet_address, usd_value FROM p_djed WHERE ts >= 0 AND ts <= 10 ORDER BY ts ASC"
 * ```
 */
export function positionsSql(
  table: string,
  tableColumns: readonly string[],
  bounds: TimeBounds = {},
): string {
  const cols = [
    "ts",
    "wallet_address",
    ...optional(["usd_value", "underlying_units", "price_usd", "market_id"], tableColumns),
  ];
  return `SELECT ${cols.join(", ")} FROM ${sqlIdent(table)}${whereTs(bounds)} ORDER BY ts ASC`;
}

/**
 * The last asset price before the window (§10.6, §23.4): `ts < beforeMs`, or `ts <= beforeMs`
 * with `inclusive` (alignment `right_open`).
 *
 * @example
 * ```ts
 * lastPriceBeforeSql("p_djed", 5000);
 * // "SELECT ts, AVG(price_usd) AS price_usd FROM p_djed WHERE ts < 5000 AND price_usd IS NOT NULL GROUP BY ts ORDER BY ts DESC LIMIT 1"
 * ```
 */
export function lastPriceBeforeSql(
  table: string,
  beforeMs: number,
  opts: { inclusive?: boolean } = {},
): string {
  return `SELECT ts, AVG(price_usd) AS price_usd FROM ${sqlIdent(table)} WHERE ts ${
    opts.inclusive ? "<=" : "<"
  } ${sqlTimestamp(beforeMs)} AND price_usd IS NOT NULL GROUP BY ts ORDER BY ts DESC LIMIT 1`;
}

/**
 * The earliest position ts ≤ `endMs` (§4.3, §10.6); a null end is open.
 *
 * @example
 * ```ts
 * earliestPositionSql("p_djed", 5000); // "SELECT MIN(ts) AS min_ts FROM p_djed WHERE ts <= 5000"
 * ```
 */
export function earliestPositionSql(table: string, endMs: number | null): string {
  return `SELECT MIN(ts) AS min_ts FROM ${sqlIdent(table)}${whereTs({ endMs })}`;
}

/**
 * The memo column to read (§3.2.1): `auto` picks `memo` if present, else `notes`, else none.
 *
 * @example
 * ```ts
 * resolveMemoColumn("auto", ["ts", "notes"]); // "notes"
 * ```
 */
export function resolveMemoColumn(
  setting: "auto" | "memo" | "notes",
  tableColumns: readonly string[],
): "memo" | "notes" | null {
  if (setting !== "auto") return tableColumns.includes(setting) ? setting : null;
  if (tableColumns.includes("memo")) return "memo";
  return tableColumns.includes("notes") ? "notes" : null;
}

/**
 * Transactions of one table (§10.6); `memoColumn` and `tx_hash` only when the table has them.
 *
 * @example
 * ```ts
 * transactionsSql("w_djed", ["ts", "wallet_address", "amount", "notes", "tx_hash"], "notes", { endMs: 9 });
 * // "SELECT ts, wallet_address, amount, notes, tx_hash FROM w_djed WHERE ts <= 9 ORDER BY ts ASC"
 * ```
 */
export function transactionsSql(
  table: string,
  tableColumns: readonly string[],
  memoColumn: "memo" | "notes" | null,
  bounds: TimeBounds = {},
): string {
  const cols = ["ts", "wallet_address", "amount"];
  if (memoColumn && tableColumns.includes(memoColumn)) cols.push(sqlIdent(memoColumn));
  if (tableColumns.includes("tx_hash")) cols.push("tx_hash");
  return `SELECT ${cols.join(", ")} FROM ${sqlIdent(table)}${whereTs(bounds)} ORDER BY ts ASC`;
}

/**
 * The `greptime(liqwid)` price series: mean `price_usd` per ts (§3.1.4, §10.6).
 *
 * @example
 * ```ts
 * positionPriceSeriesSql("p_djed", { startMs: 1 });
 * // "SELECT ts, AVG(price_usd) AS price_usd FROM p_djed WHERE ts >= 1 GROUP BY ts ORDER BY ts ASC"
 * ```
 */
export function positionPriceSeriesSql(table: string, bounds: TimeBounds = {}): string {
  return `SELECT ts, AVG(price_usd) AS price_usd FROM ${sqlIdent(table)}${
    whereTs(bounds)
  } GROUP BY ts ORDER BY ts ASC`;
}

/**
 * The `greptime(minswap)` price series (§8.1, §10.6).
 *
 * @example
 * ```ts
 * minswapSeriesSql("minswap_prices_djed", { startMs: 1, endMs: 2 });
 * // "SELECT ts, price_usd FROM minswap_prices_djed WHERE ts >= 1 AND ts <= 2 ORDER BY ts ASC"
 * ```
 */
export function minswapSeriesSql(table: string, bounds: TimeBounds = {}): string {
  return `SELECT ts, price_usd FROM ${sqlIdent(table)}${whereTs(bounds)} ORDER BY ts ASC`;
}

/**
 * Server-side chart downsampling (§10.6, §15.3): per `bucketSeconds` bucket the min, mean,
 * max and count of the per-ts summed position value. The value expression uses only the
 * columns the table has.
 *
 * @example
 * ```ts
 * downsampleSql("p", ["ts", "usd_value", "underlying_units", "price_usd"], 3600, {});
 * // "SELECT date_bin(INTERVAL '3600 seconds', ts) AS bucket, MIN(v) AS v_min, ... ORDER BY bucket"
 * ```
 */
export function downsampleSql(
  table: string,
  tableColumns: readonly string[],
  bucketSeconds: number,
  bounds: TimeBounds = {},
): string {
  if (!Number.isSafeInteger(bucketSeconds) || bucketSeconds < 1) {
    throw new RangeError(`Invalid bucket ${bucketSeconds}: must be a positive integer of seconds`);
  }
  const hasUsd = tableColumns.includes("usd_value");
  const hasProduct = tableColumns.includes("underlying_units") &&
    tableColumns.includes("price_usd");
  const value = hasUsd && hasProduct
    ? "COALESCE(usd_value, underlying_units * price_usd)"
    : hasUsd
    ? "usd_value"
    : hasProduct
    ? "underlying_units * price_usd"
    : "NULL";
  return `SELECT date_bin(INTERVAL '${bucketSeconds} seconds', ts) AS bucket, MIN(v) AS v_min, ` +
    `AVG(v) AS v_avg, MAX(v) AS v_max, COUNT(v) AS n FROM (SELECT ts, SUM(${value}) AS v FROM ${
      sqlIdent(table)
    }${whereTs(bounds)} GROUP BY ts) AS s GROUP BY bucket ORDER BY bucket`;
}
