import assert from "node:assert/strict";
import type { Config } from "../../src/config/mod.ts";
import { ConfigSchema } from "../../src/config/schema.ts";
import { denoFs } from "../../src/adapters/deno_fs.ts";
import { createCleanupSchedule, parseExpireBefore, runCleanup } from "../../src/jobs/cleanup.ts";
import type { CleanupFs, JobFileInfo } from "../../src/jobs/fs.ts";
import { createLogger } from "../../src/log.ts";

const DAY = 86_400_000;

Deno.test("parseExpireBefore() reads relative durations and absolute datetimes", async (t) => {
  const now = Date.UTC(2025, 6, 10, 12);
  const cases: [string, string, number][] = [
    ["7d", "UTC", now - 7 * DAY],
    ["36h", "UTC", now - 36 * 3_600_000],
    ["1.5w", "UTC", now - 1.5 * 7 * DAY],
    ["90m", "UTC", now - 90 * 60_000],
    ["45s", "UTC", now - 45_000],
    ["7D", "UTC", now - 7 * DAY],
    ["2025-01-01T00:00:00Z", "Europe/Berlin", Date.UTC(2025, 0, 1)],
    ["2025-07-01T12:00:00+02:00", "UTC", Date.UTC(2025, 6, 1, 10)],
    ["2025-07-01T12:00", "Europe/Berlin", Date.UTC(2025, 6, 1, 10)],
    ["2025-07-01", "UTC", Date.UTC(2025, 6, 1)],
  ];
  for (const [s, tz, expected] of cases) {
    await t.step(`${s} (${tz})`, () => assert.equal(parseExpireBefore(s, now, tz), expected));
  }
  for (const bad of ["7x", "yesterday", "", "-7d", "2025-13-01"]) {
    await t.step(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseExpireBefore(bad, now, "UTC"), RangeError);
    });
  }
});

interface Tree {
  base: string;
  out: string;
  outside: string;
}

async function touch(path: string, mtimeMs: number, text = "x"): Promise<void> {
  await Deno.writeTextFile(path, text);
  await Deno.utime(path, mtimeMs / 1000, mtimeMs / 1000);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * base/output (the diagnostics dir) with old and new files, a nested directory, a directory
 * named like a PNG, symlinks pointing outside; base/outside with files that must survive.
 */
async function makeTree(now: number): Promise<Tree> {
  const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "cleanup_test_" }));
  const out = `${base}/output`;
  const outside = `${base}/outside`;
  await Deno.mkdir(`${out}/sub/deeper`, { recursive: true });
  await Deno.mkdir(`${out}/dir.png`);
  await Deno.mkdir(outside);
  const old = now - 10 * DAY;
  await touch(`${out}/old.png`, old);
  await touch(`${out}/OLD2.PNG`, old);
  await touch(`${out}/new.png`, now - DAY);
  await touch(`${out}/old.txt`, old);
  await touch(`${out}/sub/old.svg`, old);
  await touch(`${out}/sub/deeper/old.png`, old);
  await Deno.utime(`${out}/dir.png`, old / 1000, old / 1000);
  await touch(`${outside}/victim.png`, old);
  await Deno.mkdir(`${outside}/nested`);
  await touch(`${outside}/nested/victim.svg`, old);
  await Deno.symlink(outside, `${out}/link_out`);
  await Deno.symlink(`${outside}/victim.png`, `${out}/link_file.png`);
  return { base, out, outside };
}

Deno.test("runCleanup() deletes old listed files inside the diagnostics dir only", async () => {
  const now = Date.UTC(2025, 6, 10);
  const tree = await makeTree(now);
  const lines: string[] = [];
  try {
    const report = await runCleanup({
      fs: denoFs,
      paths: ["output"],
      diagnosticsDir: "output",
      extensions: [".png", ".svg"],
      cutoffMs: now - 7 * DAY,
      cwd: tree.base,
      logger: createLogger("DEBUG", (l) => lines.push(l)),
    });
    assert.deepEqual(report.deletedPaths.sort(), [
      `${tree.out}/OLD2.PNG`,
      `${tree.out}/old.png`,
      `${tree.out}/sub/deeper/old.png`,
      `${tree.out}/sub/old.svg`,
    ]);
    assert.equal(report.deleted, 4);
    for (
      const kept of [
        "new.png",
        "old.txt",
        "dir.png",
        "sub",
        "sub/deeper",
        "link_out",
        "link_file.png",
      ]
    ) {
      assert.ok(await exists(`${tree.out}/${kept}`), `${kept} kept`);
    }
    assert.ok((await Deno.lstat(`${tree.out}/dir.png`)).isDirectory);
    assert.ok(await exists(`${tree.outside}/victim.png`));
    assert.ok(await exists(`${tree.outside}/nested/victim.svg`));
    assert.deepEqual(lines, [
      "INFO - Cleanup: deleted 4 files older than 2025-07-03T00:00:00.000Z",
    ]);
  } finally {
    await Deno.remove(tree.base, { recursive: true });
  }
});

Deno.test("runCleanup() refuses paths that resolve outside the diagnostics dir", async (t) => {
  const now = Date.UTC(2025, 6, 10);
  const tree = await makeTree(now);
  try {
    const cases = [
      "output/../outside",
      "../outside",
      "output/link_out",
      "output/link_out/nested",
      `${tree.outside}`,
      "output/sub/../../outside",
    ];
    for (const path of cases) {
      await t.step(path, async () => {
        const lines: string[] = [];
        const report = await runCleanup({
          fs: denoFs,
          paths: [path],
          diagnosticsDir: `${tree.out}`,
          extensions: [".png", ".svg"],
          cutoffMs: now,
          cwd: path === "../outside" ? tree.out : tree.base,
          logger: createLogger("DEBUG", (l) => lines.push(l)),
        });
        assert.equal(report.deleted, 0);
        assert.equal(report.skipped.length, 1);
        assert.match(report.skipped[0].reason, /outside the diagnostics directory/);
        assert.ok(lines.some((l) => l.startsWith("WARNING - Cleanup: skipping")));
        assert.ok(await exists(`${tree.outside}/victim.png`));
        assert.ok(await exists(`${tree.outside}/nested/victim.svg`));
      });
    }
  } finally {
    await Deno.remove(tree.base, { recursive: true });
  }
});

Deno.test("runCleanup() cleans a configured subdirectory and skips missing paths", async () => {
  const now = Date.UTC(2025, 6, 10);
  const tree = await makeTree(now);
  try {
    const report = await runCleanup({
      fs: denoFs,
      paths: ["output/sub", "output/missing", "output/sub"],
      diagnosticsDir: "output",
      extensions: [".svg"],
      cutoffMs: now - 7 * DAY,
      cwd: tree.base,
    });
    assert.deepEqual(report.deletedPaths, [`${tree.out}/sub/old.svg`]);
    assert.ok(await exists(`${tree.out}/sub/deeper/old.png`), ".png not listed");
    assert.ok(await exists(`${tree.out}/old.png`), "outside the configured subdirectory");
    assert.deepEqual(report.skipped.map((s) => s.reason), ["does not exist", "listed twice"]);
  } finally {
    await Deno.remove(tree.base, { recursive: true });
  }
});

Deno.test("runCleanup() keeps files whose mtime equals the cut-off", async () => {
  const now = Date.UTC(2025, 6, 10);
  const tree = await makeTree(now);
  try {
    const report = await runCleanup({
      fs: denoFs,
      paths: ["output"],
      diagnosticsDir: "output",
      extensions: [".png"],
      cutoffMs: now - 10 * DAY,
      cwd: tree.base,
    });
    assert.equal(report.deleted, 0);
  } finally {
    await Deno.remove(tree.base, { recursive: true });
  }
});

Deno.test("runCleanup() does nothing when the diagnostics dir does not exist", async () => {
  const base = await Deno.makeTempDir();
  try {
    const report = await runCleanup({
      fs: denoFs,
      paths: ["output"],
      diagnosticsDir: "output",
      extensions: [".png"],
      cutoffMs: Date.now(),
      cwd: base,
    });
    assert.equal(report.deleted, 0);
    assert.deepEqual(report.skipped, [{ path: "output", reason: "diagnostics dir missing" }]);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

function cleanupConfig(cleanup: Record<string, unknown>): Config {
  return ConfigSchema.parse({
    visualization: { diagnostics: { dir: "output" } },
    maintenance: { cleanup },
  }) as Config;
}

Deno.test("createCleanupSchedule() runs at startup, then at most once per hour", async () => {
  let now = Date.UTC(2025, 6, 10);
  const tree = await makeTree(now);
  const lines: string[] = [];
  try {
    const schedule = createCleanupSchedule(cleanupConfig({ enabled: true, expire_before: "7d" }), {
      now: () => now,
      fs: denoFs,
      cwd: tree.base,
      logger: createLogger("INFO", (l) => lines.push(l)),
    });
    const first = await schedule.runNow();
    assert.equal(first?.deleted, 4);
    assert.equal(first?.cutoffIso, "2025-07-03T00:00:00.000Z");
    now += 59 * 60_000;
    await touch(`${tree.out}/later.png`, now - 30 * DAY);
    assert.equal(await schedule.runIfDue(), null);
    assert.ok(await exists(`${tree.out}/later.png`));
    now += 60_000;
    assert.equal((await schedule.runIfDue())?.deleted, 1);
    assert.ok(!(await exists(`${tree.out}/later.png`)));
    assert.equal(lines.filter((l) => l.startsWith("INFO - Cleanup: deleted")).length, 2);
  } finally {
    await Deno.remove(tree.base, { recursive: true });
  }
});

Deno.test("createCleanupSchedule() does nothing when disabled and logs bad settings", async () => {
  const disabled = createCleanupSchedule(cleanupConfig({ enabled: false }), { fs: denoFs });
  assert.equal(await disabled.runNow(), null);
  const lines: string[] = [];
  const bad = createCleanupSchedule(cleanupConfig({ enabled: true, expire_before: "soon" }), {
    fs: denoFs,
    logger: createLogger("INFO", (l) => lines.push(l)),
  });
  assert.equal(await bad.runNow(), null);
  assert.match(lines[0], /^ERROR - Cleanup failed: Invalid expire_before "soon"/);
});

/** An in-memory Windows-like tree: `C:\work\out` holds files; `link` is a symlink. */
function memoryFs(files: Record<string, JobFileInfo>, cwd: string): CleanupFs & {
  removed: string[];
} {
  const removed: string[] = [];
  const notFound = (p: string) => Object.assign(new Error(`not found: ${p}`), { name: "NotFound" });
  const has = (p: string) => p in files && !removed.includes(p);
  return {
    removed,
    separator: "\\",
    cwd: () => cwd,
    lstat: (p) => (has(p) ? Promise.resolve(files[p]) : Promise.reject(notFound(p))),
    readDir: (p) =>
      Promise.resolve(
        Object.keys(files)
          .filter((f) => has(f) && f.startsWith(p + "\\") && !f.slice(p.length + 1).includes("\\"))
          .map((f) => f.slice(p.length + 1)),
      ),
    remove: (p) => {
      if (!has(p)) return Promise.reject(notFound(p));
      removed.push(p);
      return Promise.resolve();
    },
    realPath: (p) => (has(p) ? Promise.resolve(p) : Promise.reject(notFound(p))),
  };
}

Deno.test("runCleanup() works over an injected file system with backslash paths", async () => {
  const cutoffMs = Date.UTC(2025, 6, 3);
  const dir = { isFile: false, isDirectory: true, isSymlink: false, mtimeMs: 0 };
  const file = (mtimeMs: number) => ({
    isFile: true,
    isDirectory: false,
    isSymlink: false,
    mtimeMs,
  });
  const fs = memoryFs({
    "C:\\work": dir,
    "C:\\work\\out": dir,
    "C:\\work\\out\\old.png": file(cutoffMs - 1),
    "C:\\work\\out\\edge.png": file(cutoffMs),
    "C:\\work\\out\\sub": dir,
    "C:\\work\\out\\sub\\old.SVG": file(0),
    "C:\\work\\out\\link.png": { isFile: false, isDirectory: false, isSymlink: true, mtimeMs: 0 },
    "C:\\work\\outside.png": file(0),
  }, "C:\\work");
  const report = await runCleanup({
    paths: ["out", "C:\\work"],
    diagnosticsDir: "out",
    extensions: [".png", ".svg"],
    cutoffMs,
    fs,
  });
  assert.deepEqual(fs.removed, ["C:\\work\\out\\old.png", "C:\\work\\out\\sub\\old.SVG"]);
  assert.equal(report.deleted, 2);
  assert.deepEqual(report.skipped.map((s) => s.path), ["C:\\work"]);
  assert.match(report.skipped[0].reason, /outside the diagnostics directory/);
});
