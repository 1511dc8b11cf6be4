/**
 * Parsing of GreptimeDB `/v1/sql` response bodies (SPEC §10.2, §10.5).
 *
 * Speed matters (≥ 500 000 rows/s, see `bench/greptime_parse_bench.ts`): the body is parsed
 * once with a plain `JSON.parse`. Only when a timestamp column holds an integer beyond
 * 2^53 (nanosecond timestamps) are the source texts of that column's cells read from the
 * body (a targeted walk, `raw_numbers.ts`, rather than a slow whole-body reviver); integer
 * literals of more than 15 digits become BigInt before division, so no precision is lost.
 *
 * @module
 */
import { GreptimeHttpError, GreptimeQueryError } from "./errors.ts";
import { rowCellSources } from "./raw_numbers.ts";
import type { Cell, ColumnSchema, QueryResult } from "./types.ts";

/** One element of `output`: a result set or an affected-row count. */
export type ParsedOutput =
  | { kind: "records"; result: QueryResult }
  | { kind: "affected"; affectedRows: number };

/**
 * Cell converters by timestamp unit (plain = no conversion). Decimal columns (GreptimeDB
 * `Decimal128(p, s)`) may arrive as JSON strings; they are read as numbers (doubles, §0.2).
 */
const Conv = { Plain: 0, Seconds: 1, Millis: 2, Micros: 3, Nanos: 4, Decimal: 5 } as const;
type Conv = typeof Conv[keyof typeof Conv];

function converterFor(dataType: string): Conv {
  switch (dataType.toLowerCase()) {
    case "timestampsecond":
      return Conv.Seconds;
    case "timestampmillisecond":
      return Conv.Millis;
    case "timestampmicrosecond":
      return Conv.Micros;
    case "timestampnanosecond":
      return Conv.Nanos;
    default:
      return dataType.toLowerCase().startsWith("decimal") ? Conv.Decimal : Conv.Plain;
  }
}

/** Integer literals longer than this many digits are read as BigInt (§10.5). */
const MAX_EXACT_DIGITS = 15;
const INT_LITERAL = /^-?\d+$/;

/** The exact value of a number literal: BigInt when it is an integer of more than 15 digits. */
function exactNumber(src: string): number | bigint {
  const digits = src.charCodeAt(0) === 45 ? src.length - 1 : src.length;
  return digits > MAX_EXACT_DIGITS && INT_LITERAL.test(src) ? BigInt(src) : Number(src);
}

const DIGITS_RE = /^\d+$/;

/**
 * Converts the source text of a timestamp cell. A non-negative integer literal of µs/ns is
 * divided by dropping its last 3/6 digits (exact floor division, cheaper than BigInt);
 * everything else goes through {@link exactNumber}.
 */
function exactCell(src: string, conv: Conv): Cell {
  const drop = conv === Conv.Nanos ? 6 : conv === Conv.Micros ? 3 : 0;
  if (drop > 0 && src.length > drop && src.length <= drop + 15 && DIGITS_RE.test(src)) {
    return Number(src.slice(0, -drop));
  }
  return convertCell(exactNumber(src), conv);
}

function floorDivBig(v: bigint, d: bigint): number {
  const q = v / d;
  return Number(v < 0n && q * d !== v ? q - 1n : q);
}

function convertCell(v: unknown, conv: Conv): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") {
    switch (conv) {
      case Conv.Seconds:
        return Number(v * 1000n);
      case Conv.Micros:
        return floorDivBig(v, 1000n);
      case Conv.Nanos:
        return floorDivBig(v, 1_000_000n);
      default:
        return Number(v);
    }
  }
  if (typeof v === "number") {
    switch (conv) {
      case Conv.Seconds:
        return v * 1000;
      case Conv.Micros:
        return Math.floor(v / 1000);
      case Conv.Nanos:
        return Math.floor(v / 1_000_000);
      default:
        return v;
    }
  }
  if (typeof v === "string" && conv === Conv.Decimal) {
    const n = Number(v);
    return v.trim() !== "" && Number.isFinite(n) ? n : v;
  }
  if (typeof v === "string" || typeof v === "boolean") return v;
  // Nested values (lists, JSON columns) are passed on as their JSON text.
  return JSON.stringify(v);
}

interface RawRecords {
  schema?: { column_schemas?: { name: string; data_type: string }[] };
  rows?: unknown[];
}

/** Timestamp columns holding a number that JSON.parse could not represent exactly. */
function inexactTimestampColumns(records: RawRecords, convs: Conv[]): number[] {
  const rows = records.rows ?? [];
  const out: number[] = [];
  for (let c = 0; c < convs.length; c++) {
    if (convs[c] === Conv.Plain) continue;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const v = Array.isArray(row) ? row[c] : undefined;
      if (typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v)) {
        out.push(c);
        break;
      }
    }
  }
  return out;
}

function buildResult(
  records: RawRecords,
  exact: Map<number, (string | null)[]> | null,
): QueryResult {
  const schemas = records.schema?.column_schemas ?? [];
  const columns: ColumnSchema[] = schemas.map((s) => ({
    name: String(s.name),
    dataType: String(s.data_type),
  }));
  const names = columns.map((c) => c.name);
  const convs = columns.map((c) => converterFor(c.dataType));
  const n = names.length;
  const raw = records.rows ?? [];
  const rows: Record<string, Cell>[] = new Array(raw.length);
  for (let r = 0; r < raw.length; r++) {
    const src = raw[r];
    const obj: Record<string, Cell> = {};
    if (Array.isArray(src)) {
      for (let c = 0; c < n; c++) {
        const v = src[c];
        // Fast path: strings, numbers and nulls of non-timestamp (or ms) columns pass as is.
        const conv = convs[c];
        obj[names[c]] = (conv === Conv.Plain || conv === Conv.Millis) &&
            (typeof v === "string" || typeof v === "number" || v === null)
          ? v
          : convertCell(v, conv);
      }
    } else if (src !== null && typeof src === "object") {
      const o = src as Record<string, unknown>;
      for (let c = 0; c < n; c++) obj[names[c]] = convertCell(o[names[c]], convs[c]);
    }
    rows[r] = obj;
  }
  if (exact) {
    for (const [c, sources] of exact) {
      const name = names[c];
      for (let r = 0; r < rows.length && r < sources.length; r++) {
        const src = sources[r];
        if (src !== null) rows[r][name] = exactCell(src, convs[c]);
      }
    }
  }
  return { columns, rows };
}

function excerpt(text: string): string {
  return text.slice(0, 200);
}

/**
 * Interprets one `/v1/sql` response (§10.2): returns the outputs in order, or throws
 * `GreptimeQueryError` (JSON body with a numeric `code` ≠ 0, or a JSON error body with a
 * non-200 status) or `GreptimeHttpError` (a body that is not a GreptimeDB JSON document).
 *
 * @example
 * ```ts
 * const body = '{"output":[{"records":{"schema":{"column_schemas":[' +
 *   '{"name":"ts","data_type":"TimestampNanosecond"}]},"rows":[[1732752000123456789]]}}]}';
 * const [out] = parseSqlResponse(200, body);
 * console.log(out.kind === "records" && out.result.rows[0].ts); // 1732752000123
 * ```
 */
export function parseSqlResponse(status: number, text: string): ParsedOutput[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new GreptimeHttpError(status, text, { cause });
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new GreptimeHttpError(status, text, { cause: doc });
  }
  const body = doc as { code?: unknown; error?: unknown; output?: unknown };
  if (typeof body.code === "number" && body.code !== 0) {
    const message = typeof body.error === "string" ? body.error : `GreptimeDB error ${body.code}`;
    throw new GreptimeQueryError(status, body.code, message, { cause: body });
  }
  if (status !== 200) throw new GreptimeHttpError(status, excerpt(text), { cause: body });
  const output = Array.isArray(body.output) ? body.output : [];
  const outs: ParsedOutput[] = [];
  for (let i = 0; i < output.length; i++) {
    const item = output[i] as { records?: RawRecords; affectedrows?: unknown } | null;
    if (item?.records) {
      const records = item.records;
      const convs = (records.schema?.column_schemas ?? []).map((s) =>
        converterFor(String(s.data_type))
      );
      const inexact = inexactTimestampColumns(records, convs);
      let exact: Map<number, (string | null)[]> | null = null;
      if (inexact.length > 0 && Array.isArray(records.rows) && records.rows.every(Array.isArray)) {
        const sources = rowCellSources(text, i, inexact);
        exact = new Map(inexact.map((c, k) => [c, sources[k]]));
      }
      outs.push({ kind: "records", result: buildResult(records, exact) });
    } else if (item && typeof item.affectedrows === "number") {
      outs.push({ kind: "affected", affectedRows: item.affectedrows });
    }
  }
  return outs;
}
