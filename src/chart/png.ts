/**
 * PNG rendering of chart SVGs (SPEC §15.4), the `./png` subpath: @resvg/resvg-js with one
 * font file loaded explicitly, so text is drawn the same on every machine and never vanishes
 * silently. Font files are read through an injected {@link FontFileSystem}; the default is
 * `denoFs` of the runtime adapter (`src/adapters/deno_fs.ts`), which is why this is a subpath
 * the Web-only root never imports.
 *
 * @module
 */

import { Resvg } from "@resvg/resvg-js";
import { ChartFontError } from "./errors.ts";
import { denoFs } from "../adapters/deno_fs.ts";

export { ChartFontError } from "./errors.ts";

/**
 * Where DejaVu Sans usually lives, first match wins: Debian/Ubuntu `fonts-dejavu-core`, then
 * Arch, Fedora/RHEL, Alpine, openSUSE, Homebrew and local installs.
 */
export const FONT_CANDIDATES: readonly string[] = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/TTF/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/DejaVuSans.ttf",
  "/usr/local/share/fonts/DejaVuSans.ttf",
  "/opt/homebrew/share/fonts/DejaVuSans.ttf",
  "/Library/Fonts/DejaVuSans.ttf",
];

/** How the renderer reads font files (`denoFs` of `src/adapters/deno_fs.ts` by default). */
export interface FontFileSystem {
  /** Rejects with an error named `NotFound` when the file does not exist. */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * A path native code can open for `path` (a `deno compile` binary copies an embedded font
   * to a real file); default: `path` itself.
   */
  nativePath?(path: string): Promise<string>;
}

/** Options of {@link findFontFile}. */
export interface FindFontOptions {
  /** Candidate list used when no explicit file is given; default {@link FONT_CANDIDATES}. */
  candidates?: readonly string[];
  /** Font file access; default `denoFs`. */
  fs?: FontFileSystem;
}

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Font file (`visualization.diagnostics.font_file`); null/undefined → {@link FONT_CANDIDATES}. */
  fontFile?: string | null;
  /**
   * Accepted for call-site symmetry with the SVG options and otherwise unused: the PNG has
   * the SVG's own size (`fitTo: original`, §15.4).
   */
  width?: number;
  /** Candidate list used when `fontFile` is not set (tests pass their own). */
  candidates?: readonly string[];
  /** Font file access; default `denoFs` (`src/adapters/deno_fs.ts`). */
  fs?: FontFileSystem;
}

/**
 * The font file to load: `explicit` when set (it must be readable), else the first readable
 * candidate. Throws {@link ChartFontError} naming every path tried.
 *
 * @example
 * ```ts
 * import { findFontFile } from "./png.ts";
 * try {
 *   console.log(await findFontFile(null));
 * } catch (err) {
 *   console.error((err as Error).message); // names the paths tried
 * }
 * ```
 */
export async function findFontFile(
  explicit: string | null | undefined,
  opts: FindFontOptions = {},
): Promise<string> {
  const fs = opts.fs ?? denoFs;
  const paths = explicit ? [explicit] : [...(opts.candidates ?? FONT_CANDIDATES)];
  const problems: string[] = [];
  for (const path of paths) {
    const problem = await fontProblem(fs, path);
    if (problem === null) return path;
    problems.push(`${path}: ${problem}`);
  }
  throw new ChartFontError(paths, problems.length > 0 ? problems.join("; ") : undefined);
}

/**
 * Renders an SVG to PNG with `{fitTo: {mode: "original"}, background: "white", font:
 * {loadSystemFonts: false, fontFiles: [file], defaultFontFamily: "DejaVu Sans"}}` (§15.4).
 *
 * @example
 * ```ts ignore
 * import { renderPng } from "./png.ts";
 * const png = await renderPng(
 *   '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="15" font-family="DejaVu Sans">hi</text></svg>',
 * );
 * png.length > 0; // true (throws ChartFontError when no font file is found)
 * ```
 */
export async function renderPng(svg: string, opts: RenderPngOptions = {}): Promise<Uint8Array> {
  const fs = opts.fs ?? denoFs;
  const found = await findFontFile(opts.fontFile, { candidates: opts.candidates, fs });
  const fontFile = fs.nativePath ? await fs.nativePath(found) : found;
  const resvg = new Resvg(svg, {
    fitTo: { mode: "original" },
    background: "white",
    font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: "DejaVu Sans" },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** Null when `path` is a readable TrueType/OpenType file, else why not. */
async function fontProblem(fs: FontFileSystem, path: string): Promise<string | null> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (err) {
    return err instanceof Error && err.name === "NotFound"
      ? "not found"
      : `unreadable (${err instanceof Error ? err.message : String(err)})`;
  }
  return bytes.length >= 4 && isFontMagic(bytes.subarray(0, 4))
    ? null
    : "not a TrueType/OpenType font";
}

function isFontMagic(b: Uint8Array): boolean {
  const tag = String.fromCharCode(...b);
  return (b[0] === 0 && b[1] === 1 && b[2] === 0 && b[3] === 0) ||
    tag === "OTTO" || tag === "true" || tag === "ttcf";
}
