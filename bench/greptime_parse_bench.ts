/**
 * Parsing speed of GreptimeDB responses (SPEC §10.5): 1 000 000 position rows must parse
 * at ≥ 500 000 rows/s, i.e. each iteration below must take ≤ 2 s.
 *
 * Run: `deno bench -A bench/greptime_parse_bench.ts`
 */
import { parseSqlResponse } from "../src/greptime/parse.ts";

const ROWS = 1_000_000;
const WALLET =
  "addr1qxj6rl9h0dfperfwkef5p0vc9awvy62495qfhfurc8m9a0066ewjucacqpsjl4qmmrrkukk3ngysew30y8fxvqg0arqqqvjytg";

function body(tsType: string, tsOf: (i: number) => string): string {
  const parts: string[] = new Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const units = 10000 + i * 0.37;
    parts[i] = `[${tsOf(i)},"${WALLET}",${units * 1.0004},${units},1.0004,"DJED"]`;
  }
  const schema = [
    ["ts", tsType],
    ["wallet_address", "String"],
    ["usd_value", "Float64"],
    ["underlying_units", "Float64"],
    ["price_usd", "Float64"],
    ["market_id", "String"],
  ].map(([name, data_type]) => ({ name, data_type }));
  return `{"output":[{"records":{"schema":{"column_schemas":${JSON.stringify(schema)}},"rows":[${
    parts.join(",")
  }],"total_rows":${ROWS}}}],"execution_time_ms":12}`;
}

const msBody = body("TimestampMillisecond", (i) => String(1_700_000_000_000 + i * 1000));
const nsBody = body(
  "TimestampNanosecond",
  (i) => (1_700_000_000_000_000_000n + BigInt(i) * 1_000_000_123n).toString(),
);

function check(text: string): void {
  const [out] = parseSqlResponse(200, text);
  if (out.kind !== "records" || out.result.rows.length !== ROWS) throw new Error("bad parse");
}

Deno.bench("parse 1M rows, TimestampMillisecond", { n: 5, warmup: 1 }, () => check(msBody));
Deno.bench("parse 1M rows, TimestampNanosecond > 2^53", { n: 5, warmup: 1 }, () => check(nsBody));
