import assert from "node:assert/strict";
import { renderCompositeSvg } from "../../src/chart/composite.ts";
import { makeChartFixture } from "../support/chart_fixture.ts";

const H = 3_600_000;
const START = Date.UTC(2025, 0, 1);

function positionPanel(svg: string): string {
  return svg.slice(
    svg.indexOf('class="panel panel-position"'),
    svg.indexOf('class="panel panel-residual"'),
  );
}

function tickDates(panel: string): number[] {
  const axis = panel.slice(panel.indexOf('class="axis axis-x"'));
  return [...axis.matchAll(/>(\d{2})-(\d{2}) (\d{2}):(\d{2})</g)].map((m) =>
    Date.UTC(
      m[1] === "12" ? 2024 : 2025,
      Number(m[1]) - 1,
      Number(m[2]),
      Number(m[3]),
      Number(m[4]),
    )
  );
}

Deno.test("renderCompositeSvg() without a plot range is unchanged by the new fields", () => {
  const chart = makeChartFixture();
  const svg = renderCompositeSvg(chart);
  assert.equal(
    renderCompositeSvg({ ...chart, serverDownsample: null, serverBins: null }),
    svg,
  );
});

Deno.test("renderCompositeSvg() spans the x axis over the plot range", async (t) => {
  const chart = makeChartFixture(); // one week hourly from START, flows at 1/3 and 2/3
  await t.step("a wider range starts the axis before the data", () => {
    const panel = positionPanel(renderCompositeSvg({
      ...chart,
      plotStartMs: START - 3 * 24 * H,
      plotEndMs: START + 168 * H,
    }));
    assert.ok(tickDates(panel).some((d) => d < START));
  });
  await t.step("a narrower range clips flows outside it", () => {
    const full = positionPanel(renderCompositeSvg(chart));
    assert.ok(full.includes('class="flow deposit"') && full.includes('class="flow withdrawal"'));
    const late = positionPanel(renderCompositeSvg({
      ...chart,
      plotStartMs: START + 120 * H,
      plotEndMs: START + 167 * H,
    }));
    assert.ok(!late.includes('class="flow deposit"'));
    assert.ok(!late.includes('class="flow withdrawal"'));
    assert.ok(tickDates(late).every((d) => d >= START + 120 * H));
  });
});

Deno.test("renderCompositeSvg() draws chart.serverBins as min–max whiskers", () => {
  const chart = makeChartFixture();
  const bins = Array.from({ length: 10 }, (_, i) => ({
    bucketMs: START - 60 * H + i * 6 * H,
    min: 32_900 + i,
    avg: 33_000 + i,
    max: 33_100 + i,
    count: 4,
  }));
  const svg = renderCompositeSvg({ ...chart, serverBins: { binSeconds: 21_600, bins } });
  assert.ok(svg.includes('class="whiskers server-bins"'));
  assert.ok(svg.includes("V (server bins 6h: min–max, mean)"));
  const panel = positionPanel(svg);
  assert.ok(tickDates(panel).some((d) => d < START), "bins before the window widen the axis");
  const opts = renderCompositeSvg(chart, { serverBins: { binSeconds: 21_600, bins } });
  assert.equal(opts, svg, "the option and the field draw the same");
});
