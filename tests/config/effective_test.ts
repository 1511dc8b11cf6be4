import assert from "node:assert/strict";
import {
  comparedSources,
  effectiveGate,
  effectiveTrend,
  gateWhitelisted,
  priceCompareSettings,
  priorityFor,
} from "../../src/config/effective.ts";
import { parseConfig } from "../../src/config/parse.ts";
import { yaml } from "./helpers.ts";

const text = yaml(
  "domain:",
  "  assets: [djed, usdm, wanusdc]",
  "prices:",
  "  sources: [liqwid, minswap]",
  "  priority_by_logical:",
  "    minswap: [greptime(minswap)]",
  "  endpoints:",
  "    liqwid_graphql: https://liqwid.test/graphql",
  "analysis:",
  "  decision:",
  "    gate:",
  "      enabled: true",
  "      k_sigma: 2",
  "      lookback_hours: 48",
  "      whitelist: [djed, usdm]",
  "      per_asset:",
  "        djed: {k_sigma: 3, polynomial_order: 3, lookback_hours: null}",
  "        usdm: {enabled: false}",
  "  price_compare:",
  "    enabled: true",
  "    tolerance_epsilon: 0.01",
  "    per_asset_overrides:",
  "      djed: {tolerance_epsilon: 0, epsilon_mode: absolute, persistence_threshold: 3}",
  "  trend_indicator:",
  "    window_size_hours: 24",
  "    per_asset:",
  "      usdm: {window_size_hours: 6, method: moving_average}",
);
const { config } = parseConfig(text, {});

Deno.test("effectiveGate() merges per_asset over the global gate, explicit null included (§23.19)", async (t) => {
  await t.step("overridden keys", () => {
    const g = effectiveGate(config, "djed");
    assert.equal(g.k_sigma, 3);
    assert.equal(g.polynomial_order, 3);
    assert.equal(g.lookback_hours, null);
    assert.equal(g.enabled, true);
    assert.equal(g.min_points, 20);
    assert.equal("per_asset" in g, false);
    assert.equal("whitelist" in g, false);
  });
  await t.step("an asset without overrides gets the global values", () => {
    const g = effectiveGate(config, "wanusdc");
    assert.equal(g.k_sigma, 2);
    assert.equal(g.lookback_hours, 48);
  });
  await t.step("per-asset enabled: false", () => {
    assert.equal(effectiveGate(config, "usdm").enabled, false);
  });
});

Deno.test("gateWhitelisted() covers listed assets, or all when the list is empty", () => {
  assert.equal(gateWhitelisted(config, "djed"), true);
  assert.equal(gateWhitelisted(config, "wanusdc"), false);
  const { config: open } = parseConfig("domain:\n  assets: [a]\n", {});
  assert.equal(gateWhitelisted(open, "a"), true);
});

Deno.test("effectiveTrend() merges trend per_asset", () => {
  assert.equal(effectiveTrend(config, "usdm").window_size_hours, 6);
  assert.equal(effectiveTrend(config, "usdm").method, "moving_average");
  assert.equal(effectiveTrend(config, "djed").window_size_hours, 24);
  assert.equal(effectiveTrend(config, "djed").method, "polynomial_fit");
});

Deno.test("priceCompareSettings() honours explicit 0 overrides and expands @prices.sources", () => {
  const djed = priceCompareSettings(config, "djed");
  assert.deepEqual(djed, {
    enabled: true,
    sources: ["liqwid", "minswap"],
    epsilon_mode: "absolute",
    tolerance_epsilon: 0,
    action_on_mismatch: "hold",
    persistence_threshold: 3,
  });
  assert.equal(priceCompareSettings(config, "usdm").tolerance_epsilon, 0.01);
  assert.deepEqual(comparedSources(config), ["liqwid", "minswap"]);
});

Deno.test("priorityFor() returns configured lists, else the §8.2 defaults, else []", () => {
  assert.deepEqual(priorityFor(config, "minswap"), ["greptime(minswap)"]);
  assert.deepEqual(priorityFor(config, "liqwid"), ["greptime(liqwid)", "liqwid_graphql"]);
  assert.deepEqual(priorityFor(config, "other"), []);
  // Returned lists are copies.
  priorityFor(config, "minswap").push("liqwid_graphql");
  assert.deepEqual(config.prices.priority_by_logical.minswap, ["greptime(minswap)"]);
});
