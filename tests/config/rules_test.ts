import assert from "node:assert/strict";
import { parseConfig } from "../../src/config/parse.ts";
import { isInsideDir, normalizeHost } from "../../src/config/rules_format.ts";
import { errorLines, yaml } from "./helpers.ts";

const ASSETS = ["domain:", "  assets: [djed, usdm]"];

Deno.test("checkRules() reports each cross-field rule of §2.4 at the first key named", async (t) => {
  const cases: [string, string, string[]][] = [
    [
      "gate per_asset key must be a configured asset",
      yaml(
        ...ASSETS,
        "analysis:",
        "  decision:",
        "    gate:",
        "      per_asset:",
        "        wanusdt: {k_sigma: 3}",
      ),
      ['c.yaml:7:9: analysis.decision.gate.per_asset.wanusdt: unknown asset "wanusdt"; configured assets: djed, usdm'],
    ],
    [
      "alternate_names key must be a configured asset",
      yaml(...ASSETS, "  alternate_names: {iusd: usd}"),
      ['c.yaml:3:21: domain.alternate_names.iusd: unknown asset "iusd"; configured assets: djed, usdm'],
    ],
    [
      "trend per_asset and price overrides keys",
      yaml(
        ...ASSETS,
        "analysis:",
        "  trend_indicator: {per_asset: {abc: {window_size_hours: 2}}}",
        "  price_compare: {per_asset_overrides: {xyz: {tolerance_epsilon: 0}}}",
      ),
      [
        'c.yaml:4:33: analysis.trend_indicator.per_asset.abc: unknown asset "abc"; configured assets: djed, usdm',
        'c.yaml:5:41: analysis.price_compare.per_asset_overrides.xyz: unknown asset "xyz"; configured assets: djed, usdm',
      ],
    ],
    [
      "price_compare needs two sources",
      yaml(
        "prices:",
        "  sources: [liqwid]",
        "  priority_by_logical: {liqwid: [greptime(liqwid)]}",
        "analysis:",
        "  price_compare:",
        "    enabled: true",
        "    sources: [liqwid]",
      ),
      ["c.yaml:7:14: analysis.price_compare.sources: needs at least 2 logical sources when price_compare is enabled, got 1"],
    ],
    [
      "a logical source without a priority list",
      yaml(
        "prices:",
        "  sources: [liqwid, other]",
        "  priority_by_logical: {liqwid: [greptime(liqwid)]}",
      ),
      ['c.yaml:2:21: prices.sources[1]: logical source "other" has no priority list (set prices.priority_by_logical.other)'],
    ],
    [
      "an API provider needs its endpoint",
      yaml("prices:", "  priority_by_logical:", "    minswap: [greptime(minswap), minswap]"),
      ["c.yaml:3:34: prices.priority_by_logical.minswap[1]: provider minswap_aggregator requires prices.endpoints.minswap_aggregator"],
    ],
    [
      "default priority of compared sources needs endpoints",
      yaml("analysis:", "  price_compare:", "    enabled: true", "    sources: [liqwid, minswap]"),
      [
        "c.yaml:4:15: analysis.price_compare.sources[0]: provider liqwid_graphql requires prices.endpoints.liqwid_graphql",
        "c.yaml:4:23: analysis.price_compare.sources[1]: provider minswap_aggregator requires prices.endpoints.minswap_aggregator",
      ],
    ],
    [
      "auth needs username and password source",
      yaml("runtime:", "  auth:", "    enabled: true"),
      [
        "c.yaml:2:3: runtime.auth.username: required when runtime.auth.enabled is true",
        "c.yaml:2:3: runtime.auth.password_hash: required when runtime.auth.enabled is true (or set pass_env)",
      ],
    ],
    [
      "password_hash format, without echoing the secret",
      yaml("runtime:", "  auth:", "    password_hash: '$2b$12$abcdefghijklmnopqrstuv'"),
      ["c.yaml:3:20: runtime.auth.password_hash: must be sha256:<64 hex> or pbkdf2-sha256:<iterations >= 100000>:<salt_b64>:<hash_b64> (bcrypt hashes are not supported)"],
    ],
    [
      "password_hash: the guide's sha256:<hash> placeholder is named as such",
      yaml("runtime:", "  auth:", "    password_hash: 'sha256:<hash>'"),
      [
        "c.yaml:3:20: runtime.auth.password_hash: must be sha256:<64 hex> or pbkdf2-sha256:<iterations >= 100000>:<salt_b64>:<hash_b64> (the value after sha256: is a placeholder; put the 64 hex digits of the SHA-256 of the password there, e.g. from `printf %s 'PASSWORD' | sha256sum`)",
      ],
    ],
    [
      "password_hash: a sha256 digest of the wrong length",
      yaml("runtime:", "  auth:", "    password_hash: 'sha256:abc123'"),
      [
        "c.yaml:3:20: runtime.auth.password_hash: must be sha256:<64 hex> or pbkdf2-sha256:<iterations >= 100000>:<salt_b64>:<hash_b64> (the value after sha256: has 6 characters; it must be exactly 64 hex digits)",
      ],
    ],
    [
      "pbkdf2 with too few iterations",
      yaml("runtime:", "  auth:", "    password_hash: 'pbkdf2-sha256:1000:c2FsdA==:aGFzaA=='"),
      [
        "c.yaml:3:20: runtime.auth.password_hash: must be sha256:<64 hex> or pbkdf2-sha256:<iterations >= 100000>:<salt_b64>:<hash_b64> (pbkdf2 iterations must be >= 100000, got 1000)",
      ],
    ],
    [
      "evaluation timeout within the interval",
      yaml(
        "runtime:",
        "  schedule:",
        "    interval_minutes: 1",
        "    evaluation_timeout_seconds: 61",
      ),
      ["c.yaml:4:33: runtime.schedule.evaluation_timeout_seconds: must be <= interval_minutes * 60 (60), got 61"],
    ],
    [
      "cleanup paths inside diagnostics.dir",
      yaml("maintenance:", "  cleanup:", "    paths: [output/png, output/../etc]"),
      ['c.yaml:3:25: maintenance.cleanup.paths[1]: must be inside visualization.diagnostics.dir ("output"); got "output/../etc"'],
    ],
    [
      "telemetry.path must not collide with a route",
      yaml("runtime:", "  telemetry:", "    path: /api/metrics"),
      ['c.yaml:3:11: runtime.telemetry.path: must not collide with the /api route; got "/api/metrics"'],
    ],
    [
      "telemetry.path must start with /",
      yaml("runtime:", "  telemetry:", "    path: metrics"),
      ['c.yaml:3:11: runtime.telemetry.path: must start with "/" and be a plain URL path; got "metrics"'],
    ],
    [
      "allowed_origins format",
      yaml(
        "runtime:",
        "  http:",
        "    allowed_origins: ['https://ok.test:8443', 'https://bad.test/path']",
      ),
      ['c.yaml:3:47: runtime.http.allowed_origins[1]: must be an origin scheme://host[:port]; got "https://bad.test/path"'],
    ],
    [
      "merged per_asset gate must stay valid",
      yaml(
        ...ASSETS,
        "analysis:",
        "  decision:",
        "    gate:",
        "      min_points: 4",
        "      per_asset:",
        "        djed: {polynomial_order: 5}",
      ),
      ["c.yaml:8:34: analysis.decision.gate.per_asset.djed.polynomial_order: min_points must be >= polynomial_order + 1 (6) when method is polynomial_fit, got 4 (effective for djed)"],
    ],
    [
      "global min_points vs polynomial_order",
      yaml("analysis:", "  decision:", "    gate: {polynomial_order: 4, min_points: 4}"),
      ["c.yaml:3:45: analysis.decision.gate.min_points: must be >= polynomial_order + 1 (5) when method is polynomial_fit, got 4"],
    ],
    [
      "percentiles exactly 5, strictly ascending",
      yaml(
        "visualization:",
        "  diagnostics:",
        "    aggregation:",
        "      percentiles: [10, 50, 25, 75, 90]",
      ),
      ["c.yaml:4:20: visualization.diagnostics.aggregation.percentiles: must be strictly ascending; got [10, 50, 25, 75, 90]"],
    ],
    [
      "percentiles count",
      yaml("visualization:", "  diagnostics:", "    aggregation:", "      percentiles: [10, 50]"),
      ["c.yaml:4:20: visualization.diagnostics.aggregation.percentiles: must have exactly 5 entries, got 2"],
    ],
    [
      "extensions start with a dot",
      yaml("maintenance:", "  cleanup:", "    extensions: [PNG]"),
      ['c.yaml:3:18: maintenance.cleanup.extensions[0]: must start with "." (e.g. ".png"); got "png"'],
    ],
    [
      "expire_before format",
      yaml("maintenance:", "  cleanup:", "    expire_before: soon"),
      ['c.yaml:3:20: maintenance.cleanup.expire_before: must be a duration like 7d (s, m, h, d, w) or an ISO datetime; got "soon"'],
    ],
    [
      "timezone",
      yaml("settings:", "  timezone: Mars/Olympus"),
      ['c.yaml:2:13: settings.timezone: must be a valid IANA time zone; got "Mars/Olympus"'],
    ],
    [
      "date_range ISO and order",
      yaml("data:", "  date_range:", "    start: 2025-02-01", "    end: 2025-01-01"),
      ['c.yaml:3:12: data.date_range.start: must be before end (2025-01-01); got "2025-02-01"'],
    ],
    [
      "date_range bad date",
      yaml("data:", "  date_range:", "    start: 2025-02-30"),
      ['c.yaml:3:12: data.date_range.start: must be an ISO date or datetime; got "2025-02-30"'],
    ],
    [
      "duplicate assets",
      yaml("domain:", "  assets: [djed, DJED]"),
      ['c.yaml:2:18: domain.assets[1]: duplicate asset "djed"'],
    ],
    [
      "greptime host with a port",
      yaml("data:", "  databases:", "    greptime:", "    " + "  host: http://db:4000"),
      ['c.yaml:4:13: data.databases.greptime.host: must not contain a port (set port separately); got "http://db:4000"'],
    ],
    [
      "greptime username without password",
      yaml("data:", "  databases:", "    greptime:", "      username: u"),
      ["c.yaml:3:5: data.databases.greptime.password: required: username and password are set together"],
    ],
    [
      "transaction sync needs the Liqwid endpoint",
      yaml("prices:", "  transaction_sync:", "    enabled: true"),
      ["c.yaml:3:14: prices.transaction_sync.enabled: transaction sync requires prices.endpoints.liqwid_graphql"],
    ],
    [
      "reference keyword without backslash",
      yaml("analysis:", "  decision:", "    reference:", "      keyword: 'a\\b'"),
      ['c.yaml:4:16: analysis.decision.reference.keyword: must be non-empty without control characters or "\\"; got "a\\\\b"'],
    ],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, () => {
      assert.deepEqual(errorLines(text), expected.map((e) => `config error: ${e}`));
    });
  }
});

Deno.test("checkRules() fills cleanup.paths and normalises the Greptime host", () => {
  const { config } = parseConfig(
    yaml(
      "data:",
      "  databases:",
      "    greptime: {host: DB.Example.com}",
      "visualization:",
      "  diagnostics: {dir: charts}",
    ),
    {},
  );
  assert.equal(config.data.databases.greptime.host, "http://db.example.com");
  assert.deepEqual(config.maintenance.cleanup.paths, ["charts"]);
});

Deno.test("normalizeHost() accepts bare hosts and rejects ports, paths, queries and credentials", async (t) => {
  const cases: [string, string | null][] = [
    ["localhost", "http://localhost"],
    ["https://db.test/", "https://db.test"],
    ["10.0.0.5", "http://10.0.0.5"],
    ["http://db.test:4000", null],
    ["http://db.test/sql", null],
    ["http://db.test?x=1", null],
    ["http://user:pw@db.test", null],
    ["ftp://db.test", null],
    // Underscores occur in Docker/compose service names and in the guide's placeholder.
    ["greptime_db", "http://greptime_db"],
    ["http://YOUR_GREPTIME_HOST", "http://your_greptime_host"],
    ["http://db test", null],
    ["http://-db.test", null],
  ];
  for (const [input, expected] of cases) {
    await t.step(input, () => {
      const r = normalizeHost(input);
      if (expected === null) assert.ok(r.error, `expected an error for ${input}`);
      else assert.equal(r.host, expected);
    });
  }
});

Deno.test("isInsideDir() compares normalised paths", async (t) => {
  const cases: [string, string, string | undefined, boolean][] = [
    ["output", "output", undefined, true],
    ["./output/a", "output", undefined, true],
    ["output2", "output", undefined, false],
    ["/tmp/x", "output", undefined, false],
    ["/work/output/a", "output", "/work", true],
    ["/work/other", "output", "/work", false],
  ];
  for (const [p, d, cwd, expected] of cases) {
    await t.step(`${p} in ${d}`, () => assert.equal(isInsideDir(p, d, cwd), expected));
  }
});

Deno.test("parseConfig() accepts relative and absolute expire_before values", () => {
  for (const v of ["90m", "1.5H", "2w", "2025-01-01T00:00:00Z"]) {
    const { config } = parseConfig(`maintenance:\n  cleanup:\n    expire_before: "${v}"\n`, {});
    assert.equal(config.maintenance.cleanup.expire_before, v);
  }
});

Deno.test("plot_range: relative requires relative_duration, custom requires nothing (§2.3.6)", async (t) => {
  const pr = (...lines: string[]) =>
    yaml("visualization:", "  diagnostics:", "    plot_range:", ...lines.map((l) => `      ${l}`));
  await t.step("relative without a duration is an error at the plot_range mapping", () => {
    assert.deepEqual(errorLines(pr("mode: relative")), [
      "config error: c.yaml:3:5: visualization.diagnostics.plot_range.relative_duration: required when plot_range.mode is relative",
    ]);
  });
  await t.step("relative with a duration loads", () => {
    const { config } = parseConfig(pr("mode: relative", "relative_duration: 7d"));
    assert.deepEqual(config.visualization.diagnostics.plot_range, {
      mode: "relative",
      start: null,
      end: null,
      relative_duration: "7d",
    });
  });
  await t.step("a duration outside ^\\d+[hdw]$ is an error", () => {
    assert.deepEqual(errorLines(pr("mode: relative", "relative_duration: 30m")), [
      'config error: c.yaml:5:26: visualization.diagnostics.plot_range.relative_duration: must match ^\\d+[hdw]$; got "30m"',
    ]);
  });
  await t.step("custom without start or end loads (open ends inherit the data window)", () => {
    const { config } = parseConfig(pr("mode: custom"));
    assert.equal(config.visualization.diagnostics.plot_range.mode, "custom");
    assert.equal(config.visualization.diagnostics.plot_range.start, null);
  });
  await t.step("custom start must be ISO", () => {
    assert.deepEqual(errorLines(pr("mode: custom", "start: yesterday")), [
      'config error: c.yaml:5:14: visualization.diagnostics.plot_range.start: must be an ISO date or datetime; got "yesterday"',
    ]);
  });
  await t.step("seed path orchestrator.diagnostics.plot_range maps onto it", () => {
    const seed = yaml("orchestrator:", "  diagnostics:", "    plot_range:", "      mode: relative");
    assert.deepEqual(errorLines(seed), [
      "config error: c.yaml:3:5: orchestrator.diagnostics.plot_range.relative_duration: required when plot_range.mode is relative",
    ]);
  });
});
