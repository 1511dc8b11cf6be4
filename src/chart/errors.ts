/**
 * Chart errors (SPEC §15.4).
 *
 * @module
 */

/**
 * No usable font file for PNG rendering: text must never vanish silently (§15.4). The PNG
 * route maps it to a 500 problem; diagnostics files are skipped with an ERROR log.
 *
 * @example
 * ```ts
 * import { ChartFontError } from "./errors.ts";
 * const err = new ChartFontError(["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]);
 * err.pathsTried.length; // 1
 * ```
 */
export class ChartFontError extends Error {
  /** Every font path that was checked, in order. */
  readonly pathsTried: readonly string[];

  /**
   * Creates the error from the font paths tried, an optional detail (e.g. why a file was
   * unreadable) and `options.cause`.
   */
  constructor(pathsTried: readonly string[], detail?: string, options?: ErrorOptions) {
    const tried = pathsTried.length > 0 ? pathsTried.join(", ") : "(none)";
    super(
      `No usable font file for chart text${detail ? ` (${detail})` : ""}; tried: ${tried}. ` +
        "Install fonts-dejavu-core or set visualization.diagnostics.font_file",
      options,
    );
    this.name = "ChartFontError";
    this.pathsTried = [...pathsTried];
  }
}
