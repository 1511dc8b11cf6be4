/**
 * A tiny in-memory `GreptimeClient` for unit tests of the price providers and the sync.
 * It understands exactly the statement shapes those modules send (built by
 * `src/greptime/sql.ts` / `sync_sql.ts`): CREATE TABLE … PRIMARY KEY, multi-row INSERT with
 * upsert on (primary key, ts), `SELECT DISTINCT wallet_address`, identity lookups by wallet,
 * price series with a ts window (optionally `AVG(price_usd) … GROUP BY ts`), and
 * `SELECT * … LIMIT 0`. Anything else fails with code 1001 like the demo server. The
 * end-to-end sync tests use the real HTTP client against the demo server instead.
 *
 * @module
 */

import { GreptimeQueryError } from "../../src/greptime/mod.ts";
import type { Cell, GreptimeClient, QueryOptions, QueryResult } from "../../src/greptime/mod.ts";

interface Table {
  columns: string[];
  primaryKey: string[];
  rows: Record<string, Cell>[];
}

/** The fake plus its inspection helpers. */
export interface MemoryGreptime extends GreptimeClient {
  /** Every statement received, with its db. */
  readonly statements: { sql: string; db: string }[];
  /** Creates/replaces a table with rows (for seeding). */
  seed(db: string, table: string, columns: string[], rows: Record<string, Cell>[]): void;
  /** Rows of a table (empty when missing). */
  rows(db: string, table: string): Record<string, Cell>[];
  /** Makes the next statements matching `re` fail with `code`. */
  failNext(re: RegExp, code: number, times?: number): void;
}

function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inStr = false;
  let cur = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      cur += c;
      if (c === "'" && text[i + 1] === "'") cur += text[++i];
      else if (c === "'") inStr = false;
      continue;
    }
    if (c === "'") inStr = true;
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (c === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim() !== "") out.push(cur.trim());
  return out;
}

function literal(token: string): Cell {
  const t = token.trim();
  if (/^NULL$/i.test(t)) return null;
  if (t.startsWith("'")) return t.slice(1, -1).replaceAll("''", "'");
  const n = Number(t);
  if (!Number.isFinite(n)) throw new Error(`bad literal ${t}`);
  return n;
}

function parseTuples(text: string): Cell[][] {
  const tuples: Cell[][] = [];
  for (const part of splitTop(text)) {
    const inner = part.trim().replace(/^\(/, "").replace(/\)$/, "");
    tuples.push(splitTop(inner).map(literal));
  }
  return tuples;
}

/**
 * Creates the fake.
 *
 * @example
 * ```ts ignore
 * const db = createMemoryGreptime();
 * db.seed("liqwid", "liqwid_supply_positions_djed", ["ts", "wallet_address", "price_usd"], []);
 * ```
 */
export function createMemoryGreptime(database = "liqwid"): MemoryGreptime {
  const dbs = new Map<string, Map<string, Table>>([[database, new Map()]]);
  const statements: { sql: string; db: string }[] = [];
  const faults: { re: RegExp; code: number; left: number }[] = [];

  function table(db: string, name: string): Table {
    const d = dbs.get(db);
    if (!d) throw new GreptimeQueryError(400, 4004, `Database not found: ${db}`);
    const t = d.get(name);
    if (!t) throw new GreptimeQueryError(400, 4001, `Table not found: greptime.${db}.${name}`);
    return t;
  }

  function upsert(t: Table, row: Record<string, Cell>): void {
    const key = (r: Record<string, Cell>) =>
      JSON.stringify([...t.primaryKey.map((k) => r[k] ?? null), r.ts]);
    const k = key(row);
    const i = t.rows.findIndex((r) => key(r) === k);
    if (i >= 0) t.rows[i] = row;
    else t.rows.push(row);
  }

  function result(cols: string[], rows: Record<string, Cell>[]): QueryResult {
    return { columns: cols.map((name) => ({ name, dataType: "String" })), rows };
  }

  function run(sql: string, db: string): QueryResult & { affected: number } {
    statements.push({ sql, db });
    const f = faults.find((x) => x.re.test(sql));
    if (f) {
      if (--f.left <= 0) faults.splice(faults.indexOf(f), 1);
      throw new GreptimeQueryError(400, f.code, `injected failure ${f.code}`);
    }
    let m = /^CREATE TABLE IF NOT EXISTS (\w+) \((.*)\)$/s.exec(sql);
    if (m) {
      const d = dbs.get(db) ?? new Map<string, Table>();
      dbs.set(db, d);
      if (!d.has(m[1])) {
        const defs = splitTop(m[2]);
        const pk = defs.find((x) => x.startsWith("PRIMARY KEY"));
        d.set(m[1], {
          columns: defs.filter((x) => !/^(TIME INDEX|PRIMARY KEY)/.test(x)).map((x) =>
            x.split(/\s+/)[0]
          ),
          primaryKey: pk ? pk.replace(/^PRIMARY KEY \(|\)$/g, "").split(/,\s*/) : [],
          rows: [],
        });
      }
      return { ...result([], []), affected: 0 };
    }
    m = /^INSERT INTO (\w+) \(([^)]*)\) VALUES (.*)$/s.exec(sql);
    if (m) {
      const t = table(db, m[1]);
      const cols = m[2].split(/,\s*/);
      const tuples = parseTuples(m[3]);
      for (const tuple of tuples) {
        const row: Record<string, Cell> = {};
        for (const c of t.columns) row[c] = null;
        cols.forEach((c, i) => (row[c] = tuple[i]));
        upsert(t, row);
      }
      return { ...result([], []), affected: tuples.length };
    }
    m = /^SELECT \* FROM (\w+) LIMIT 0$/.exec(sql);
    if (m) return { ...result(table(db, m[1]).columns, []), affected: 0 };
    m = /^SELECT ([\w, ]+) FROM (\w+) ORDER BY ts ASC$/.exec(sql);
    if (m && !m[1].includes("price_usd")) {
      const cols = m[1].split(/,\s*/);
      const rows = [...table(db, m[2]).rows].sort((x, y) => (x.ts as number) - (y.ts as number))
        .map((r) => Object.fromEntries(cols.filter((c) => c in r).map((c) => [c, r[c]])));
      return { ...result(cols, rows), affected: 0 };
    }
    m = /^SELECT DISTINCT wallet_address FROM (\w+)$/.exec(sql);
    if (m) {
      const seen = [...new Set(table(db, m[1]).rows.map((r) => r.wallet_address))];
      return {
        ...result(["wallet_address"], seen.map((w) => ({ wallet_address: w }))),
        affected: 0,
      };
    }
    m = /^SELECT ([\w, ]+) FROM (\w+) WHERE wallet_address = ('(?:[^']|'')*')$/.exec(sql);
    if (m) {
      const cols = m[1].split(/,\s*/);
      const w = literal(m[3]);
      const rows = table(db, m[2]).rows.filter((r) => r.wallet_address === w)
        .map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null])));
      return { ...result(cols, rows), affected: 0 };
    }
    m =
      /^SELECT ts, (AVG\(price_usd\) AS price_usd|price_usd) FROM (\w+)(?: WHERE ts >= (\d+) AND ts <= (\d+))?( GROUP BY ts)? ORDER BY ts ASC$/
        .exec(sql);
    if (m) {
      const t = table(db, m[2]);
      const a = m[3] ? Number(m[3]) : -Infinity;
      const b = m[4] ? Number(m[4]) : Infinity;
      const inside = t.rows.filter((r) => typeof r.ts === "number" && r.ts >= a && r.ts <= b);
      const byTs = new Map<number, number[]>();
      for (const r of inside) {
        const list = byTs.get(r.ts as number) ?? [];
        if (typeof r.price_usd === "number") list.push(r.price_usd);
        byTs.set(r.ts as number, list);
      }
      const rows = [...byTs.entries()].sort((x, y) => x[0] - y[0]).map(([ts, ps]) => ({
        ts,
        price_usd: ps.length ? ps.reduce((s, v) => s + v, 0) / ps.length : null,
      }));
      return { ...result(["ts", "price_usd"], rows), affected: 0 };
    }
    throw new GreptimeQueryError(400, 1001, `unsupported statement: ${sql.slice(0, 80)}`);
  }

  return {
    url: "memory://greptime",
    database,
    statements,
    query(sql: string, opts?: QueryOptions): Promise<QueryResult> {
      try {
        const { columns, rows } = run(sql, opts?.db ?? database);
        return Promise.resolve({ columns, rows });
      } catch (err) {
        return Promise.reject(err);
      }
    },
    execute(sql: string, opts?: QueryOptions): Promise<number> {
      try {
        return Promise.resolve(run(sql, opts?.db ?? database).affected);
      } catch (err) {
        return Promise.reject(err);
      }
    },
    async tableColumns(name: string, opts?: QueryOptions): Promise<string[]> {
      const r = await this.query(`SELECT * FROM ${name} LIMIT 0`, opts);
      return r.columns.map((c) => c.name);
    },
    ping(): Promise<void> {
      return Promise.resolve();
    },
    seed(db, name, columns, rows) {
      const d = dbs.get(db) ?? new Map<string, Table>();
      dbs.set(db, d);
      d.set(name, { columns, primaryKey: [], rows: rows.map((r) => ({ ...r })) });
    },
    rows(db, name) {
      return dbs.get(db)?.get(name)?.rows ?? [];
    },
    failNext(re, code, times = 1) {
      faults.push({ re, code, left: times });
    },
  };
}
