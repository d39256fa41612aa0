/**
 * fmin 0.0.4 declares `"type": "module"` but its `main` is a UMD bundle: imported as ESM it exports
 * nothing and, finding no CommonJS `exports`, attaches itself to `globalThis.fmin` — except in some
 * loaders (a CommonJS entry point importing it, the kernel's vm), where the global never appears.
 * So the bundle is evaluated here once with a CommonJS-shaped `exports` object, which its UMD
 * header fills in every environment. This is the one place that knows about fmin's packaging.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as Fmin from "fmin";

function loadFmin(): typeof Fmin {
  const fromGlobal = (globalThis as unknown as { fmin?: typeof Fmin }).fmin;
  if (fromGlobal?.conjugateGradient) return fromGlobal;
  const bundlePath = createRequire(import.meta.url).resolve("fmin/build/fmin.js");
  const exportsObject = {} as typeof Fmin;
  // The UMD header takes the CommonJS branch when `exports` and `module` are defined.
  new Function("exports", "module", readFileSync(bundlePath, "utf8"))(exportsObject, { exports: exportsObject });
  if (!exportsObject.conjugateGradient) throw new TypeError(`fmin did not load from ${bundlePath}: conjugateGradient missing`);
  return exportsObject;
}

/** fmin's Polak–Ribière conjugate gradient with a Wolfe line search. */
export const conjugateGradient: typeof Fmin.conjugateGradient = loadFmin().conjugateGradient;
