/**
 * The demo server's storage (SPEC §18.1): one in-memory `node:sqlite` database per
 * GreptimeDB database, table metadata kept beside it, and execution of the SQL subset.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { DemoCell, DemoDataset, DemoDataType } from "./dataset.ts";
import { type Catalog, sqliteType, type TableMeta } from "./sql_catalog.ts";
import { DEMO_CODES, DemoSqlError, isWord, tokenize } from "./sql_lexer.ts";
import { translateSelect } from "./sql_select.ts";
import { parseCreate, parseInsert } from "./sql_write.ts";

/** Result of one statement, in GreptimeDB's terms. */
export type StoreOutput =
  | {
    kind: "records";
    columns: { name: string; dataType: DemoDataType }[];
    rows: DemoCell[][];
  }
  | { kind: "affected"; affectedRows: number };

interface Database {
  sqlite: DatabaseSync;
  catalog: Catalog;
}

function inferType(rows: DemoCell[][], c: number): DemoDataType {
  for (const r of rows) {
    const v = r[c];
    if (typeof v === "string") return "String";
    if (typeof v === "number") return Number.isInteger(v) ? "Int64" : "Float64";
  }
  return "Float64";
}

function coerce(value: DemoCell, type: DemoDataType, column: string): DemoCell {
  if (value === null) return null;
  switch (type) {
    case "TimestampMillisecond": {
      const ms = typeof value === "string" ? Date.parse(value) : value;
      if (!Number.isSafeInteger(ms)) {
        throw new DemoSqlError(
          DEMO_CODES.invalidArguments,
          `Invalid timestamp for ${column}: ${value}`,
        );
      }
      return ms;
    }
    case "Int64":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) {
        throw new DemoSqlError(
          DEMO_CODES.invalidArguments,
          `Invalid integer for ${column}: ${value}`,
        );
      }
      return value;
    case "Float64":
      if (typeof value !== "number") {
        throw new DemoSqlError(
          DEMO_CODES.invalidArguments,
          `Invalid number for ${column}: ${value}`,
        );
      }
      return value;
    case "String":
      return String(value);
  }
}

/**
 * In-memory GreptimeDB look-alike over SQLite (what the demo HTTP server executes).
 *
 * @example
 * ```ts ignore
 * const store = new DemoStore(await createDemoDataset({ anchorMs: Date.UTC(2025, 0, 1) }));
 * store.execute("liqwid", "SELECT 1"); // { kind: "records", columns: [...], rows: [[1]] }
 * ```
 */
export class DemoStore {
  #dbs = new Map<string, Database>();

  /** Creates databases `liqwid` and `minswap` (always) and loads `dataset` into them. */
  constructor(dataset?: DemoDataset) {
    for (const name of ["liqwid", "minswap", ...Object.keys(dataset?.databases ?? {})]) {
      if (!this.#dbs.has(name)) {
        this.#dbs.set(name, { sqlite: new DatabaseSync(":memory:"), catalog: new Map() });
      }
    }
    for (const [db, tables] of Object.entries(dataset?.databases ?? {})) {
      for (const t of tables) {
        const meta: TableMeta = {
          name: t.name,
          columns: t.columns,
          primaryKey: t.primaryKey,
          timeIndex: "ts",
        };
        this.#create(this.#db(db), meta);
        this.#insert(this.#db(db), meta, t.columns.map((c) => c.name), t.rows);
      }
    }
  }

  /** The raw SQLite handle of a database (tests, debugging). */
  sqlite(db: string): DatabaseSync {
    return this.#db(db).sqlite;
  }

  /** Drops a table; returns whether it existed. */
  dropTable(db: string, table: string): boolean {
    const d = this.#db(db);
    if (!d.catalog.delete(table)) return false;
    d.sqlite.exec(`DROP TABLE "${table}"`);
    return true;
  }

  /** Runs one statement against database `db`. */
  execute(db: string, sql: string): StoreOutput {
    const d = this.#db(db);
    const tokens = tokenize(sql);
    if (tokens.length === 0) throw new DemoSqlError(DEMO_CODES.invalidSyntax, "Empty statement");
    if (isWord(tokens[0], "SELECT")) return this.#select(d, db, tokens);
    if (isWord(tokens[0], "CREATE")) {
      const plan = parseCreate(tokens);
      if (d.catalog.has(plan.table.name)) {
        if (plan.ifNotExists) return { kind: "affected", affectedRows: 0 };
        throw new DemoSqlError(
          DEMO_CODES.tableAlreadyExists,
          `Table already exists: greptime.${db}.${plan.table.name}`,
        );
      }
      this.#create(d, plan.table);
      return { kind: "affected", affectedRows: 0 };
    }
    if (isWord(tokens[0], "INSERT")) {
      const plan = parseInsert(tokens);
      const meta = d.catalog.get(plan.table);
      if (!meta) {
        throw new DemoSqlError(
          DEMO_CODES.tableNotFound,
          `Table not found: greptime.${db}.${plan.table}`,
        );
      }
      const columns = plan.columns ?? meta.columns.map((c) => c.name);
      const n = this.#insert(d, meta, columns, plan.rows);
      return { kind: "affected", affectedRows: n };
    }
    throw new DemoSqlError(DEMO_CODES.unsupported, `Unsupported statement: ${tokens[0].text}`);
  }

  #db(name: string): Database {
    const d = this.#dbs.get(name);
    if (!d) throw new DemoSqlError(DEMO_CODES.databaseNotFound, `Database not found: ${name}`);
    return d;
  }

  #create(d: Database, meta: TableMeta): void {
    const cols = meta.columns.map((c) =>
      `"${c.name}" ${sqliteType(c.type)}${c.name === meta.timeIndex ? " NOT NULL" : ""}`
    );
    const key = [...meta.primaryKey, meta.timeIndex].map((k) => `"${k}"`).join(", ");
    d.sqlite.exec(`CREATE TABLE "${meta.name}" (${cols.join(", ")}, UNIQUE (${key}))`);
    d.catalog.set(meta.name, meta);
  }

  #insert(d: Database, meta: TableMeta, columns: string[], rows: DemoCell[][]): number {
    const types = columns.map((c) => {
      const col = meta.columns.find((m) => m.name === c);
      if (!col) {
        throw new DemoSqlError(DEMO_CODES.planQuery, `Column ${c} not found in table ${meta.name}`);
      }
      return col.type;
    });
    if (!columns.includes(meta.timeIndex)) {
      throw new DemoSqlError(
        DEMO_CODES.invalidArguments,
        `Missing time index column ${meta.timeIndex}`,
      );
    }
    const values = rows.map((row) => {
      if (row.length !== columns.length) {
        throw new DemoSqlError(
          DEMO_CODES.invalidArguments,
          `Expected ${columns.length} values, got ${row.length}`,
        );
      }
      return row.map((v, k) => coerce(v, types[k], columns[k]));
    });
    const tsIdx = columns.indexOf(meta.timeIndex);
    if (values.some((r) => r[tsIdx] === null)) {
      throw new DemoSqlError(
        DEMO_CODES.invalidArguments,
        `Time index ${meta.timeIndex} cannot be null`,
      );
    }
    // Upsert on (primary key, ts): a later row replaces the earlier one, as in GreptimeDB.
    const stmt = d.sqlite.prepare(
      `INSERT OR REPLACE INTO "${meta.name}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${
        columns.map(() => "?").join(", ")
      })`,
    );
    d.sqlite.exec("BEGIN");
    try {
      for (const r of values) stmt.run(...r);
      d.sqlite.exec("COMMIT");
    } catch (e) {
      d.sqlite.exec("ROLLBACK");
      throw e;
    }
    return values.length;
  }

  #select(d: Database, db: string, tokens: ReturnType<typeof tokenize>): StoreOutput {
    const plan = translateSelect(tokens, d.catalog, db);
    let stmt;
    try {
      stmt = d.sqlite.prepare(plan.sqlite);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new DemoSqlError(DEMO_CODES.planQuery, `Failed to plan SQL: ${msg}`);
    }
    // Present at runtime (Node ≥ 22.16 API); missing from Deno's type declarations.
    (stmt as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
    const rows = stmt.all() as unknown as DemoCell[][];
    const columns = stmt.columns().map((c, k) => {
      const origin = c.table && c.column
        ? d.catalog.get(c.table)?.columns.find((m) => m.name === c.column)?.type
        : undefined;
      const dataType = plan.typeHints?.[k] ?? origin ?? inferType(rows, k);
      return { name: c.name, dataType };
    });
    return { kind: "records", columns, rows };
  }
}
