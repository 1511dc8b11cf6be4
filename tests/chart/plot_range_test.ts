import assert from "node:assert/strict";
import {
  plotDurationMs,
  reachesBeyondWindow,
  resolvePlotRange,
  serverBinSeconds,
} from "../../src/chart/plot_range.ts";
import type { PlotRangeSettings } from "../../src/chart/plot_range.ts";

const H = 3_600_000;
const D = 24 * H;
const E = Date.UTC(2025, 0, 11);
const WINDOW = { windowStartMs: E - 2 * D, windowEndMs: E };

function settings(over: Partial<PlotRangeSettings>): PlotRangeSettings {
  return { mode: "inherit", start: null, end: null, relative_duration: null, ...over };
}

Deno.test("plotDurationMs() reads ^\\d+[hdw]$ durations", async (t) => {
  const cases: [string, number | null][] = [
    ["1h", H],
    ["36h", 36 * H],
    ["7d", 7 * D],
    ["2w", 14 * D],
    ["0h", null],
    ["1m", null],
    ["1.5d", null],
    ["d", null],
    [" 1d", null],
  ];
  for (const [text, ms] of cases) {
    await t.step(JSON.stringify(text), () => assert.equal(plotDurationMs(text), ms));
  }
});

Deno.test("resolvePlotRange() applies inherit, custom and relative modes", async (t) => {
  const cases: {
    name: string;
    s: Partial<PlotRangeSettings>;
    tz?: string;
    want: { mode: string; startMs: number; endMs: number };
  }[] = [
    { name: "inherit = window", s: {}, want: { mode: "inherit", startMs: E - 2 * D, endMs: E } },
    {
      name: "relative = [E − duration, E]",
      s: { mode: "relative", relative_duration: "5d" },
      want: { mode: "relative", startMs: E - 5 * D, endMs: E },
    },
    {
      name: "relative shorter than the window",
      s: { mode: "relative", relative_duration: "6h" },
      want: { mode: "relative", startMs: E - 6 * H, endMs: E },
    },
    {
      name: "custom with both bounds (Z)",
      s: { mode: "custom", start: "2025-01-03T00:00:00Z", end: "2025-01-10T12:00:00Z" },
      want: { mode: "custom", startMs: Date.UTC(2025, 0, 3), endMs: Date.UTC(2025, 0, 10, 12) },
    },
    {
      name: "custom naive start in settings.timezone, null end → E",
      s: { mode: "custom", start: "2025-01-05T00:00" },
      tz: "Europe/Berlin",
      want: { mode: "custom", startMs: Date.UTC(2025, 0, 4, 23), endMs: E },
    },
    {
      name: "custom null start → t0",
      s: { mode: "custom", end: "2025-01-12" },
      want: { mode: "custom", startMs: E - 2 * D, endMs: Date.UTC(2025, 0, 12) },
    },
    {
      name: "custom start after end falls back to the window",
      s: { mode: "custom", start: "2025-01-12" },
      want: { mode: "inherit", startMs: E - 2 * D, endMs: E },
    },
    {
      name: "custom unparsable falls back to the window",
      s: { mode: "custom", start: "yesterday" },
      want: { mode: "inherit", startMs: E - 2 * D, endMs: E },
    },
    {
      name: "relative without a duration falls back to the window",
      s: { mode: "relative" },
      want: { mode: "inherit", startMs: E - 2 * D, endMs: E },
    },
  ];
  for (const c of cases) {
    await t.step(c.name, () => {
      assert.deepEqual(resolvePlotRange(settings(c.s), WINDOW, c.tz ?? "UTC"), c.want);
    });
  }
});

Deno.test("reachesBeyondWindow() is true only when the plot range leaves the window", async (t) => {
  const w = { startMs: 10, endMs: 20 };
  const cases: [string, { startMs: number; endMs: number }, boolean][] = [
    ["same", { startMs: 10, endMs: 20 }, false],
    ["inside", { startMs: 12, endMs: 18 }, false],
    ["earlier start", { startMs: 9, endMs: 20 }, true],
    ["later end", { startMs: 10, endMs: 21 }, true],
  ];
  for (const [name, plot, want] of cases) {
    await t.step(name, () => assert.equal(reachesBeyondWindow(plot, w), want));
  }
});

Deno.test("serverBinSeconds() uses time_unit, or the §15.3 auto rule", async (t) => {
  const cases: [string, Parameters<typeof serverBinSeconds>, number][] = [
    ["1h fixed", ["1h", 0, 100 * D], 3600],
    ["auto 5 days → 30min (240 bins)", ["auto", 0, 5 * D], 1800],
    ["auto 30 days → 6h", ["auto", 0, 30 * D], 6 * 3600],
    ["auto 1 hour → 1min", ["auto", 0, H], 60],
  ];
  for (const [name, args, want] of cases) {
    await t.step(name, () => assert.equal(serverBinSeconds(...args), want));
  }
});
