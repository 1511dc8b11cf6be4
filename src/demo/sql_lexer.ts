/**
 * Tokenizer of the demo server's SQL subset (SPEC §18.1). Anything outside the subset
 * (comments, quoted identifiers, `;` between statements, unknown characters) is rejected
 * here, before any text reaches SQLite.
 *
 * @module
 */

/** A SQL token. Strings carry their unescaped value; idents keep their spelling. */
export interface Token {
  type: "ident" | "number" | "string" | "op";
  text: string;
  /** Unescaped value of a string literal. */
  value?: string;
}

/** A statement the demo server rejects, with its GreptimeDB code (§18.1). */
export class DemoSqlError extends Error {
  /** Always `"DemoSqlError"`. */
  override name = "DemoSqlError";
  /** GreptimeDB status code the server answers with (see {@link DEMO_CODES}). */
  readonly code: number;
  /**
   * Creates the error with a GreptimeDB status code and message.
   *
   * @example
   * ```ts
   * new DemoSqlError(1001, "Unsupported: PRAGMA").code; // 1001
   * ```
   */
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** GreptimeDB status codes used by the demo server. */
export const DEMO_CODES = {
  unsupported: 1001,
  invalidArguments: 1004,
  invalidSyntax: 2000,
  planQuery: 3000,
  tableAlreadyExists: 4000,
  tableNotFound: 4001,
  databaseNotFound: 4004,
  authFailed: 7000,
} as const;

const OPS = ["<=", ">=", "<>", "!=", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", "."];

/**
 * Splits one statement into tokens; a single trailing `;` is allowed.
 *
 * @example
 * ```ts
 * tokenize("SELECT 1").map((t) => t.text); // ["SELECT", "1"]
 * ```
 */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    if (ch === " " || ch === "\n" || ch === "\r" || ch === "\t") {
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(sql[j])) j++;
      out.push({ type: "ident", text: sql.slice(i, j) });
      i = j;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(sql.slice(i, i + 64));
      if (!m || /[A-Za-z_]/.test(sql[i + m[0].length] ?? "")) {
        throw new DemoSqlError(DEMO_CODES.invalidSyntax, `Invalid number at position ${i}`);
      }
      out.push({ type: "number", text: m[0] });
      i += m[0].length;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let value = "";
      for (;;) {
        if (j >= n) throw new DemoSqlError(DEMO_CODES.invalidSyntax, "Unterminated string literal");
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += sql[j++];
      }
      out.push({ type: "string", text: sql.slice(i, j + 1), value });
      i = j + 1;
      continue;
    }
    if (ch === "-" && sql[i + 1] === "-" || ch === "/" && sql[i + 1] === "*") {
      throw new DemoSqlError(DEMO_CODES.invalidSyntax, "Comments are not supported");
    }
    if (ch === ";") {
      if (sql.slice(i + 1).trim() === "") break;
      throw new DemoSqlError(DEMO_CODES.unsupported, "Unsupported: multiple statements");
    }
    const op = OPS.find((o) => sql.startsWith(o, i));
    if (!op) {
      throw new DemoSqlError(
        DEMO_CODES.invalidSyntax,
        `Unexpected character ${JSON.stringify(ch)} at position ${i}`,
      );
    }
    out.push({ type: "op", text: op });
    i += op.length;
  }
  return out;
}

/** Case-insensitive keyword test. */
export function isWord(t: Token | undefined, word: string): boolean {
  return t?.type === "ident" && t.text.toUpperCase() === word;
}

/** True for the operator token `op`. */
export function isOp(t: Token | undefined, op: string): boolean {
  return t?.type === "op" && t.text === op;
}

/** Index of the `)` matching the `(` at `open`. */
export function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isOp(tokens[i], "(")) depth++;
    else if (isOp(tokens[i], ")") && --depth === 0) return i;
  }
  throw new DemoSqlError(DEMO_CODES.invalidSyntax, "Unbalanced parentheses");
}
