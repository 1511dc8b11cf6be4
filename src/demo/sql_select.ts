/**
 * Translation of the demo server's SELECT subset (SPEC §10.5, §10.6, §18.1) into SQLite.
 * Every identifier must be a whitelisted keyword or function, a table of the database, a
 * column of a referenced table, or an alias; literals are re-quoted. `date_bin` with a
 * fixed interval becomes integer arithmetic on epoch milliseconds.
 *
 * @module
 */
import type { DemoDataType } from "./dataset.ts";
import type { Catalog, TableMeta } from "./sql_catalog.ts";
import { DEMO_CODES, DemoSqlError, isOp, isWord, matchingParen, type Token } from "./sql_lexer.ts";

/** A SELECT ready for SQLite, with GreptimeDB types of its output columns when known. */
export interface SelectPlan {
  sqlite: string;
  /** Per select-list item; null when the list contains `*` (types come from origins). */
  typeHints: (DemoDataType | null)[] | null;
  tables: TableMeta[];
}

const KEYWORDS = new Set([
  "SELECT",
  "FROM",
  "WHERE",
  "AND",
  "OR",
  "NOT",
  "IS",
  "NULL",
  "AS",
  "GROUP",
  "BY",
  "ORDER",
  "ASC",
  "DESC",
  "LIMIT",
  "OFFSET",
  "IN",
  "BETWEEN",
  "DISTINCT",
  "TRUE",
  "FALSE",
  "HAVING",
]);
const FUNCTIONS = new Set(["avg", "min", "max", "sum", "count", "coalesce", "abs", "round"]);

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
};

function intervalMs(t: Token | undefined): number {
  const m = t?.type === "string" ? /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(t.value ?? "") : null;
  const unit = m ? UNIT_SECONDS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined || Number(m[1]) <= 0) {
    throw new DemoSqlError(
      DEMO_CODES.unsupported,
      `Unsupported date_bin interval ${t?.text ?? "(missing)"}: use a fixed 'N seconds' interval`,
    );
  }
  return Number(m[1]) * unit * 1000;
}

function referencedTables(tokens: Token[], catalog: Catalog, db: string): TableMeta[] {
  const out: TableMeta[] = [];
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!isWord(tokens[i], "FROM") || tokens[i + 1].type !== "ident") continue;
    const name = tokens[i + 1].text.toLowerCase();
    const meta = catalog.get(name);
    if (!meta) {
      throw new DemoSqlError(DEMO_CODES.tableNotFound, `Table not found: greptime.${db}.${name}`);
    }
    out.push(meta);
  }
  return out;
}

function columnType(tables: TableMeta[], name: string): DemoDataType | null {
  for (const t of tables) {
    const c = t.columns.find((c) => c.name === name);
    if (c) return c.type;
  }
  return null;
}

const COMPARISONS = new Set(["=", "<", "<=", ">", ">=", "<>", "!="]);
const ISO_RE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * `ts >= '2025-01-01T00:00:00Z'`: GreptimeDB casts a string compared with a timestamp column;
 * timestamps are integers here, so the literal becomes epoch ms (naive = UTC).
 */
function timestampLiteral(tokens: Token[], i: number, tables: TableMeta[]): number | null {
  const op = tokens[i - 1];
  const col = tokens[i - 2];
  const value = tokens[i].value ?? "";
  if (op?.type !== "op" || !COMPARISONS.has(op.text) || col?.type !== "ident") return null;
  if (columnType(tables, col.text.toLowerCase()) !== "TimestampMillisecond") return null;
  if (!ISO_RE.test(value)) return null;
  const naive = !/(Z|[+-]\d{2}:\d{2})$/.test(value);
  const ms = Date.parse(value.replace(" ", "T") + (naive && value.length > 10 ? "Z" : ""));
  return Number.isFinite(ms) ? ms : null;
}

function selectItems(tokens: Token[]): Token[][] {
  let i = 1;
  if (isWord(tokens[i], "DISTINCT")) i++;
  const items: Token[][] = [[]];
  let depth = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (depth === 0 && isWord(t, "FROM")) break;
    if (isOp(t, "(")) depth++;
    if (isOp(t, ")")) depth--;
    if (depth === 0 && isOp(t, ",")) items.push([]);
    else items[items.length - 1].push(t);
  }
  return items;
}

function hintFor(item: Token[], tables: TableMeta[]): DemoDataType | null {
  const end = item.length >= 2 && isWord(item[item.length - 2], "AS")
    ? item.length - 2
    : item.length;
  const expr = item.slice(0, end);
  const head = expr[0];
  if (expr.length === 1) {
    if (head.type === "number") return /^\d+$/.test(head.text) ? "Int64" : "Float64";
    if (head.type === "string") return "String";
    if (head.type === "ident") return columnType(tables, head.text.toLowerCase());
    return null;
  }
  if (head?.type !== "ident" || !isOp(expr[1], "(")) return null;
  const fn = head.text.toLowerCase();
  const inner = expr.slice(2, -1);
  const innerType = inner.length === 1 && inner[0].type === "ident"
    ? columnType(tables, inner[0].text.toLowerCase())
    : null;
  switch (fn) {
    case "date_bin":
      return "TimestampMillisecond";
    case "count":
      return "Int64";
    case "avg":
      return "Float64";
    case "min":
    case "max":
      return innerType;
    case "sum":
      return innerType === "Int64" ? "Int64" : "Float64";
    default:
      return null;
  }
}

/**
 * Translates a tokenized SELECT for database `db` (tables in `catalog`).
 *
 * @example
 * ```ts ignore
 * translateSelect(tokenize("SELECT 1"), new Map(), "liqwid").sqlite; // "SELECT 1"
 * ```
 */
export function translateSelect(tokens: Token[], catalog: Catalog, db: string): SelectPlan {
  if (!isWord(tokens[0], "SELECT")) {
    throw new DemoSqlError(DEMO_CODES.unsupported, "Unsupported statement");
  }
  const tables = referencedTables(tokens, catalog, db);
  const aliases = new Set<string>();
  tokens.forEach((t, i) => {
    if (isWord(tokens[i - 1], "AS") && t.type === "ident") aliases.add(t.text.toLowerCase());
  });
  const known = (name: string): boolean =>
    catalog.has(name) || aliases.has(name) || columnType(tables, name) !== null;

  function emit(from: number, to: number): string {
    const parts: string[] = [];
    for (let i = from; i < to; i++) {
      const t = tokens[i];
      if (t.type === "string") {
        const tsMs = timestampLiteral(tokens, i, tables);
        parts.push(tsMs !== null ? String(tsMs) : `'${(t.value ?? "").replaceAll("'", "''")}'`);
      } else if (t.type === "number" || t.type === "op") {
        parts.push(t.text);
      } else if (KEYWORDS.has(t.text.toUpperCase())) {
        parts.push(t.text.toUpperCase());
      } else if (isOp(tokens[i + 1], "(")) {
        const fn = t.text.toLowerCase();
        if (fn === "date_bin") {
          const close = matchingParen(tokens, i + 1);
          if (!isWord(tokens[i + 2], "INTERVAL") || !isOp(tokens[i + 4], ",")) {
            throw new DemoSqlError(DEMO_CODES.unsupported, "Unsupported date_bin arguments");
          }
          const m = intervalMs(tokens[i + 3]);
          for (let k = i + 5, depth = 0; k < close; k++) {
            if (isOp(tokens[k], "(")) depth++;
            if (isOp(tokens[k], ")")) depth--;
            if (depth === 0 && isOp(tokens[k], ",")) {
              throw new DemoSqlError(
                DEMO_CODES.unsupported,
                "Unsupported date_bin origin argument",
              );
            }
          }
          const e = `(${emit(i + 5, close)})`;
          parts.push(`(${e} - (((${e} % ${m}) + ${m}) % ${m}))`);
          i = close;
        } else if (FUNCTIONS.has(fn)) {
          parts.push(fn.toUpperCase());
        } else {
          throw new DemoSqlError(DEMO_CODES.unsupported, `Unsupported function: ${t.text}`);
        }
      } else {
        const name = t.text.toLowerCase();
        if (!known(name)) {
          const code = isWord(t, "INTERVAL") || /^[A-Z]+$/.test(t.text)
            ? DEMO_CODES.unsupported
            : DEMO_CODES.planQuery;
          throw new DemoSqlError(
            code,
            code === DEMO_CODES.unsupported
              ? `Unsupported SQL: ${t.text}`
              : `Failed to plan SQL: No field named ${name}`,
          );
        }
        parts.push(name);
      }
    }
    return parts.join(" ");
  }

  const items = selectItems(tokens);
  const hasStar = items.some((it) => it.length === 1 && isOp(it[0], "*"));
  return {
    sqlite: emit(0, tokens.length),
    typeHints: hasStar ? null : items.map((it) => hintFor(it, tables)),
    tables,
  };
}
