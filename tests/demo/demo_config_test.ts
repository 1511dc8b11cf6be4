import assert from "node:assert/strict";
import { type ConfigInput, ConfigSchema } from "../../src/config/schema.ts";
import { demoConfigInput } from "../../src/demo/mod.ts";

Deno.test("demoConfigInput() is a valid canonical config with the §18.2 settings", () => {
  // Compile-time check: the demo input is a schema input.
  const input: ConfigInput = demoConfigInput({ host: "http://127.0.0.1", port: 45678 });
  const config = ConfigSchema.parse(input);
  assert.deepEqual(config.domain.assets, ["djed", "usdm", "wanusdc", "wanusdt"]);
  assert.deepEqual(
    [
      config.data.databases.greptime.host,
      config.data.databases.greptime.port,
      config.data.databases.greptime.database,
    ],
    ["http://127.0.0.1", 45678, "liqwid"],
  );
  assert.equal(config.analysis.decision.reference.fallback, "data_range");
  assert.equal(config.analysis.decision.safety_factor.c, 0.5);
  assert.equal(config.data.datasets.transactions.alignment_method, "none");
  const g = config.analysis.decision.gate;
  assert.deepEqual(
    [
      g.enabled,
      g.whitelist,
      g.basis,
      g.method,
      g.polynomial_order,
      g.k_sigma,
      g.min_points,
      g.lookback_hours,
    ],
    [true, [], "corrected_position", "polynomial_fit", 2, 2, 10, 48],
  );
  assert.deepEqual([g.threshold_mode, g.sides, g.apply_in_fallback], ["stddev", "both", true]);
  const pc = config.analysis.price_compare;
  assert.equal(pc.enabled, true);
  assert.deepEqual(pc.sources, ["liqwid", "minswap"]);
  assert.deepEqual(config.prices.priority_by_logical, {
    liqwid: ["greptime(liqwid)"],
    minswap: ["greptime(minswap)"],
  });
  assert.equal(config.data.datasets.transactions.sources.minswap.database, "minswap");
  assert.equal(config.visualization.diagnostics.enabled, false);
  assert.deepEqual(
    [config.runtime.telemetry.listen_address, config.runtime.telemetry.listen_port],
    ["127.0.0.1", 9808],
  );
  assert.equal(config.wallets.length, 3);
});

Deno.test("demoConfigInput() returns a fresh object each call", () => {
  const a = demoConfigInput();
  (a.domain!.assets as string[]).push("x");
  assert.deepEqual(demoConfigInput().domain?.assets, ["djed", "usdm", "wanusdc", "wanusdt"]);
});
