/**
 * The numerical primitives the chart uses (SPEC §9.3, §9.5–§9.7), taken from the evaluation
 * domain so chart and gate share one implementation.
 *
 * @module
 */

export {
  gaussianKde,
  lttbIndices,
  populationStd,
  quantileSorted,
  smoothSeries,
} from "../evaluate/mod.ts";
export type { KdeResult } from "../evaluate/mod.ts";
