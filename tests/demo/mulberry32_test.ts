import assert from "node:assert/strict";
import { mulberry32 } from "../../src/demo/mulberry32.ts";

Deno.test("mulberry32() reproduces the §18.3 check values for seed 1", () => {
  const next = mulberry32(1);
  assert.deepEqual([next(), next(), next()], [
    0.6270739405881613,
    0.002735721180215478,
    0.5274470399599522,
  ]);
});

Deno.test("mulberry32() is deterministic per seed and stays in [0, 1)", () => {
  const a = mulberry32(101);
  const b = mulberry32(101);
  const c = mulberry32(102);
  let differs = false;
  for (let i = 0; i < 10_000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
    if (x !== c()) differs = true;
  }
  assert.ok(differs);
});
