// Every YAML/CSV snippet of the user's guide (seed GETTING_STARTED.md) loads, or fails with
// the clear message the spec asks for. Snippets are copied as the guide prints them.
import assert from "node:assert/strict";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { normalizedConfigJson } from "../../src/config/normalize.ts";
import { parseConfig, type ParsedConfig } from "../../src/config/parse.ts";
import { parseTokenRegistry, registryCoverage } from "../../src/config/token_registry.ts";
import { errorLines } from "./helpers.ts";

/** Configuration → Step 1 (the `cat > config/orchestrator_config.yaml` heredoc). */
const STEP1 = `client:
  greptime:
    host: "http://localhost"
    port: 4000
    database: "liqwid"
    timeout: 10

  assets: ["djed", "usdm", "wanusdc", "wanusdt"]

  table_asset_prefix: "liqwid_supply_positions_"
  deposits_prefix: "liqwid_deposits_"
  withdrawals_prefix: "liqwid_withdrawals_"

  date_range:
    start: null
    end: null

  output:
    smoothing:
      default:
        window_type: "polynomial"
        window_size_hours: 24.0
        polynomial_order: 2

orchestrator:
  reference_keyword: "alert_driven_withdrawal"
  reference_keyword_fallback: "data_range"

  safety_factor:
    c: 0.5

  timezone: "UTC"

  schedule:
    interval_minutes: 60

  telemetry:
    enabled: true
    listen_address: "0.0.0.0"
    listen_port: 9808
    path: "/metrics"
    metric_prefix: "wo_"

    expose:
      decision: true
      wmax_usd: true
      v_ref_usd: true
      v_t1_usd: true
      g_usd: true
      residual_usd: true
      sigma_usd: true
      residual_trigger: true

  decision_gate:
    enabled: true
    whitelist: ["djed", "usdm"]
    basis: "corrected_position"
    method: "polynomial_fit"
    polynomial_order: 2
    k_sigma: 2.0
    min_points: 10
    lookback_hours: 48.0

  diagnostics:
    enabled: true
    dir: "output"
    include_sigma_band: true
    include_k_sigma_band: true
`;

/** Configuration → Step 2 → GreptimeDB Connection (placeholders as printed). */
const GREPTIME = `client:
  greptime:
    host: "http://YOUR_GREPTIME_HOST"  # e.g., "http://localhost" or "http://192.168.1.100"
    port: 4000                           # Default GreptimeDB HTTP port
    database: "YOUR_DATABASE_NAME"       # e.g., "liqwid"
    timeout: 10                          # Request timeout in seconds
`;

const ASSETS = `client:
  assets:
    - "djed"       # Djed stablecoin
    - "usdm"       # USDM stablecoin
    - "wanusdc"    # Wrapped USDC
    - "wanusdt"    # Wrapped USDT
`;

const REFERENCE = `orchestrator:
  reference_keyword: "alert_driven_withdrawal"  # Tag used in withdrawal memos
  reference_keyword_fallback: "data_range"      # Fallback if no tagged withdrawal found
`;

const SAFETY = `orchestrator:
  safety_factor:
    c: 0.5  # 50% of gains can be withdrawn (0 < c ≤ 1)
`;

const SCHEDULE = `orchestrator:
  schedule:
    interval_minutes: 60  # Run evaluation every 60 minutes
`;

/** Step 3 → "Or skip this if not using Minswap". */
const APIS = `orchestrator:
  apis:
    liqwid_graphql: "https://api.liqwid.finance/graphql"
    # Don't configure minswap_aggregator
`;

/** Step 3 → `config/token_registry.csv`. */
const TOKEN_REGISTRY = `asset,policy_id,token_name_hex
djed,8db269c3ec630e06ae29f74bc39edd1f87c819f1056206e879a1cd61,446a656432
usdm,c48cbb3d5e57ed56e276bc45f99ab39abe94e6cd7ac39fb402da47ad,0014df105553444d
`;

/** Next Steps → 1. Tune Configuration. */
const TUNE_GATE = `orchestrator:
  decision_gate:
    k_sigma: 2.5  # Increase if too many false positives
`;
const TUNE_SAFETY = `orchestrator:
  safety_factor:
    c: 0.7  # Adjust based on risk tolerance
`;
const TUNE_SCHEDULE = `orchestrator:
  schedule:
    interval_minutes: 30  # More frequent monitoring
`;

/** Next Steps → 3. Enable Advanced Features. */
const TRANSACTION_SYNC = `orchestrator:
  transaction_sync:
    enabled: true

  apis:
    liqwid_graphql: "https://api.liqwid.finance/graphql"
`;
const AUTH = `orchestrator:
  auth:
    enabled: true
    username: "admin"
    password_hash: "sha256:<hash>"  # Use bcrypt in production
`;
const PER_ASSET = `orchestrator:
  decision_gate:
    per_asset:
      djed:
        k_sigma: 2.5
        polynomial_order: 3
      usdm:
        k_sigma: 2.0
        polynomial_order: 2
`;

/** Troubleshooting snippets. */
const TROUBLE_ASSETS = `client:
  assets: ["djed", "usdm"]  # Must be non-empty
`;
const TROUBLE_TELEMETRY = `orchestrator:
  telemetry:
    enabled: true
`;

function load(text: string): ParsedConfig {
  return parseConfig(text, { sourceName: "config/orchestrator_config.yaml" });
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Deep-merges `over` into `base` (what a user does when pasting a snippet into the file). */
function merge(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? merge(out[k], v) : v;
  return out;
}

function pasted(snippet: string): string {
  return stringifyYaml(merge(parseYaml(STEP1), parseYaml(snippet)));
}

const EMPTY_ASSETS = "client.assets is empty: no asset will be evaluated";

Deno.test("guide Step 1 config loads as the seed schema with every value it sets", () => {
  const { config, schema, warnings } = load(STEP1);
  assert.equal(schema, "seed");
  assert.deepEqual(warnings, []);
  const gt = config.data.databases.greptime;
  assert.deepEqual([gt.host, gt.port, gt.database, gt.timeout], [
    "http://localhost",
    4000,
    "liqwid",
    10,
  ]);
  assert.deepEqual(config.domain.assets, ["djed", "usdm", "wanusdc", "wanusdt"]);
  assert.equal(
    config.data.datasets.transactions.sources.liqwid.deposits_prefix,
    "liqwid_deposits_",
  );
  assert.deepEqual(config.data.date_range, { start: null, end: null });
  const trend = config.analysis.trend_indicator;
  assert.deepEqual([
    trend.method,
    trend.window_type,
    trend.window_size_hours,
    trend.polynomial_order,
  ], [
    "moving_average",
    "polynomial",
    24,
    2,
  ]);
  assert.equal(config.analysis.decision.reference.keyword, "alert_driven_withdrawal");
  assert.equal(config.analysis.decision.reference.fallback, "data_range");
  assert.equal(config.analysis.decision.safety_factor.c, 0.5);
  assert.equal(config.settings.timezone, "UTC");
  assert.equal(config.runtime.schedule.interval_minutes, 60);
  const tel = config.runtime.telemetry;
  assert.deepEqual(
    [tel.enabled, tel.listen_address, tel.listen_port, tel.path, tel.metric_prefix],
    [
      true,
      "0.0.0.0",
      9808,
      "/metrics",
      "wo_",
    ],
  );
  assert.equal(tel.expose.residual_trigger, true);
  assert.equal(tel.expose.wallet_wmax_usd, false);
  const gate = config.analysis.decision.gate;
  assert.deepEqual(
    [gate.enabled, gate.whitelist, gate.basis, gate.method, gate.polynomial_order, gate.k_sigma],
    [true, ["djed", "usdm"], "corrected_position", "polynomial_fit", 2, 2],
  );
  assert.deepEqual([gate.min_points, gate.lookback_hours], [10, 48]);
  const diag = config.visualization.diagnostics;
  assert.deepEqual([diag.enabled, diag.dir, diag.include_sigma_band, diag.include_k_sigma_band], [
    true,
    "output",
    true,
    true,
  ]);
});

Deno.test("guide Step 2/3 and Next Steps snippets load on their own", async (t) => {
  // `warnings`: what the snippet alone warns about (default: the empty asset list, §2.1.6).
  const cases: {
    name: string;
    text: string;
    warnings?: string[];
    check: (p: ParsedConfig) => void;
  }[] = [
    {
      name: "GreptimeDB connection (placeholders)",
      text: GREPTIME,
      check: ({ config }) => {
        assert.equal(config.data.databases.greptime.host, "http://your_greptime_host");
        assert.equal(config.data.databases.greptime.database, "YOUR_DATABASE_NAME");
      },
    },
    {
      name: "assets to monitor",
      text: ASSETS,
      warnings: [],
      check: ({ config }) => {
        assert.deepEqual(config.domain.assets, ["djed", "usdm", "wanusdc", "wanusdt"]);
      },
    },
    {
      name: "reference keyword",
      text: REFERENCE,
      check: ({ config }) => {
        assert.equal(config.analysis.decision.reference.fallback, "data_range");
      },
    },
    {
      name: "safety factor",
      text: SAFETY,
      check: ({ config }) => assert.equal(config.analysis.decision.safety_factor.c, 0.5),
    },
    {
      name: "evaluation schedule",
      text: SCHEDULE,
      check: ({ config }) => assert.equal(config.runtime.schedule.interval_minutes, 60),
    },
    {
      name: "apis without minswap",
      text: APIS,
      check: ({ config }) => {
        assert.equal(config.prices.endpoints.liqwid_graphql, "https://api.liqwid.finance/graphql");
        assert.equal(config.prices.endpoints.minswap_aggregator, null);
      },
    },
    {
      name: "tune k_sigma",
      text: TUNE_GATE,
      check: ({ config }) => assert.equal(config.analysis.decision.gate.k_sigma, 2.5),
    },
    {
      name: "tune safety factor",
      text: TUNE_SAFETY,
      check: ({ config }) => assert.equal(config.analysis.decision.safety_factor.c, 0.7),
    },
    {
      name: "tune schedule",
      text: TUNE_SCHEDULE,
      check: ({ config }) => assert.equal(config.runtime.schedule.interval_minutes, 30),
    },
    {
      name: "transaction sync",
      text: TRANSACTION_SYNC,
      check: ({ config }) => {
        assert.equal(config.prices.transaction_sync.enabled, true);
        assert.equal(config.prices.transaction_sync.tag_withdrawals, true);
        assert.equal(config.prices.endpoints.liqwid_graphql, "https://api.liqwid.finance/graphql");
      },
    },
    {
      name: "troubleshooting: non-empty assets",
      text: TROUBLE_ASSETS,
      warnings: [],
      check: ({ config }) => {
        assert.deepEqual(config.domain.assets, ["djed", "usdm"]);
      },
    },
    {
      name: "troubleshooting: telemetry enabled",
      text: TROUBLE_TELEMETRY,
      check: ({ config }) => assert.equal(config.runtime.telemetry.enabled, true),
    },
  ];
  for (const c of cases) {
    await t.step(c.name, () => {
      const parsed = load(c.text);
      assert.equal(parsed.schema, "seed");
      assert.deepEqual(parsed.warnings, c.warnings ?? [EMPTY_ASSETS]);
      c.check(parsed);
    });
    await t.step(`${c.name}, pasted into the Step 1 config`, () => {
      const parsed = load(pasted(c.text));
      assert.deepEqual(parsed.warnings, []);
      c.check(parsed);
    });
  }
});

Deno.test("guide per-asset gate snippet loads once its assets are configured", async (t) => {
  await t.step("pasted into the Step 1 config", () => {
    const { config } = load(pasted(PER_ASSET));
    assert.deepEqual(config.analysis.decision.gate.per_asset, {
      djed: { k_sigma: 2.5, polynomial_order: 3 },
      usdm: { k_sigma: 2, polynomial_order: 2 },
    });
  });
  await t.step("alone it names the unconfigured assets (§2.4)", () => {
    assert.deepEqual(errorLines(PER_ASSET), [
      'config error: c.yaml:4:7: orchestrator.decision_gate.per_asset.djed: unknown asset "djed"; configured assets: (none)',
      'config error: c.yaml:7:7: orchestrator.decision_gate.per_asset.usdm: unknown asset "usdm"; configured assets: (none)',
    ]);
  });
});

Deno.test("guide auth snippet: the sha256:<hash> placeholder is rejected with the expected format", async (t) => {
  const expected =
    "config error: c.yaml:5:20: orchestrator.auth.password_hash: must be sha256:<64 hex> or " +
    "pbkdf2-sha256:<iterations >= 100000>:<salt_b64>:<hash_b64> (the value after sha256: is a " +
    "placeholder; put the 64 hex digits of the SHA-256 of the password there, e.g. from " +
    "`printf %s 'PASSWORD' | sha256sum`)";
  await t.step("as printed", () => assert.deepEqual(errorLines(AUTH), [expected]));
  await t.step("with a real digest in place of the placeholder it loads", () => {
    const digest = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
    const { config } = load(AUTH.replace("<hash>", digest));
    assert.equal(config.runtime.auth.enabled, true);
    assert.equal(config.runtime.auth.username, "admin");
    assert.equal(config.runtime.auth.password_hash, `sha256:${digest}`);
  });
});

Deno.test("guide token registry CSV loads and covers djed and usdm of the Step 1 assets", () => {
  const reg = parseTokenRegistry(TOKEN_REGISTRY, "config/token_registry.csv");
  assert.deepEqual(reg.entries.map((e) => e.asset), ["djed", "usdm"]);
  assert.equal(
    reg.byAsset.get("usdm")?.token_id,
    "c48cbb3d5e57ed56e276bc45f99ab39abe94e6cd7ac39fb402da47ad0014df105553444d",
  );
  assert.deepEqual(registryCoverage(load(STEP1).config, reg), {
    covered: ["djed", "usdm"],
    missing: ["wanusdc", "wanusdt"],
  });
});

Deno.test("guide Step 4 (--print-config-normalized) of the Step 1 config is sorted JSON with _meta", () => {
  const { config, warnings } = load(STEP1);
  const text = normalizedConfigJson(config, {
    source: "config/orchestrator_config.yaml",
    schema: "seed",
    warnings,
  });
  const obj = JSON.parse(text);
  assert.deepEqual(obj._meta, {
    source: "config/orchestrator_config.yaml",
    schema: "seed",
    warnings: [],
  });
  assert.equal(obj.analysis.decision.gate.min_points, 10);
  assert.ok(text.startsWith('{\n  "_meta": {\n'));
  const sorted = (v: unknown): boolean =>
    !isMap(v)
      ? !Array.isArray(v) || v.every(sorted)
      : Object.keys(v).join("\n") === Object.keys(v).sort().join("\n") &&
        Object.values(v).every(sorted);
  assert.ok(sorted(obj));
});
