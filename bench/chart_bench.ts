/**
 * Chart performance targets (SPEC §15.3, issue 4):
 * - composite PNG for one asset with 105,120 points (one year of 5-minute snapshots) < 400 ms;
 * - the SVG for 1,000,000 points is no larger than for 10,000 points (both < 300 KB).
 *
 *   deno bench -A bench/chart_bench.ts
 */
import { renderCompositeSvg } from "../src/chart/mod.ts";
import { renderPng } from "../src/chart/png.ts";
import { makeChartFixture } from "../tests/support/chart_fixture.ts";

const YEAR_MS = 365 * 86_400_000;
const year5min = makeChartFixture({ points: 105_120, stepMs: 300_000, lookbackPoints: 576 });

Deno.bench("composite PNG, 105,120 points (target < 400 ms)", async () => {
  await renderPng(renderCompositeSvg(year5min));
});

Deno.bench("composite SVG only, 105,120 points", () => {
  renderCompositeSvg(year5min);
});

// Not a target: the cost of the local-polynomial moving average (§9.6) on the same data,
// which dominates the SVG time when `trend_indicator.method` is `moving_average`.
const year5minLocal = {
  ...year5min,
  trend: {
    ...year5min.trend,
    method: "moving_average" as const,
    window_type: "polynomial" as const,
  },
};
Deno.bench({
  name: "composite SVG only, 105,120 points, moving_average polynomial 24 h",
  n: 3,
  warmup: 1,
  fn: () => {
    renderCompositeSvg(year5minLocal);
  },
});

// Same year, 100× the density: the drawn markup must not grow (§15.3).
const sizes: Record<string, number> = {};
for (const points of [10_000, 1_000_000]) {
  const chart = makeChartFixture({
    points,
    stepMs: Math.floor(YEAR_MS / points),
    lookbackPoints: 576,
  });
  const bytes = new TextEncoder().encode(renderCompositeSvg(chart)).length;
  sizes[points] = bytes;
  console.log(
    `SVG size for ${points.toLocaleString("en-US")} points: ${bytes.toLocaleString("en-US")} bytes`,
  );
}
if (sizes[1_000_000] > sizes[10_000] || sizes[10_000] >= 300_000) {
  throw new Error(`SVG size target missed: ${JSON.stringify(sizes)}`);
}
