/**
 * The package's version, as `nfs --version` prints it. It must equal deno.json's `version`
 * (tests/cli/usability_test.ts checks): a constant rather than an import of deno.json, so
 * that bundles and installs from JSR need no JSON module.
 *
 * @module
 */

/** The version of `@nfs/client`. */
export const VERSION = "0.1.0";
