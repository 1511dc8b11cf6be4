/**
 * GreptimeDB access (SPEC §10): the HTTP SQL client, its typed errors, response parsing
 * and injection-safe SQL builders.
 *
 * @example
 * ```ts ignore
 * import { createGreptimeClient, positionsSql } from "./mod.ts";
 * const client = createGreptimeClient({ url: "http://localhost:4000", database: "liqwid" });
 * const table = "liqwid_supply_positions_djed";
 * const cols = await client.tableColumns(table);
 * const { rows } = await client.query(positionsSql(table, cols, { startMs: 0 }));
 * ```
 *
 * @module
 */
export { createGreptimeClient, defaultSleep } from "./client.ts";
export type { GreptimeClientOptions } from "./client.ts";
export {
  BODY_EXCERPT_MAX_CHARS,
  CODE_DATABASE_NOT_FOUND,
  CODE_TABLE_NOT_FOUND,
  GreptimeHttpError,
  GreptimeNetworkError,
  GreptimeQueryError,
  GreptimeTimeoutError,
} from "./errors.ts";
export { parseSqlResponse } from "./parse.ts";
export type { ParsedOutput } from "./parse.ts";
export {
  downsampleSql,
  earliestPositionSql,
  lastPriceBeforeSql,
  minswapSeriesSql,
  positionPriceSeriesSql,
  positionsSql,
  probeSql,
  resolveMemoColumn,
  selectAllLimit0,
  sqlIdent,
  sqlString,
  sqlTimestamp,
  transactionsSql,
  whereTs,
} from "./sql.ts";
export type { TimeBounds } from "./sql.ts";
export {
  createTransactionTableSql,
  insertTransactionsSql,
  MAX_INSERT_ROWS,
  walletIdentitiesSql,
} from "./sync_sql.ts";
export type { TransactionInsertRow } from "./sync_sql.ts";
export type { Cell, ColumnSchema, GreptimeClient, QueryOptions, QueryResult } from "./types.ts";
