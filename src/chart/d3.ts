/**
 * The d3 functions the chart uses, with their DefinitelyTyped declarations attached (the d3
 * packages ship JavaScript only). Single import point for d3 in the chart domain.
 *
 * @module
 */

// @ts-types="@types/d3-scale"
export { scaleLinear, scaleUtc } from "d3-scale";
// @ts-types="@types/d3-scale"
export type { ScaleLinear, ScaleTime } from "d3-scale";
// @ts-types="@types/d3-shape"
export { area, line } from "d3-shape";
// @ts-types="@types/d3-time-format"
export { utcFormat } from "d3-time-format";
// @ts-types="@types/d3-format"
export { format } from "d3-format";
