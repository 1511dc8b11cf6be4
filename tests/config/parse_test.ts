import assert from "node:assert/strict";
import { ConfigError } from "../../src/config/errors.ts";
import { parseConfig } from "../../src/config/parse.ts";
import { errorLines, yaml } from "./helpers.ts";

const root = new URL("../../", import.meta.url);

Deno.test("parseConfig() loads the seed example as the seed schema", async () => {
  const text = await Deno.readTextFile(new URL("config/orchestrator_config.yaml.example", root));
  const { config, schema, warnings } = parseConfig(text, { sourceName: "example.yaml" });
  assert.equal(schema, "seed");
  assert.deepEqual(warnings, []);
  assert.deepEqual(config.domain.assets, ["djed", "usdm", "wanusdc", "wanusdt"]);
  assert.equal(config.analysis.decision.reference.fallback, "data_range");
  assert.equal(config.analysis.decision.gate.enabled, true);
  assert.deepEqual(config.analysis.decision.gate.whitelist, ["djed", "usdm"]);
  assert.equal(config.analysis.decision.gate.min_points, 10);
  assert.equal(config.analysis.decision.gate.lookback_hours, 48);
  assert.equal(config.analysis.trend_indicator.method, "moving_average");
  assert.equal(config.analysis.trend_indicator.window_type, "polynomial");
  assert.equal(config.visualization.diagnostics.enabled, true);
  assert.equal(config.runtime.telemetry.expose.wallet_wmax_usd, false);
  assert.equal(config.data.databases.greptime.host, "http://localhost");
  assert.deepEqual(config.maintenance.cleanup.paths, ["output"]);
});

Deno.test("parseConfig() loads the v2 example as the v2 schema", async () => {
  const text = await Deno.readTextFile(new URL("config/orchestrator_config.v2.yaml.example", root));
  const { config, schema, warnings } = parseConfig(text, { sourceName: "v2.yaml" });
  assert.equal(schema, "v2");
  assert.deepEqual(warnings, []);
  assert.deepEqual(config.prices.priority_by_logical, {
    liqwid: ["greptime(liqwid)"],
    minswap: ["greptime(minswap)"],
  });
  assert.equal(config.analysis.price_compare.enabled, true);
  assert.equal(config.analysis.decision.gate.per_asset.djed.k_sigma, 2.5);
});

Deno.test("parseConfig() fills every default for an almost empty file", () => {
  const { config, warnings } = parseConfig("settings: {}\n", {});
  assert.equal(config.settings.timezone, "UTC");
  assert.equal(config.data.databases.greptime.port, 4000);
  assert.equal(config.runtime.schedule.interval_minutes, 60);
  assert.equal(config.analysis.decision.reference.fallback, "null");
  assert.deepEqual(config.visualization.diagnostics.aggregation.percentiles, [10, 25, 50, 75, 90]);
  assert.deepEqual(warnings, ["domain.assets is empty: no asset will be evaluated"]);
});

Deno.test("parseConfig() reports a misspelt key, an out-of-range value and a missing env var as three located errors", () => {
  const text = yaml(
    "client:",
    "  greptime:",
    "    hots: localhost",
    "    password_env: GREPTIME_PASSWORD",
    "    username: reader",
    "  assets: [djed]",
    "orchestrator:",
    "  safety_factor:",
    "    c: 1.5",
  );
  assert.deepEqual(errorLines(text, { env: {} }), [
    "config error: c.yaml:3:5: client.greptime.hots: unknown key",
    "config error: c.yaml:4:19: client.greptime.password_env: environment variable GREPTIME_PASSWORD not set",
    "config error: c.yaml:9:8: orchestrator.safety_factor.c: must be in (0, 1], got 1.5",
  ]);
});

Deno.test("parseConfig() reports each error kind with file:line:col: path: message", async (t) => {
  const cases: [string, string, string][] = [
    ["unknown key", "settings:\n  tmiezone: UTC\n", "c.yaml:2:3: settings.tmiezone: unknown key"],
    [
      "type",
      'data:\n  databases:\n    greptime:\n      port: "10"\n',
      "c.yaml:4:13: data.databases.greptime.port: expected number, got string",
    ],
    [
      "range",
      "analysis:\n  decision:\n    safety_factor: {c: 0}\n",
      "c.yaml:3:24: analysis.decision.safety_factor.c: must be in (0, 1], got 0",
    ],
    [
      "enum",
      "data:\n  datasets:\n    transactions:\n      alignment_method: foo\n",
      'c.yaml:4:25: data.datasets.transactions.alignment_method: must be one of none, right_open, snap_to_next_pos, snap_to_prev_pos, snap_to_nearest_pos, detect_spike; got "foo"',
    ],
    ["required", "wallets:\n  - label: x\n", "c.yaml:2:5: wallets[0].address: required"],
    [
      "env",
      "runtime:\n  auth:\n    user_env: WHO\n",
      "c.yaml:3:15: runtime.auth.user_env: environment variable WHO not set",
    ],
    [
      "integer",
      "runtime:\n  schedule:\n    interval_minutes: 1.5\n",
      "c.yaml:3:23: runtime.schedule.interval_minutes: expected integer, got 1.5",
    ],
    [
      "integer range",
      "data:\n  databases:\n    greptime:\n      port: 0\n",
      "c.yaml:4:13: data.databases.greptime.port: must be in [1, 65535], got 0",
    ],
    [
      "integer key given a string",
      'runtime:\n  telemetry:\n    listen_port: "9808"\n',
      "c.yaml:3:18: runtime.telemetry.listen_port: expected number, got string",
    ],
    [
      "mapping expected",
      "settings: 5\n",
      "c.yaml:1:11: settings: expected mapping, got number",
    ],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, () => {
      assert.deepEqual(errorLines(text), [`config error: ${expected}`]);
    });
  }
});

Deno.test("parseConfig() rejects duplicate keys with their location", () => {
  assert.deepEqual(errorLines("settings:\n  timezone: UTC\n  timezone: UTC\n"), [
    "config error: c.yaml:3:3: settings.timezone: duplicate key",
  ]);
});

Deno.test("parseConfig() rejects a mix of seed and v2 sections", () => {
  assert.deepEqual(errorLines("client:\n  assets: [djed]\nsettings:\n  timezone: UTC\n"), [
    "config error: c.yaml:3:1: settings: cannot mix seed (client/orchestrator) and v2 sections",
  ]);
});

Deno.test("parseConfig() rejects unknown top-level keys and non-mapping documents", async (t) => {
  await t.step("unknown top-level key", () => {
    assert.deepEqual(errorLines("domain:\n  assets: [a]\nextra: 1\n"), [
      "config error: c.yaml:3:1: extra: unknown key",
    ]);
  });
  await t.step("a list document", () => {
    assert.deepEqual(errorLines("- a\n- b\n"), [
      "config error: c.yaml:1:1: (root): the document must be a mapping, got list",
    ]);
  });
  await t.step("an empty document", () => {
    assert.deepEqual(errorLines(""), [
      "config error: c.yaml:1:1: (root): the document must be a mapping, got null",
    ]);
  });
  await t.step("YAML syntax error", () => {
    const lines = errorLines("settings:\n  timezone: [UTC\n");
    assert.equal(lines.length >= 1, true);
    assert.match(lines[0], /^config error: c\.yaml:\d+:\d+: \(root\): /);
  });
});

Deno.test("parseConfig() follows the YAML 1.2 core schema (§23.18)", async (t) => {
  await t.step("2025-07-01 stays a string", () => {
    const { config } = parseConfig("data:\n  date_range:\n    start: 2025-07-01\n", {});
    assert.equal(config.data.date_range.start, "2025-07-01");
  });
  await t.step("1e-6 is a number", () => {
    const { config } = parseConfig(
      "analysis:\n  decision:\n    gate:\n      sigma_epsilon: 1e-6\n",
      {},
    );
    assert.equal(config.analysis.decision.gate.sigma_epsilon, 1e-6);
  });
  await t.step("010 is decimal 10", () => {
    const { config } = parseConfig("runtime:\n  schedule:\n    interval_minutes: 010\n", {});
    assert.equal(config.runtime.schedule.interval_minutes, 10);
  });
  await t.step("yes is a string, so an error for a boolean", () => {
    assert.deepEqual(errorLines("runtime:\n  telemetry:\n    enabled: yes\n"), [
      "config error: c.yaml:3:14: runtime.telemetry.enabled: expected boolean, got string",
    ]);
  });
  await t.step("a string date where a number is expected is not coerced", () => {
    assert.deepEqual(errorLines('prices:\n  duty_cycle_threshold: "0.5"\n'), [
      "config error: c.yaml:2:25: prices.duty_cycle_threshold: expected number, got string",
    ]);
  });
});

Deno.test("parseConfig() collects every problem, including cross-field ones, in file order", () => {
  const text = yaml(
    "domain:",
    "  assets: [djed]",
    "analysis:",
    "  decision:",
    "    safety_factor: {c: 2}",
    "    gate:",
    "      whitelist: [usdm]",
  );
  assert.deepEqual(errorLines(text), [
    "config error: c.yaml:5:24: analysis.decision.safety_factor.c: must be in (0, 1], got 2",
    'config error: c.yaml:7:19: analysis.decision.gate.whitelist[0]: unknown asset "usdm"; configured assets: djed',
  ]);
});

Deno.test("parseConfig() normalises asset names, fallback null, log level and provider aliases", () => {
  const text = yaml(
    "settings:",
    "  log_level: warn",
    "  currency: USD",
    "domain:",
    "  assets: ['  DJED ', usdm]",
    "analysis:",
    "  decision:",
    "    reference:",
    "      fallback: null",
    "prices:",
    "  sources: [liqwid]",
    "  priority_by_logical:",
    "    liqwid: [liqwid, greptime(liqwid)]",
    "  endpoints:",
    "    liqwid_graphql: https://example.test/graphql",
  );
  const { config } = parseConfig(text, {});
  assert.equal(config.settings.log_level, "WARNING");
  assert.equal(config.settings.currency, "usd");
  assert.deepEqual(config.domain.assets, ["djed", "usdm"]);
  assert.equal(config.analysis.decision.reference.fallback, "null");
  assert.deepEqual(config.prices.priority_by_logical.liqwid, [
    "liqwid_graphql",
    "greptime(liqwid)",
  ]);
});

Deno.test('parseConfig() accepts the string "null" as fallback too', () => {
  const { config } = parseConfig(
    'analysis:\n  decision:\n    reference:\n      fallback: "null"\n',
    {},
  );
  assert.equal(config.analysis.decision.reference.fallback, "null");
});

Deno.test("ConfigError lists problems sorted by position and formats each line", () => {
  try {
    parseConfig("settings:\n  zz: 1\n  aa: 2\n", { sourceName: "f.yaml" });
    assert.fail("expected error");
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.problems.length, 2);
    assert.deepEqual(e.problems[0], {
      file: "f.yaml",
      line: 2,
      col: 3,
      path: "settings.zz",
      message: "unknown key",
    });
    assert.equal(e.format(), e.message);
    assert.equal(e.format().split("\n")[1], "config error: f.yaml:3:3: settings.aa: unknown key");
  }
});

Deno.test("parseConfig() accepts the seed example with every optional section uncommented", async () => {
  const text = await Deno.readTextFile(new URL("config/orchestrator_config.yaml.example", root));
  const uncommented = text.split("\n").map((line) => line.replace(/^(\s*)# (?!#)/, "$1"))
    .join("\n")
    .replace("<salt_b64>:<hash_b64>", "c2FsdHNhbHQ=:aGFzaGhhc2hoYXNoaGFzaA==");
  assert.notEqual(uncommented, text);
  const env = {
    WALLET_1_ADDRESS:
      "addr1qxj6rl9h0dfperfwkef5p0vc9awvy62495qfhfurc8m9a0066ewjucacqpsjl4qmmrrkukk3ngysew30y8fxvqg0arqqqvjytg",
  };
  const { config, warnings } = parseConfig(uncommented, { env });
  assert.deepEqual(warnings, []);
  assert.equal(config.analysis.decision.gate.per_asset.djed.polynomial_order, 3);
  assert.equal(config.wallets[0].label, "treasury");
  assert.equal(config.analysis.price_compare.enabled, true);
  assert.equal(config.runtime.auth.enabled, true);
  assert.equal(config.prices.transaction_sync.enabled, true);
  assert.equal(config.maintenance.cleanup.expire_before, "7d");
  assert.equal(config.prices.endpoints.minswap_aggregator, "https://agg-api.minswap.org");
});
