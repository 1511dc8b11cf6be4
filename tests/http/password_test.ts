import assert from "node:assert/strict";
import {
  constantTimeEqual,
  fromBase64,
  hashPassword,
  parsePasswordHash,
  sha256,
  toHex,
  verifyPassword,
} from "../../src/http/password.ts";

Deno.test("hashPassword() produces a verifiable pbkdf2-sha256 string", async () => {
  const text = await hashPassword("s3cret", { iterations: 100_000, random: (b) => b.fill(7) });
  const [kind, iterations, salt, hash] = text.split(":");
  assert.equal(kind, "pbkdf2-sha256");
  assert.equal(iterations, "100000");
  assert.deepEqual(fromBase64(salt), new Uint8Array(16).fill(7));
  assert.equal(fromBase64(hash).length, 32);
  const parsed = parsePasswordHash(text);
  assert.equal(await verifyPassword("s3cret", parsed), true);
  assert.equal(await verifyPassword("s3cret ", parsed), false);
});

Deno.test("hashPassword() defaults to 600000 iterations and random salts", async () => {
  const a = await hashPassword("pw");
  const b = await hashPassword("pw");
  assert.match(a, /^pbkdf2-sha256:600000:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
  assert.notEqual(a, b);
  await assert.rejects(() => hashPassword("pw", { iterations: 1000 }), RangeError);
});

Deno.test("pbkdf2 verification matches an independent RFC-style vector", async () => {
  // PBKDF2-HMAC-SHA256("password", "salt", 100000, 32) computed with Python hashlib.
  const expected = "0394a2ede332c9a13eb82e9b24631604c31df978b4e2f0fbd2c549944f9d79a5";
  const text = `pbkdf2-sha256:100000:${btoa("salt")}:${
    btoa(String.fromCharCode(...expected.match(/../g)!.map((h) => parseInt(h, 16))))
  }`;
  assert.equal(await verifyPassword("password", parsePasswordHash(text)), true);
});

Deno.test("sha256: hashes verify against the hex digest", async () => {
  const hash = parsePasswordHash("sha256:" + toHex(await sha256("hunter2")).toUpperCase());
  assert.equal(await verifyPassword("hunter2", hash), true);
  assert.equal(await verifyPassword("hunter3", hash), false);
});

Deno.test("constantTimeEqual() compares bytes", async (t) => {
  const cases: [number[], number[], boolean][] = [
    [[1, 2, 3], [1, 2, 3], true],
    [[1, 2, 3], [1, 2, 4], false],
    [[1, 2], [1, 2, 3], false],
    [[], [], true],
  ];
  for (const [a, b, eq] of cases) {
    await t.step(`${a} vs ${b}`, () => {
      assert.equal(constantTimeEqual(new Uint8Array(a), new Uint8Array(b)), eq);
    });
  }
});
