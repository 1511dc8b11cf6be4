import assert from "node:assert/strict";
import { NO_FONT_SKIP } from "../support/font.ts";
import { renderCompositeSvg } from "../../src/chart/mod.ts";
import { ChartFontError, findFontFile, FONT_CANDIDATES, renderPng } from "../../src/chart/png.ts";
import { makeChartFixture } from "../support/chart_fixture.ts";
import { type DecodedPng, decodePng, distinctColours, pngSize } from "../support/png_decode.ts";

/** Pixels that are not (near) white inside rows [y0, y1). */
function inkInRows(img: DecodedPng, y0: number, y1: number): number {
  let ink = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * img.channels;
      if (img.pixels[i] < 200 || img.pixels[i + 1] < 200 || img.pixels[i + 2] < 200) ink++;
    }
  }
  return ink;
}

function hasColour(img: DecodedPng, [r, g, b]: [number, number, number], tol = 6): boolean {
  for (let i = 0; i < img.pixels.length; i += img.channels) {
    if (
      Math.abs(img.pixels[i] - r) <= tol && Math.abs(img.pixels[i + 1] - g) <= tol &&
      Math.abs(img.pixels[i + 2] - b) <= tol
    ) return true;
  }
  return false;
}

Deno.test("renderPng() decodes to the requested size with non-uniform pixels", {
  ignore: NO_FONT_SKIP,
}, async (t) => {
  for (const [width, height] of [[1200, 1000], [640, 480]]) {
    await t.step(`${width}x${height}`, async () => {
      const png = await renderPng(renderCompositeSvg(makeChartFixture(), { width, height }));
      assert.deepEqual(pngSize(png), { width, height });
      const img = await decodePng(png);
      assert.equal(img.pixels.length, width * height * img.channels);
      assert.ok(distinctColours(img) > 50, `${distinctColours(img)} colours`);
      assert.ok(hasColour(img, [255, 255, 255]), "white background");
      assert.ok(hasColour(img, [0x1f, 0x77, 0xb4]), "blue raw line");
      assert.ok(hasColour(img, [0xd6, 0x27, 0x28]), "red latest residual / markers");
    });
  }
});

Deno.test("renderPng() draws text: the same chart without text renders differently", {
  ignore: NO_FONT_SKIP,
}, async () => {
  const svg = renderCompositeSvg(makeChartFixture());
  const noText = svg.replace(/<text\b[^>]*>[^<]*<\/text>/g, "");
  assert.ok(noText.length < svg.length);
  const withFont = await decodePng(await renderPng(svg));
  const without = await decodePng(await renderPng(noText));
  // The title band (rows 0..50) holds only text: ink with the font, blank without.
  assert.ok(inkInRows(withFont, 0, 50) > 500, `${inkInRows(withFont, 0, 50)} ink pixels`);
  assert.equal(inkInRows(without, 0, 50), 0);
  assert.notDeepEqual(withFont.pixels, without.pixels);
});

Deno.test(
  "renderPng() renders with a white background (no transparency)",
  { ignore: NO_FONT_SKIP },
  async () => {
    const img = await decodePng(
      await renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"></svg>'),
    );
    for (let i = 0; i < img.pixels.length; i += img.channels) {
      assert.deepEqual([...img.pixels.subarray(i, i + 3)], [255, 255, 255]);
      if (img.channels === 4) assert.equal(img.pixels[i + 3], 255);
    }
  },
);

Deno.test(
  "findFontFile() finds DejaVu Sans from the candidate list",
  { ignore: NO_FONT_SKIP },
  async () => {
    const path = await findFontFile(null);
    assert.ok(FONT_CANDIDATES.includes(path));
    assert.match(path, /DejaVuSans\.ttf$/);
  },
);

Deno.test("renderPng() fails with ChartFontError naming the paths tried", async (t) => {
  const svg = renderCompositeSvg(makeChartFixture({ points: 10 }));
  const dir = await Deno.makeTempDir();
  try {
    const notAFont = `${dir}/fake.ttf`;
    await Deno.writeTextFile(notAFont, "this is not a font");
    const cases: [string, Parameters<typeof renderPng>[1], string[]][] = [
      ["missing explicit file", { fontFile: `${dir}/missing.ttf` }, [`${dir}/missing.ttf`]],
      ["explicit file that is not a font", { fontFile: notAFont }, [notAFont]],
      ["no candidate exists", { candidates: [`${dir}/a.ttf`, `${dir}/b.ttf`] }, [
        `${dir}/a.ttf`,
        `${dir}/b.ttf`,
      ]],
      ["empty candidate list", { candidates: [] }, []],
    ];
    for (const [name, opts, paths] of cases) {
      await t.step(name, async () => {
        const err = await renderPng(svg, opts).then(() => null, (e) => e);
        assert.ok(err instanceof ChartFontError, String(err));
        assert.deepEqual(err.pathsTried, paths);
        for (const p of paths) assert.ok(err.message.includes(p), err.message);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test(
  "renderPng() uses an explicit font file when given",
  { ignore: NO_FONT_SKIP },
  async () => {
    const explicit = await findFontFile(null);
    const png = await renderPng(renderCompositeSvg(makeChartFixture({ points: 10 })), {
      fontFile: explicit,
    });
    assert.deepEqual(pngSize(png), { width: 1200, height: 1000 });
  },
);

Deno.test(
  "renderPng() reads fonts through an injected file system",
  { ignore: NO_FONT_SKIP },
  async (t) => {
    const realFont = await findFontFile(null);
    const svg = renderCompositeSvg(makeChartFixture({ points: 10 }));
    await t.step("a virtual path is checked by readFile and mapped by nativePath", async () => {
      const reads: string[] = [];
      const png = await renderPng(svg, {
        fontFile: "/virtual/font.ttf",
        fs: {
          readFile: (p) => {
            reads.push(p);
            return p === "/virtual/font.ttf"
              ? Deno.readFile(realFont)
              : Promise.reject(new Error("unexpected"));
          },
          nativePath: (p) => Promise.resolve(p === "/virtual/font.ttf" ? realFont : p),
        },
      });
      assert.deepEqual(reads, ["/virtual/font.ttf"]);
      assert.ok(inkInRows(await decodePng(png), 0, 50) > 500, "title text drawn");
    });
    const cases: [string, Error | Uint8Array, RegExp][] = [
      ["NotFound", Object.assign(new Error("gone"), { name: "NotFound" }), /\/f\.ttf: not found/],
      ["permission", new Error("permission denied"), /unreadable \(permission denied\)/],
      ["too short", new Uint8Array([0, 1]), /not a TrueType\/OpenType font/],
    ];
    for (const [name, outcome, message] of cases) {
      await t.step(`readFile ${name} → ChartFontError`, async () => {
        const err = await findFontFile("/f.ttf", {
          fs: {
            readFile: () =>
              outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome),
          },
        }).then(() => null, (e) => e);
        assert.ok(err instanceof ChartFontError, String(err));
        assert.deepEqual(err.pathsTried, ["/f.ttf"]);
        assert.match(err.message, message);
      });
    }
  },
);
