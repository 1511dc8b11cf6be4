/**
 * The GreptimeDB client contract (SPEC §10). Everything that reads or writes the database
 * (data readers, price providers, transaction sync) depends on this interface only; the
 * real implementation is `createGreptimeClient` in `client.ts`.
 *
 * @module
 */

/** Per-call options. */
export interface QueryOptions {
  /** Database (`db` form parameter); defaults to the client's database. */
  db?: string;
  /** Caller's signal, combined with the per-request timeout (§10.1). */
  signal?: AbortSignal;
}

/** One column of a result set. */
export interface ColumnSchema {
  /** Column name. */
  name: string;
  /** GreptimeDB data type as reported, e.g. `TimestampMillisecond`, `Float64`, `String`. */
  dataType: string;
}

/** A cell value after parsing: timestamps are epoch ms integers (§10.5). */
export type Cell = number | string | boolean | null;

/** A parsed result set: rows keyed by column name (§10.5). */
export interface QueryResult {
  /** Columns of the result set, in order. */
  columns: ColumnSchema[];
  /** Rows keyed by column name; a column absent from the schema reads as null (§10.5). */
  rows: Record<string, Cell>[];
}

/** The client used by the rest of the program. */
export interface GreptimeClient {
  /** Runs a SELECT and returns the first output's records (empty when none). */
  query(sql: string, opts?: QueryOptions): Promise<QueryResult>;
  /** Runs a statement and returns the summed `affectedrows`. */
  execute(sql: string, opts?: QueryOptions): Promise<number>;
  /**
   * Column names of a table, learned once per table per process with
   * `SELECT * FROM <t> LIMIT 0` (§10.5). Rejects with a `GreptimeQueryError`
   * (`isTableNotFound`) when the table does not exist.
   */
  tableColumns(table: string, opts?: QueryOptions): Promise<string[]>;
  /** `SELECT 1` probe. */
  ping(opts?: QueryOptions): Promise<void>;
  /** Base URL and database, for log lines. */
  readonly url: string;
  /** Default database (`db`) of the requests. */
  readonly database: string;
}
