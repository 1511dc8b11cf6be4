import assert from "node:assert/strict";
import { gatePriceFallsBack, gatePriceProvider } from "../../src/evaluate/mod.ts";

const DEFAULTS: Record<string, string[]> = {
  liqwid: ["greptime(liqwid)", "liqwid_graphql"],
  minswap: ["greptime(minswap)", "minswap_aggregator"],
};

Deno.test("gatePriceProvider() walks sources and priority lists for the first greptime provider", async (t) => {
  const cases: [string, string[], Record<string, string[]>, string][] = [
    ["defaults, minswap first", ["minswap", "liqwid"], {}, "greptime(minswap)"],
    [
      "API-only first source is skipped",
      ["api", "liqwid"],
      { api: ["liqwid_graphql"] },
      "greptime(liqwid)",
    ],
    ["priority order within a source", ["m"], {
      m: ["minswap_aggregator", "greptime(minswap)", "greptime(liqwid)"],
    }, "greptime(minswap)"],
    ["no sources", [], {}, "greptime(liqwid)"],
    ["no greptime provider anywhere", ["api"], { api: ["liqwid_graphql"] }, "greptime(liqwid)"],
  ];
  for (const [name, sources, lists, expected] of cases) {
    await t.step(name, () => {
      assert.equal(gatePriceProvider(sources, (l) => lists[l] ?? DEFAULTS[l] ?? []), expected);
    });
  }
});

Deno.test("gatePriceFallsBack() only for non-liqwid providers below the threshold", () => {
  assert.equal(gatePriceFallsBack("greptime(minswap)", 0.89, 0.9), true);
  assert.equal(gatePriceFallsBack("greptime(minswap)", 0.9, 0.9), false);
  assert.equal(gatePriceFallsBack("greptime(liqwid)", 0, 0.9), false);
});
