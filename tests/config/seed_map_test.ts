import assert from "node:assert/strict";
import { parseConfig } from "../../src/config/parse.ts";
import { errorLines, yaml } from "./helpers.ts";

const ADDR =
  "addr1qxj6rl9h0dfperfwkef5p0vc9awvy62495qfhfurc8m9a0066ewjucacqpsjl4qmmrrkukk3ngysew30y8fxvqg0arqqqvjytg";

Deno.test("mapSeed() maps every row of the §2.6.1 table onto the canonical layout", () => {
  const text = yaml(
    "client:",
    "  greptime: {host: db.local, port: 4001, database: pos, timeout: 2.5, username: u, password: p}",
    "  assets: [djed, usdm]",
    "  table_asset_prefix: tap_",
    "  deposits_prefix: dep_",
    "  withdrawals_prefix: wd_",
    "  alignment_method: right_open",
    "  timestamp_source: timestamp",
    "  date_range: {start: '2025-01-01', end: '2025-02-01'}",
    "  logging: {level: debug}",
    "orchestrator:",
    "  reference_keyword: tag",
    "  reference_keyword_fallback: data_range",
    "  safety_factor: {c: 0.25}",
    "  timezone: Europe/Berlin",
    "  schedule: {interval_minutes: 30, evaluation_timeout_seconds: 60}",
    "  telemetry:",
    "    enabled: false",
    "    listen_address: 127.0.0.1",
    "    listen_port: 9999",
    "    path: /prom",
    "    metric_prefix: ao_",
    "    expose: {wallet_wmax_usd: true}",
    "    default_metrics: true",
    "    price_source_priority: {liqwid: [greptime(liqwid)], minswap: [greptime(minswap)]}",
    "  prices:",
    "    sources: [liqwid, minswap]",
    "    duty_cycle_threshold: 0.5",
    "    duty_cycle_window_hours: 12",
    "    request_timeout_seconds: 5",
    "    token_registry_path: reg.csv",
    "  decision_gate: {enabled: true, whitelist: [djed], sides: upper, apply_in_fallback: false, per_asset: {djed: {k_sigma: 3}}}",
    "  price_compare: {enabled: true, tolerance_epsilon: 0.02}",
    "  diagnostics: {enabled: true, dir: out}",
    "  apis: {liqwid_graphql: 'https://liqwid.test/graphql'}",
    "  auth: {enabled: true, username: admin, password_hash: 'sha256:" + "a".repeat(64) + "'}",
    "  transaction_sync: {enabled: true, tag_withdrawals: false}",
    "  output_cleanup: {enabled: true, expire_before_relative: 3d, extensions: ['.PNG']}",
    `  wallets: [${ADDR}]`,
    "  http: {allowed_origins: ['https://ops.example.com']}",
  );
  const { config, schema } = parseConfig(text, {});
  assert.equal(schema, "seed");
  const g = config.data.databases.greptime;
  assert.deepEqual([g.host, g.port, g.database, g.timeout, g.username, g.password], [
    "http://db.local",
    4001,
    "pos",
    2.5,
    "u",
    "p",
  ]);
  const tx = config.data.datasets.transactions;
  assert.deepEqual(tx.sources.liqwid, {
    table_asset_prefix: "tap_",
    deposits_prefix: "dep_",
    withdrawals_prefix: "wd_",
  });
  assert.equal(tx.alignment_method, "right_open");
  assert.deepEqual(config.data.date_range, { start: "2025-01-01", end: "2025-02-01" });
  assert.equal(config.settings.log_level, "DEBUG");
  assert.equal(config.settings.timezone, "Europe/Berlin");
  assert.deepEqual(config.analysis.decision.reference, { keyword: "tag", fallback: "data_range" });
  assert.equal(config.analysis.decision.safety_factor.c, 0.25);
  assert.deepEqual(config.runtime.schedule, {
    interval_minutes: 30,
    evaluation_timeout_seconds: 60,
  });
  const tel = config.runtime.telemetry;
  assert.deepEqual(
    [
      tel.enabled,
      tel.listen_address,
      tel.listen_port,
      tel.path,
      tel.metric_prefix,
      tel.default_metrics,
    ],
    [false, "127.0.0.1", 9999, "/prom", "ao_", true],
  );
  assert.equal(tel.expose.wallet_wmax_usd, true);
  assert.deepEqual(config.prices.priority_by_logical.minswap, ["greptime(minswap)"]);
  assert.deepEqual(config.prices.sources, ["liqwid", "minswap"]);
  assert.equal(config.prices.duty_cycle_threshold, 0.5);
  assert.equal(config.prices.duty_cycle_window_hours, 12);
  assert.equal(config.prices.request_timeout_seconds, 5);
  assert.equal(config.prices.token_registry_path, "reg.csv");
  const gate = config.analysis.decision.gate;
  assert.deepEqual([gate.enabled, gate.sides, gate.apply_in_fallback], [true, "upper", false]);
  assert.deepEqual(gate.whitelist, ["djed"]);
  assert.equal(gate.per_asset.djed.k_sigma, 3);
  assert.equal(config.analysis.price_compare.tolerance_epsilon, 0.02);
  assert.equal(config.visualization.diagnostics.dir, "out");
  assert.equal(config.prices.endpoints.liqwid_graphql, "https://liqwid.test/graphql");
  assert.equal(config.runtime.auth.username, "admin");
  assert.deepEqual(
    [config.prices.transaction_sync.enabled, config.prices.transaction_sync.tag_withdrawals],
    [true, false],
  );
  assert.deepEqual(config.maintenance.cleanup, {
    enabled: true,
    expire_before: "3d",
    paths: ["out"],
    extensions: [".png"],
  });
  assert.deepEqual(config.wallets, [{ address: ADDR, label: null }]);
  assert.deepEqual(config.runtime.http.allowed_origins, ["https://ops.example.com"]);
});

Deno.test("mapSeed() maps client.output.smoothing to a moving-average trend indicator", async (t) => {
  await t.step("default plus a per-asset entry", () => {
    const { config } = parseConfig(
      yaml(
        "client:",
        "  assets: [djed]",
        "  output:",
        "    smoothing:",
        "      default: {window_type: gaussian, window_size_hours: 12, gaussian_std: 0.2}",
        "      djed: {window_size_hours: 6}",
      ),
      {},
    );
    const tr = config.analysis.trend_indicator;
    assert.deepEqual([tr.method, tr.window_type, tr.window_size_hours, tr.gaussian_std], [
      "moving_average",
      "gaussian",
      12,
      0.2,
    ]);
    assert.deepEqual(tr.per_asset, { djed: { window_size_hours: 6 } });
  });
  await t.step("a flat smoothing map", () => {
    const { config } = parseConfig(
      yaml("client:", "  output:", "    smoothing: {window_type: boxcar, window_size_hours: 8}"),
      {},
    );
    assert.equal(config.analysis.trend_indicator.window_type, "boxcar");
    assert.equal(config.analysis.trend_indicator.method, "moving_average");
  });
  await t.step("conflict with orchestrator.trend_indicator", () => {
    assert.deepEqual(
      errorLines(yaml(
        "client:",
        "  output:",
        "    smoothing:",
        "      default: {window_size_hours: 8}",
        "orchestrator:",
        "  trend_indicator: {window_size_hours: 4}",
      )),
      [
        "config error: c.yaml:4:17: client.output.smoothing.default.window_size_hours: conflicts with orchestrator.trend_indicator.window_size_hours",
      ],
    );
  });
});

Deno.test("mapSeed() reports conflicts and seed-only rules", async (t) => {
  const cases: [string, string, string[]][] = [
    [
      "client.transactions vs flat prefix",
      yaml("client:", "  deposits_prefix: a_", "  transactions:", "    deposits_prefix: b_"),
      ["config error: c.yaml:4:5: client.transactions.deposits_prefix: conflicts with client.deposits_prefix"],
    ],
    [
      "expire_before and expire_before_relative",
      yaml(
        "orchestrator:",
        "  output_cleanup:",
        "    expire_before: 2d",
        "    expire_before_relative: 3d",
      ),
      [
        "config error: c.yaml:4:5: orchestrator.output_cleanup.expire_before_relative: conflicts with orchestrator.output_cleanup.expire_before",
      ],
    ],
    [
      "output_cleanup and cleanup",
      yaml("orchestrator:", "  output_cleanup: {enabled: true}", "  cleanup: {enabled: false}"),
      ["config error: c.yaml:3:3: orchestrator.cleanup: conflicts with orchestrator.output_cleanup"],
    ],
    [
      "timestamp_source other than timestamp",
      yaml("client:", "  timestamp_source: created_at"),
      ['config error: c.yaml:2:21: client.timestamp_source: must be one of timestamp; got "created_at"'],
    ],
    [
      "price_source_priority vs prices.priority_by_logical",
      yaml(
        "orchestrator:",
        "  prices:",
        "    priority_by_logical: {liqwid: [greptime(liqwid)]}",
        "  telemetry:",
        "    price_source_priority: {liqwid: [greptime(liqwid)]}",
      ),
      [
        "config error: c.yaml:5:29: orchestrator.telemetry.price_source_priority.liqwid: conflicts with orchestrator.prices.priority_by_logical.liqwid",
      ],
    ],
    [
      "unknown seed keys",
      yaml("client:", "  asets: [djed]", "orchestrator:", "  telemetry:", "    port: 1"),
      [
        "config error: c.yaml:2:3: client.asets: unknown key",
        "config error: c.yaml:5:5: orchestrator.telemetry.port: unknown key",
      ],
    ],
    [
      "unknown key inside a mapped section is reported at the seed path",
      yaml("orchestrator:", "  decision_gate:", "    k_sigmaa: 2"),
      ["config error: c.yaml:3:5: orchestrator.decision_gate.k_sigmaa: unknown key"],
    ],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, () => assert.deepEqual(errorLines(text), expected));
  }
});

Deno.test("mapSeed() accepts, ignores and warns about the §2.6.2 keys", () => {
  const { warnings } = parseConfig(
    yaml(
      "client:",
      "  assets: [djed]",
      "  use_created_at: false",
      "  output: {dir: out, dpi: 100, chart_width: 10, include_charts: true}",
      "orchestrator:",
      "  apis: {koios: 'https://koios.test'}",
      "  decision_price_sources: [liqwid]",
      "  diagnostics: {only_whitelist_assets: true, hist_samples_per_bin: 3}",
    ),
    {},
  );
  assert.deepEqual(warnings.sort(), [
    "client.output.chart_width: accepted but ignored",
    "client.output.dir: accepted but ignored",
    "client.output.dpi: accepted but ignored",
    "client.output.include_charts: accepted but ignored",
    "client.use_created_at: accepted but ignored",
    "orchestrator.apis.koios: accepted but ignored",
    "orchestrator.decision_price_sources: accepted but ignored",
    "orchestrator.diagnostics.hist_samples_per_bin: accepted but ignored",
    "orchestrator.diagnostics.only_whitelist_assets: accepted but ignored",
  ]);
});

Deno.test("mapSeed() reports value errors at the seed path of the user's file", () => {
  assert.deepEqual(
    errorLines(yaml("client:", "  greptime:", "    port: 70000", "  logging:", "    level: loud")),
    [
      "config error: c.yaml:3:11: client.greptime.port: must be in [1, 65535], got 70000",
      'config error: c.yaml:5:12: client.logging.level: must be one of DEBUG, INFO, WARNING, ERROR; got "LOUD"',
    ],
  );
});
