import assert from "node:assert/strict";
import { NO_FONT_SKIP } from "../support/font.ts";
import { denoFs } from "../../src/adapters/deno_fs.ts";
import { ChartFontError } from "../../src/chart/mod.ts";
import { renderPng } from "../../src/chart/png.ts";
import type { AssetResult, ChartData, EvaluationRecord } from "../../src/evaluate/types.ts";
import {
  diagnosticsFileName,
  diagnosticsOptionsFromConfig,
  writeDiagnostics,
} from "../../src/jobs/diagnostics.ts";
import type { Config } from "../../src/config/mod.ts";
import { ConfigSchema } from "../../src/config/schema.ts";
import type { DiagnosticsFs } from "../../src/jobs/fs.ts";
import { createLogger } from "../../src/log.ts";
import { makeChartFixture } from "../support/chart_fixture.ts";
import { pngSize } from "../support/png_decode.ts";

function record(
  charts: [string, ChartData | null][],
  startedAt = "2025-01-21T14:30:22.123Z",
): EvaluationRecord {
  return {
    evaluation_id: 7,
    started_at: startedAt,
    finished_at: startedAt,
    duration_ms: 0,
    // Only `asset` matters to the diagnostics writer.
    results: charts.map(([asset]) => ({ asset }) as AssetResult),
    details: charts.map(([, chart]) => ({ walletAddresses: [], chart, t0Ms: null, t1Ms: null })),
  };
}

/** A file system whose every call fails unless overridden (nothing touches the disk). */
function fakeFs(overrides: Partial<DiagnosticsFs> = {}): DiagnosticsFs {
  const never = (what: string) => () => Promise.reject(new Error(`unexpected ${what}`));
  return {
    mkdir: never("mkdir"),
    writeFile: never("writeFile"),
    rename: never("rename"),
    remove: never("remove"),
    ...overrides,
  };
}

const neverRender = () => Promise.reject(new Error("unexpected render"));

Deno.test("diagnosticsFileName() is <asset>_<YYYYMMDD_HHMMSS>_residual_composite.png (UTC)", async (t) => {
  const cases: [string, number, string][] = [
    ["djed", Date.UTC(2025, 0, 21, 14, 30, 22, 999), "djed_20250121_143022_residual_composite.png"],
    [
      "wanusdt",
      Date.UTC(2024, 11, 31, 23, 59, 59),
      "wanusdt_20241231_235959_residual_composite.png",
    ],
    ["usdm", Date.UTC(2025, 5, 1, 0, 0, 0), "usdm_20250601_000000_residual_composite.png"],
  ];
  for (const [asset, ms, name] of cases) {
    await t.step(name, () => assert.equal(diagnosticsFileName(asset, ms), name));
  }
});

Deno.test("writeDiagnostics() writes one PNG per asset with chart data, via temp file and rename", {
  ignore: NO_FONT_SKIP,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rec = record([
      ["djed", makeChartFixture({ asset: "djed", points: 48 })],
      ["usdm", null],
      ["wanusdt", makeChartFixture({ asset: "wanusdt", points: 48 })],
    ]);
    const calls: string[] = [];
    const report = await writeDiagnostics(rec, {
      dir: `${dir}/out/nested`,
      width: 800,
      height: 600,
      render: renderPng,
      fs: {
        ...denoFs,
        writeFile: (p, d) => {
          calls.push(`write ${p.slice(dir.length)}`);
          return denoFs.writeFile(p, d);
        },
        rename: (a, b) => {
          calls.push(`rename ${a.slice(dir.length)} -> ${b.slice(dir.length)}`);
          return denoFs.rename(a, b);
        },
      },
    });
    const names = ["djed", "wanusdt"].map((a) => `${a}_20250121_143022_residual_composite.png`);
    assert.deepEqual(report, { written: names.map((n) => `${dir}/out/nested/${n}`), failed: [] });
    assert.deepEqual(
      calls,
      names.flatMap((n) => [
        `write /out/nested/.${n}.tmp`,
        `rename /out/nested/.${n}.tmp -> /out/nested/${n}`,
      ]),
    );
    const files = [...Deno.readDirSync(`${dir}/out/nested`)].map((e) => e.name).sort();
    assert.deepEqual(files, names);
    for (const n of names) {
      assert.deepEqual(pngSize(await Deno.readFile(`${dir}/out/nested/${n}`)), {
        width: 800,
        height: 600,
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeDiagnostics() logs failures and never throws", async (t) => {
  const charts: [string, ChartData | null][] = [["djed", makeChartFixture({ points: 24 })], [
    "usdm",
    makeChartFixture({ points: 24 }),
  ]];
  await t.step("no usable font: ChartFontError logged per asset, no files", async () => {
    const dir = await Deno.makeTempDir();
    const lines: string[] = [];
    try {
      const report = await writeDiagnostics(record(charts), {
        dir,
        fontFile: `${dir}/missing.ttf`,
        fs: denoFs,
        render: renderPng,
        logger: createLogger("DEBUG", (l) => lines.push(l)),
      });
      assert.deepEqual(report.written, []);
      assert.deepEqual(report.failed.map((f) => f.asset), ["djed", "usdm"]);
      assert.equal(lines.length, 2);
      for (const l of lines) {
        assert.match(
          l,
          /^ERROR - Diagnostics: cannot write the chart of (djed|usdm): No usable font file/,
        );
        assert.ok(l.includes(`${dir}/missing.ttf`));
      }
      assert.deepEqual([...Deno.readDirSync(dir)], []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
  await t.step("rename fails: the temp file is removed and the next asset still runs", async () => {
    const removed: string[] = [];
    const written: string[] = [];
    let renames = 0;
    const report = await writeDiagnostics(record(charts), {
      dir: "/virtual",
      render: () => Promise.resolve(new Uint8Array([1, 2, 3])),
      fs: {
        mkdir: () => Promise.resolve(),
        writeFile: (p) => {
          written.push(p);
          return Promise.resolve();
        },
        rename: () => renames++ === 0 ? Promise.reject(new Error("disk full")) : Promise.resolve(),
        remove: (p) => {
          removed.push(p);
          return Promise.resolve();
        },
      },
    });
    assert.deepEqual(report.failed, [{ asset: "djed", error: "disk full" }]);
    assert.deepEqual(report.written, ["/virtual/usdm_20250121_143022_residual_composite.png"]);
    assert.deepEqual(removed, ["/virtual/.djed_20250121_143022_residual_composite.png.tmp"]);
    assert.equal(written.length, 2);
  });
  await t.step("the directory cannot be created", async () => {
    const report = await writeDiagnostics(record(charts), {
      dir: "/virtual",
      render: neverRender,
      fs: fakeFs({ mkdir: () => Promise.reject(new Error("read-only file system")) }),
    });
    assert.deepEqual(report.failed.map((f) => f.error), [
      "read-only file system",
      "read-only file system",
    ]);
  });
  await t.step("renderer throws a ChartFontError", async () => {
    const report = await writeDiagnostics(record(charts.slice(0, 1)), {
      dir: "/virtual",
      render: () => Promise.reject(new ChartFontError(["/a.ttf"])),
      fs: fakeFs({
        mkdir: () => Promise.resolve(),
        remove: () => Promise.reject(new Error("no such file")),
      }),
    });
    assert.equal(report.failed.length, 1);
    assert.match(report.failed[0].error, /\/a\.ttf/);
  });
  await t.step("an unsafe asset name is refused", async () => {
    const report = await writeDiagnostics(record([["../evil", makeChartFixture({ points: 24 })]]), {
      dir: "/virtual",
      render: () => Promise.resolve(new Uint8Array()),
      fs: fakeFs({
        mkdir: () => Promise.resolve(),
        writeFile: () => Promise.reject(new Error("must not write")),
      }),
    });
    assert.match(report.failed[0].error, /not a safe file name/);
  });
});

Deno.test("writeDiagnostics() does nothing without chart data", async () => {
  const report = await writeDiagnostics(record([["djed", null]]), {
    dir: "/virtual",
    render: neverRender,
    fs: fakeFs({ mkdir: () => Promise.reject(new Error("must not be called")) }),
  });
  assert.deepEqual(report, { written: [], failed: [] });
});

Deno.test("diagnosticsOptionsFromConfig() takes dir, font file and chart options from the config", () => {
  const config = ConfigSchema.parse({
    domain: { assets: ["djed"] },
    visualization: { diagnostics: { dir: "diag", font_file: "/fonts/x.ttf", width: 700 } },
  }) as Config;
  const fs = fakeFs();
  const opts = diagnosticsOptionsFromConfig(config, { fs, render: neverRender });
  assert.equal(opts.dir, "diag");
  assert.equal(opts.fs, fs);
  assert.equal(opts.fontFile, "/fonts/x.ttf");
  assert.equal(opts.chartOptions?.("djed").width, 700);
});
