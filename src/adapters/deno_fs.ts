// Runtime adapter (like src/demo/): the one place under src/ allowed to call `Deno.*` for files.
/**
 * The Deno implementation of the jobs' file-system interface (`JobFs`, `src/jobs/fs.ts`)
 * plus {@link DenoFs.nativePath} for the PNG font (`src/chart/png.ts`). `cli.ts` and
 * `server.ts` pass {@link denoFs} to the diagnostics and cleanup jobs; nothing touches
 * `Deno` until a method is called, so importing this module elsewhere is harmless.
 *
 * @module
 */

import type { JobFileInfo, JobFs } from "../jobs/fs.ts";

/** {@link JobFs} plus what the PNG renderer needs to hand a font to native code. */
export interface DenoFs extends JobFs {
  /**
   * A path native code (resvg) can open. In a `deno compile` binary a font embedded with
   * `--include` lives in Deno's virtual file system, which native code cannot see, so it is
   * copied once to a real temporary file; elsewhere `path` is returned as is.
   */
  nativePath(path: string): Promise<string>;
}

const nativeCopies = new Map<string, Promise<string>>();

function nativePath(path: string): Promise<string> {
  if (!import.meta.url.includes("/deno-compile-")) return Promise.resolve(path);
  let copy = nativeCopies.get(path);
  if (!copy) {
    copy = (async () => {
      const temp = await Deno.makeTempFile({ prefix: "alert-orchestrator-font-", suffix: ".ttf" });
      await Deno.writeFile(temp, await Deno.readFile(path));
      return temp;
    })();
    copy.catch(() => nativeCopies.delete(path));
    nativeCopies.set(path, copy);
  }
  return copy;
}

/**
 * `Deno.*` file operations behind {@link JobFs} (needs `--allow-read`/`--allow-write`).
 *
 * @example
 * ```ts ignore
 * import { denoFs } from "./deno_fs.ts";
 * import { runCleanup } from "../jobs/cleanup.ts";
 * await runCleanup({ paths: ["output"], diagnosticsDir: "output", extensions: [".png"], cutoffMs: 0, fs: denoFs });
 * ```
 */
export const denoFs: DenoFs = {
  get separator(): string {
    return Deno.build.os === "windows" ? "\\" : "/";
  },
  cwd: () => Deno.cwd(),
  lstat: async (path: string): Promise<JobFileInfo> => {
    const info = await Deno.lstat(path);
    return {
      isFile: info.isFile,
      isDirectory: info.isDirectory,
      isSymlink: info.isSymlink,
      mtimeMs: info.mtime === null ? null : info.mtime.getTime(),
    };
  },
  readDir: async (path: string): Promise<string[]> =>
    (await Array.fromAsync(Deno.readDir(path))).map((e) => e.name),
  remove: (path: string) => Deno.remove(path),
  realPath: (path: string) => Deno.realPath(path),
  mkdir: (path: string) => Deno.mkdir(path, { recursive: true }),
  writeFile: (path: string, data: Uint8Array) => Deno.writeFile(path, data),
  rename: (from: string, to: string) => Deno.rename(from, to),
  readFile: (path: string) => Deno.readFile(path),
  nativePath,
};
