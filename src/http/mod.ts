/**
 * HTTP service: Hono app factory, password hashing for the `hash-password` command, and
 * the types needed to wire them (SPEC §13, §14).
 *
 * @module
 */
export { createApp } from "./app.ts";
export type {
  AppDeps,
  AppEnv,
  ChartPngRenderer,
  ChartSvgRenderer,
  SyncHandler,
  SyncOutcome,
} from "./deps.ts";
export { hashPassword, parsePasswordHash, PasswordHashError, verifyPassword } from "./password.ts";
export type { HashPasswordOptions, PasswordHash } from "./password.ts";
export { HttpProblem, problemResponse } from "./problem.ts";
export type { ProblemSlug } from "./problem.ts";
