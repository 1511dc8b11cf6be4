/**
 * Parsing of the demo server's write statements (SPEC §16.5, §18.1): `CREATE TABLE [IF NOT
 * EXISTS] … TIME INDEX (…) [PRIMARY KEY (…)]` and multi-row `INSERT INTO … VALUES …`.
 * Values become bound parameters; no statement text is passed through to SQLite.
 *
 * @module
 */
import type { DemoCell, DemoDataType } from "./dataset.ts";
import { DEMO_IDENT_RE, RESERVED_WORDS, type TableMeta } from "./sql_catalog.ts";
import { DEMO_CODES, DemoSqlError, isOp, isWord, type Token } from "./sql_lexer.ts";

/** A parsed CREATE TABLE. */
export interface CreatePlan {
  ifNotExists: boolean;
  table: TableMeta;
}

/** A parsed INSERT: column names and one value tuple per row. */
export interface InsertPlan {
  table: string;
  columns: string[] | null;
  rows: DemoCell[][];
}

function syntax(message: string): DemoSqlError {
  return new DemoSqlError(DEMO_CODES.invalidSyntax, message);
}

/** A validated lower-case identifier at `tokens[i]`. */
export function identAt(tokens: Token[], i: number, what: string): string {
  const t = tokens[i];
  if (t?.type !== "ident") throw syntax(`Expected ${what} at token ${i}`);
  const name = t.text.toLowerCase();
  if (!DEMO_IDENT_RE.test(name) || RESERVED_WORDS.has(name)) {
    throw new DemoSqlError(DEMO_CODES.unsupported, `Unsupported ${what}: ${t.text}`);
  }
  return name;
}

function expectOp(tokens: Token[], i: number, op: string): void {
  if (!isOp(tokens[i], op)) throw syntax(`Expected "${op}" at token ${i}`);
}

function typeOf(tokens: Token[], i: number): { type: DemoDataType; next: number } {
  const word = tokens[i]?.text.toUpperCase() ?? "";
  let next = i + 1;
  let precision: string | null = null;
  if (isOp(tokens[next], "(")) {
    precision = tokens[next + 1]?.text ?? "";
    expectOp(tokens, next + 2, ")");
    next += 3;
  }
  const types: Record<string, DemoDataType> = {
    TIMESTAMP: "TimestampMillisecond",
    TIMESTAMP_MS: "TimestampMillisecond",
    TIMESTAMPMILLISECOND: "TimestampMillisecond",
    STRING: "String",
    TEXT: "String",
    VARCHAR: "String",
    DOUBLE: "Float64",
    FLOAT64: "Float64",
    BIGINT: "Int64",
    INT64: "Int64",
  };
  const type = types[word];
  if (
    !type || (precision !== null && !(type === "TimestampMillisecond" && precision === "3") &&
      type !== "String")
  ) {
    throw new DemoSqlError(DEMO_CODES.unsupported, `Unsupported column type: ${word}`);
  }
  return { type, next };
}

function identList(tokens: Token[], i: number, what: string): { names: string[]; next: number } {
  expectOp(tokens, i, "(");
  const names: string[] = [];
  let k = i + 1;
  for (;;) {
    names.push(identAt(tokens, k, what));
    if (isOp(tokens[k + 1], ",")) k += 2;
    else break;
  }
  expectOp(tokens, k + 1, ")");
  return { names, next: k + 2 };
}

/**
 * Parses `CREATE TABLE [IF NOT EXISTS] t (col TYPE [NOT NULL|NULL], …, TIME INDEX (ts)
 * [, PRIMARY KEY (…)]) [ENGINE = mito]`.
 *
 * @example
 * ```ts ignore
 * parseCreate(tokenize("CREATE TABLE t (ts TIMESTAMP(3) NOT NULL, TIME INDEX (ts))")).table.name; // "t"
 * ```
 */
export function parseCreate(tokens: Token[]): CreatePlan {
  let i = 2; // CREATE TABLE
  if (!isWord(tokens[1], "TABLE")) {
    throw new DemoSqlError(DEMO_CODES.unsupported, "Unsupported CREATE");
  }
  let ifNotExists = false;
  if (isWord(tokens[i], "IF")) {
    if (!isWord(tokens[i + 1], "NOT") || !isWord(tokens[i + 2], "EXISTS")) {
      throw syntax("IF NOT EXISTS");
    }
    ifNotExists = true;
    i += 3;
  }
  const name = identAt(tokens, i++, "table name");
  expectOp(tokens, i++, "(");
  const columns: TableMeta["columns"] = [];
  let timeIndex: string | null = null;
  let primaryKey: string[] = [];
  for (;;) {
    if (isWord(tokens[i], "TIME") && isWord(tokens[i + 1], "INDEX")) {
      const l = identList(tokens, i + 2, "time index column");
      if (l.names.length !== 1) throw syntax("TIME INDEX takes one column");
      timeIndex = l.names[0];
      i = l.next;
    } else if (isWord(tokens[i], "PRIMARY") && isWord(tokens[i + 1], "KEY")) {
      const l = identList(tokens, i + 2, "primary key column");
      primaryKey = l.names;
      i = l.next;
    } else {
      const col = identAt(tokens, i, "column name");
      const t = typeOf(tokens, i + 1);
      i = t.next;
      if (isWord(tokens[i], "NOT") && isWord(tokens[i + 1], "NULL")) i += 2;
      else if (isWord(tokens[i], "NULL")) i++;
      if (columns.some((c) => c.name === col)) throw syntax(`Duplicate column ${col}`);
      columns.push({ name: col, type: t.type });
    }
    if (isOp(tokens[i], ",")) i++;
    else break;
  }
  expectOp(tokens, i++, ")");
  if (isWord(tokens[i], "ENGINE") && isOp(tokens[i + 1], "=") && tokens[i + 2]?.type === "ident") {
    i += 3;
  }
  if (i !== tokens.length) throw syntax(`Unexpected ${tokens[i].text} after CREATE TABLE`);
  const ti = timeIndex;
  if (ti === null || columns.find((c) => c.name === ti)?.type !== "TimestampMillisecond") {
    throw new DemoSqlError(
      DEMO_CODES.invalidArguments,
      "A TIME INDEX on a TIMESTAMP column is required",
    );
  }
  for (const k of primaryKey) {
    if (!columns.some((c) => c.name === k)) {
      throw new DemoSqlError(DEMO_CODES.invalidArguments, `Primary key column ${k} is not defined`);
    }
  }
  return { ifNotExists, table: { name, columns, primaryKey, timeIndex: ti } };
}

function literalAt(tokens: Token[], i: number): { value: DemoCell; next: number } {
  const t = tokens[i];
  let sign = 1;
  let k = i;
  if (isOp(t, "-") || isOp(t, "+")) {
    sign = isOp(t, "-") ? -1 : 1;
    k++;
  }
  const v = tokens[k];
  if (v?.type === "number") return { value: sign * Number(v.text), next: k + 1 };
  if (k !== i) throw syntax("Expected a number after sign");
  if (v?.type === "string") return { value: v.value ?? "", next: k + 1 };
  if (isWord(v, "NULL")) return { value: null, next: k + 1 };
  if (isWord(v, "TRUE") || isWord(v, "FALSE")) {
    return { value: isWord(v, "TRUE") ? 1 : 0, next: k + 1 };
  }
  throw new DemoSqlError(DEMO_CODES.unsupported, `Unsupported value: ${v?.text ?? "(end)"}`);
}

/**
 * Parses `INSERT INTO t [(cols)] VALUES (…), (…)` with literal values only.
 *
 * @example
 * ```ts ignore
 * parseInsert(tokenize("INSERT INTO t (ts) VALUES (1), (2)")).rows; // [[1], [2]]
 * ```
 */
export function parseInsert(tokens: Token[]): InsertPlan {
  if (!isWord(tokens[1], "INTO")) throw syntax("Expected INTO");
  const table = identAt(tokens, 2, "table name");
  let i = 3;
  let columns: string[] | null = null;
  if (isOp(tokens[i], "(")) {
    const l = identList(tokens, i, "column name");
    columns = l.names;
    i = l.next;
  }
  if (!isWord(tokens[i++], "VALUES")) throw syntax("Expected VALUES");
  const rows: DemoCell[][] = [];
  for (;;) {
    expectOp(tokens, i++, "(");
    const row: DemoCell[] = [];
    for (;;) {
      const l = literalAt(tokens, i);
      row.push(l.value);
      i = l.next;
      if (isOp(tokens[i], ",")) i++;
      else break;
    }
    expectOp(tokens, i++, ")");
    rows.push(row);
    if (isOp(tokens[i], ",")) i++;
    else break;
  }
  if (i !== tokens.length) throw syntax(`Unexpected ${tokens[i].text} after VALUES`);
  return { table, columns, rows };
}
