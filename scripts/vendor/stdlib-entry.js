// The stdlib-js special functions lipvar uses (src/analytic/special.ts),
// bundled by scripts/build-vendor.mjs into one ES module (src/vendor/stdlib.js
// and dist/vendor/stdlib.js). Types: src/vendor/stdlib.d.ts.
export { default as gamma } from "@stdlib/math-base-special-gamma";
export { default as gammaln } from "@stdlib/math-base-special-gammaln";
export { default as gammainc } from "@stdlib/math-base-special-gammainc";
export { default as gammaincinv } from "@stdlib/math-base-special-gammaincinv";
export { default as erfc } from "@stdlib/math-base-special-erfc";
export { default as erfcx } from "@stdlib/math-base-special-erfcx";
export { default as sici } from "@stdlib/math-base-special-sici";
