/**
 * Stands in for the `node-fetch` package in the Lambda bundles (esbuild alias, see infra/constructs/
 * bot-function.ts): grammY imports node-fetch on Node, but Node 22 has fetch built in. Dropping node-fetch and
 * its URL parser (whatwg-url, tr46) saves about 300 KB of bundle and the cold start that goes with it.
 */
type NodeFetchInit = RequestInit & { duplex?: 'half'; agent?: unknown; compress?: boolean };

export default function fetchShim(
  input: string | URL | Request,
  init: NodeFetchInit = {},
): Promise<Response> {
  // node-fetch-only options that Node's fetch does not know.
  const { agent: _agent, compress: _compress, ...rest } = init;
  const body = rest.body as unknown;
  // grammY streams file uploads; Node's fetch accepts a stream body only in half-duplex mode.
  const streamed = typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
  return fetch(input, streamed ? { ...rest, duplex: 'half' } : rest);
}

export const { Headers, Request, Response } = globalThis;
