/**
 * Regenerates `docs/wanusdt_chart.png`: the demo's wanusdt composite (gate triggered),
 * rendered from a real evaluation of the §18 dataset.
 *
 *   deno run -A tests/chart/write_docs_chart.ts
 */
import { renderCompositeSvg } from "../../src/chart/mod.ts";
import { renderPng } from "../../src/chart/png.ts";
import { demoRecord } from "./demo_record.ts";

const record = await demoRecord();
const i = record.results.findIndex((r) => r.asset === "wanusdt");
const chart = record.details[i]?.chart;
if (!chart) throw new Error("the demo evaluation produced no chart data for wanusdt");
if (!chart.gate.triggered) throw new Error("expected the wanusdt gate to be triggered (§18.4)");
const out = new URL("../../docs/wanusdt_chart.png", import.meta.url);
await Deno.mkdir(new URL(".", out), { recursive: true });
await Deno.writeFile(out, await renderPng(renderCompositeSvg(chart)));
console.log(`wrote ${out.pathname}`);
