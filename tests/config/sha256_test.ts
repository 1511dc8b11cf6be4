import assert from "node:assert/strict";
import { sha256Hex } from "../../src/config/sha256.ts";

async function webSha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("sha256Hex() matches WebCrypto across block boundaries and UTF-8", async (t) => {
  const inputs = [
    "",
    "abc",
    "x".repeat(55),
    "x".repeat(56),
    "x".repeat(64),
    "x".repeat(119),
    "pässwörd €",
  ];
  for (const s of inputs) {
    await t.step(`length ${s.length}`, async () => assert.equal(sha256Hex(s), await webSha256(s)));
  }
});
