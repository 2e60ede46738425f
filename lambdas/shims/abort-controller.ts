/**
 * Stands in for the `abort-controller` package in the Lambda bundles (esbuild alias): Node has AbortController
 * built in, and Node's fetch accepts only its own AbortSignal.
 */
export const { AbortController, AbortSignal } = globalThis;
export default AbortController;
