/**
 * Table metadata of the demo server: GreptimeDB column types, tags and the time index.
 *
 * @module
 */
import type { DemoDataType } from "./dataset.ts";

/** One table as GreptimeDB would describe it. */
export interface TableMeta {
  name: string;
  columns: { name: string; type: DemoDataType }[];
  /** Tag columns; together with `timeIndex` they identify a row (upsert key). */
  primaryKey: string[];
  timeIndex: string;
}

/** Tables of one database, by name. */
export type Catalog = Map<string, TableMeta>;

/** SQLite storage class for a GreptimeDB type (timestamps are integer epoch ms). */
export function sqliteType(type: DemoDataType): string {
  switch (type) {
    case "TimestampMillisecond":
    case "Int64":
      return "INTEGER";
    case "Float64":
      return "REAL";
    case "String":
      return "TEXT";
  }
}

/** Words that may never be used as table or column names of the demo server. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    "select from where and or not is null as group by order asc desc limit offset in between " +
    "distinct true false interval having union join intersect except with pragma attach detach " +
    "insert update delete drop create alter replace vacuum case when then else end cast like " +
    "glob regexp match exists collate escape recursive window over filter values into " +
    "returning table index primary key time on conflict do set begin commit rollback"
  ).split(" "),
);

/** Identifier rule of the demo server (GreptimeDB lower-cases unquoted identifiers). */
export const DEMO_IDENT_RE = /^[a-z_][a-z0-9_]{0,127}$/;
