/**
 * PNG rendering of chart SVGs (SPEC §15.4), the `./png` subpath: @resvg/resvg-js with one
 * font file loaded explicitly, so text is drawn the same on every machine and never vanishes
 * silently. This module checks font files with `Deno.*`; the Web-only root never imports it.
 *
 * @module
 */

import { Resvg } from "@resvg/resvg-js";
import { ChartFontError } from "./errors.ts";

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
  candidates: readonly string[] = FONT_CANDIDATES,
): Promise<string> {
  const paths = explicit ? [explicit] : [...candidates];
  const problems: string[] = [];
  for (const path of paths) {
    const problem = await fontProblem(path);
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
 * ```ts
 * import { renderPng } from "./png.ts";
 * const png = await renderPng(
 *   '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="15" font-family="DejaVu Sans">hi</text></svg>',
 * );
 * png.length > 0; // true (throws ChartFontError when no font file is found)
 * ```
 */
export async function renderPng(svg: string, opts: RenderPngOptions = {}): Promise<Uint8Array> {
  const fontFile = await nativePath(await findFontFile(opts.fontFile, opts.candidates));
  const resvg = new Resvg(svg, {
    fitTo: { mode: "original" },
    background: "white",
    font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: "DejaVu Sans" },
  });
  return new Uint8Array(resvg.render().asPng());
}

const nativeCopies = new Map<string, Promise<string>>();

/**
 * A path the native renderer can open. In a `deno compile` binary a font embedded with
 * `--include` lives in Deno's virtual file system, which resvg (native code) cannot see, so
 * it is copied once to a real temporary file; elsewhere the path is returned as is.
 */
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

/** Null when `path` is a readable TrueType/OpenType file, else why not. */
async function fontProblem(path: string): Promise<string | null> {
  const deno = (globalThis as { Deno?: typeof Deno }).Deno;
  if (!deno) return "cannot check files outside Deno";
  let file: Deno.FsFile | undefined;
  try {
    file = await deno.open(path, { read: true });
    const head = new Uint8Array(4);
    const n = await file.read(head);
    if (n !== 4 || !isFontMagic(head)) return "not a TrueType/OpenType font";
    return null;
  } catch (err) {
    return err instanceof Deno.errors.NotFound
      ? "not found"
      : `unreadable (${(err as Error).message})`;
  } finally {
    file?.close();
  }
}

function isFontMagic(b: Uint8Array): boolean {
  const tag = String.fromCharCode(...b);
  return (b[0] === 0 && b[1] === 1 && b[2] === 0 && b[3] === 0) ||
    tag === "OTTO" || tag === "true" || tag === "ttcf";
}
