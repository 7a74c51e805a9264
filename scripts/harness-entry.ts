/**
 * The bundled harness's entry, from the project root: written by `scripts/build.ts harness`
 * and run by `npm start`'s browser fallback, the tests and the benchmarks. (package.json's
 * `web` script names it too, as a literal.)
 */
export const HARNESS_ENTRY = 'out/harness/index.cjs';
