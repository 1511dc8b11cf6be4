/**
 * A targeted JSON walker that returns the source text of selected row cells of a
 * GreptimeDB response (`output[i].records.rows[r][c]`) without building any values.
 *
 * `JSON.parse` rounds integers beyond 2^53; nanosecond timestamps need their exact digits
 * (SPEC §10.5). Re-parsing the whole body with a reviver is several times slower than
 * walking the text once and slicing out only the cells that matter, which is what this does.
 *
 * @module
 */

function skipWs(t: string, p: number): number {
  for (;;) {
    const ch = t.charCodeAt(p);
    if (ch === 32 || ch === 10 || ch === 13 || ch === 9) p++;
    else return p;
  }
}

function skipString(t: string, p: number): number {
  // p points at the opening quote.
  let q = p;
  for (;;) {
    q = t.indexOf('"', q + 1);
    if (q < 0) throw new SyntaxError("unterminated string");
    let bs = 0;
    for (let k = q - 1; t.charCodeAt(k) === 92; k--) bs++;
    if (bs % 2 === 0) return q + 1;
  }
}

function skipLiteral(t: string, p: number): number {
  for (;;) {
    const ch = t.charCodeAt(p);
    // , ] } whitespace or end of text end a literal
    if (ch === 44 || ch === 93 || ch === 125 || ch === 32 || ch === 10 || ch === 13 || ch === 9) {
      return p;
    }
    if (Number.isNaN(ch)) return p;
    p++;
  }
}

function skipValue(t: string, p: number): number {
  const ch = t.charCodeAt(p);
  if (ch === 34) return skipString(t, p);
  if (ch === 123 || ch === 91) {
    const close = ch === 123 ? 125 : 93;
    p = skipWs(t, p + 1);
    if (t.charCodeAt(p) === close) return p + 1;
    for (;;) {
      if (ch === 123) {
        p = skipWs(t, skipString(t, p));
        p = skipWs(t, p + 1); // ':'
      }
      p = skipWs(t, skipValue(t, p));
      const c = t.charCodeAt(p);
      if (c === close) return p + 1;
      if (c !== 44) throw new SyntaxError(`unexpected character at ${p}`);
      p = skipWs(t, p + 1);
    }
  }
  return skipLiteral(t, p);
}

/** Walks the members of the object at `p`; returns the position of the value of `key`, or -1. */
function findKey(t: string, p: number, key: string): number {
  p = skipWs(t, p);
  if (t.charCodeAt(p) !== 123) return -1;
  p = skipWs(t, p + 1);
  if (t.charCodeAt(p) === 125) return -1;
  for (;;) {
    const end = skipString(t, p);
    const name = JSON.parse(t.slice(p, end));
    p = skipWs(t, skipWs(t, end) + 1);
    if (name === key) return p;
    p = skipWs(t, skipValue(t, p));
    if (t.charCodeAt(p) !== 44) return -1;
    p = skipWs(t, p + 1);
  }
}

/**
 * Source texts of the cells in `columns` of `output[outputIndex].records.rows`, one array
 * per requested column (in the order given), `null` where a cell is not a number literal.
 *
 * @example
 * ```ts
 * const text = '{"output":[{"records":{"rows":[[1732752000123456789,"a"]]}}]}';
 * console.log(rowCellSources(text, 0, [0])); // [["1732752000123456789"]]
 * ```
 */
export function rowCellSources(
  text: string,
  outputIndex: number,
  columns: number[],
): (string | null)[][] {
  const result: (string | null)[][] = columns.map(() => []);
  let p = findKey(text, 0, "output");
  if (p < 0 || text.charCodeAt(p) !== 91) return result;
  p = skipWs(text, p + 1);
  for (let i = 0; i < outputIndex; i++) {
    p = skipWs(text, skipValue(text, p));
    p = skipWs(text, p + 1); // ','
  }
  p = findKey(text, p, "records");
  if (p < 0) return result;
  p = findKey(text, p, "rows");
  if (p < 0 || text.charCodeAt(p) !== 91) return result;
  const wanted = new Map<number, number>();
  columns.forEach((c, k) => wanted.set(c, k));
  const maxCol = Math.max(...columns);
  p = skipWs(text, p + 1);
  if (text.charCodeAt(p) === 93) return result;
  for (;;) {
    // one row array
    if (text.charCodeAt(p) !== 91) throw new SyntaxError(`row array expected at ${p}`);
    p = skipWs(text, p + 1);
    let c = 0;
    if (text.charCodeAt(p) !== 93) {
      for (;;) {
        const k = c <= maxCol ? wanted.get(c) : undefined;
        if (k !== undefined) {
          const ch = text.charCodeAt(p);
          const isNum = ch === 45 || (ch >= 48 && ch <= 57);
          const end = isNum ? skipLiteral(text, p) : skipValue(text, p);
          result[k].push(isNum ? text.slice(p, end) : null);
          p = skipWs(text, end);
        } else {
          p = skipWs(text, skipValue(text, p));
        }
        c++;
        const d = text.charCodeAt(p);
        p = skipWs(text, p + 1);
        if (d === 93) break;
      }
    } else {
      p = skipWs(text, p + 1);
    }
    // short rows: pad so indexes stay aligned with rows
    for (const [col, k] of wanted) if (col >= c) result[k].push(null);
    const d = text.charCodeAt(p);
    if (d === 93) return result;
    p = skipWs(text, p + 1); // ','
  }
}
