/**
 * Normalised SVG snapshots of the composite: the deterministic fixture and the demo's djed
 * (a real evaluation of the §18 dataset). Refresh after an intended change with
 * `UPDATE_SNAPSHOTS=1 deno test -A tests/chart/composite_snapshot_test.ts`.
 */
import assert from "node:assert/strict";
import { renderCompositeSvg } from "../../src/chart/mod.ts";
import { makeChartFixture } from "../support/chart_fixture.ts";
import { demoRecord } from "./demo_record.ts";

/**
 * One element per line; decimals inside attributes rounded to one place so last-bit float
 * noise never matters (text content is kept verbatim).
 */
function normalise(svg: string): string {
  const round = (m: string) => {
    const r = Math.round(Number(m) * 10) / 10;
    return String(r === 0 ? 0 : r);
  };
  return svg
    .replace(/></g, ">\n<")
    .replace(/="([^"]*)"/g, (_, v: string) => `="${v.replace(/-?\d+\.\d+/g, round)}"`)
    .trimEnd() + "\n";
}

async function matchSnapshot(name: string, svg: string): Promise<void> {
  const url = new URL(`./__snapshots__/${name}.svg.snap`, import.meta.url);
  const actual = normalise(svg);
  if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") {
    await Deno.mkdir(new URL(".", url), { recursive: true });
    await Deno.writeTextFile(url, actual);
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(url);
  } catch {
    throw new Error(`snapshot ${url.pathname} missing: run with UPDATE_SNAPSHOTS=1`);
  }
  assert.equal(actual, expected);
}

Deno.test("renderCompositeSvg() matches the normalised snapshot of the fixture chart", async () => {
  await matchSnapshot("composite_fixture", renderCompositeSvg(makeChartFixture()));
});

Deno.test("renderCompositeSvg() matches the normalised snapshot of the demo's djed", async () => {
  const record = await demoRecord();
  const i = record.results.findIndex((r) => r.asset === "djed");
  const chart = record.details[i].chart;
  assert.ok(chart, "djed has chart data");
  assert.equal(chart.gate.status, "ok");
  const svg = renderCompositeSvg(chart);
  assert.match(svg, /Gate: ok — residual 7\.72 within \[−18\.18, 18\.18\]/);
  await matchSnapshot("composite_demo_djed", svg);
});
