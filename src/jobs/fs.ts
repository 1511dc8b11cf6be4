/**
 * The small file-system interface the file jobs need (diagnostics files §15.5, cleanup
 * §15.6), typed without any runtime's types so `src/jobs/` stays Web-only (STYLE habit 2).
 * The Deno implementation is `denoFs` in `src/adapters/deno_fs.ts`; tests may pass fakes.
 *
 * @module
 */

/** What {@link JobFs.lstat} reports about a path (symbolic links are not followed). */
export interface JobFileInfo {
  /** The path is a regular file. */
  isFile: boolean;
  /** The path is a directory. */
  isDirectory: boolean;
  /** The path is a symbolic link (not followed). */
  isSymlink: boolean;
  /** Last modification time (epoch ms); null when the platform does not report it. */
  mtimeMs: number | null;
}

/**
 * File operations used by the jobs. Rejections carry the runtime's error; a missing path
 * should reject with an error whose `name` is `"NotFound"`.
 *
 * @example
 * ```ts
 * import type { JobFs } from "./fs.ts";
 * // A fake that only knows an empty working directory.
 * const fs: Pick<JobFs, "cwd" | "readDir"> = {
 *   cwd: () => "/work",
 *   readDir: () => Promise.resolve([]),
 * };
 * console.assert(fs.cwd() === "/work");
 * ```
 */
export interface JobFs {
  /** Path separator of the platform (`/`, or `\` on Windows). */
  readonly separator: string;
  /** The working directory relative paths resolve against. */
  cwd(): string;
  /** Information about `path` itself, never following a symbolic link. */
  lstat(path: string): Promise<JobFileInfo>;
  /** Names of the entries of a directory (no `.`/`..`), in any order. */
  readDir(path: string): Promise<string[]>;
  /** Removes a file (never recursively). */
  remove(path: string): Promise<void>;
  /** The canonical absolute path, with `..` and every symbolic link resolved. */
  realPath(path: string): Promise<string>;
  /** Creates a directory and its missing parents; an existing directory is fine. */
  mkdir(path: string): Promise<void>;
  /** Writes (creates or truncates) a file with `data`. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Moves a file into place, replacing the target (atomic on one file system). */
  rename(from: string, to: string): Promise<void>;
  /** Reads a whole file. */
  readFile(path: string): Promise<Uint8Array>;
}

/** What `runCleanup` (`./cleanup.ts`) needs of {@link JobFs}. */
export type CleanupFs = Pick<
  JobFs,
  "separator" | "cwd" | "lstat" | "readDir" | "remove" | "realPath"
>;

/** What `writeDiagnostics` (`./diagnostics.ts`) needs of {@link JobFs}. */
export type DiagnosticsFs = Pick<JobFs, "mkdir" | "writeFile" | "rename" | "remove">;
