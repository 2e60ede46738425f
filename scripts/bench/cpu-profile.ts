import { partOf } from './bundles';

/**
 * Attribution of a V8 CPU profile (`node --cpu-prof`) of a bundle to the packages and project folders the
 * bundle was built from, through the bundle's source map: where a cold start spends its CPU time.
 */

/** The parts of a `.cpuprofile` this module reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** The parts of a source map (version 3) this module reads. */
export interface SourceMap {
  sources: string[];
  mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Map([...BASE64].map((char, i) => [char, i]));

/** Decodes one Base64 VLQ segment (`AAgBC`) into its numbers. */
export function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUES.get(char);
    if (digit === undefined) throw new Error(`Not a base64 VLQ digit: ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/** Per generated line: the generated columns where a mapping starts and the source index there, ascending. */
export type LineMappings = { columns: number[]; sources: number[] }[];

/** Decodes a source map's `mappings` far enough to find the source of any generated position. */
export function decodeMappings(mappings: string): LineMappings {
  const lines: LineMappings = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const columns: number[] = [];
    const sources: number[] = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const [columnDelta = 0, sourceDelta] = decodeVlq(segment);
      column += columnDelta;
      if (sourceDelta === undefined) continue;
      source += sourceDelta;
      columns.push(column);
      sources.push(source);
    }
    lines.push({ columns, sources });
  }
  return lines;
}

/** The source index of a generated position (0-based line and column), or undefined when unmapped. */
export function sourceAt(lines: LineMappings, line: number, column: number): number | undefined {
  const mapped = lines[line];
  if (!mapped || mapped.columns.length === 0) return undefined;
  let low = 0;
  let high = mapped.columns.length - 1;
  if ((mapped.columns[0] ?? 0) > column) return undefined;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((mapped.columns[middle] ?? 0) <= column) low = middle;
    else high = middle - 1;
  }
  return mapped.sources[low];
}

/** Self time per part, in milliseconds, largest first. */
export type ProfileParts = { part: string; ms: number }[];

/**
 * Self time of every profile node, attributed to: the bundle's sources by package or project folder (through
 * the source map), `@aws-sdk/*` and `@smithy/*` loaded from the runtime's node_modules, Node.js's own work by
 * kind (compiling modules, source maps, resolving and reading files, the rest), garbage collection, and idle
 * time (waiting for DynamoDB and the channel's API).
 */
export function attributeProfile(
  profile: CpuProfile,
  bundleFile: string,
  map: SourceMap,
  /** Turns a source of the map into a project-relative path (`node_modules/zod/…`, `lambdas/…`). */
  resolveSource: (source: string) => string = (source) => source,
): ProfileParts {
  const lines = decodeMappings(map.mappings);
  const sources = map.sources.map(resolveSource);
  const selfMs = new Map<number, number>();
  profile.samples.forEach((node, i) => {
    selfMs.set(node, (selfMs.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const byPart = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (ms === 0) continue;
    const part = partOfFrame(node.callFrame, bundleFile, lines, sources);
    byPart.set(part, (byPart.get(part) ?? 0) + ms);
  }
  return [...byPart.entries()].map(([part, ms]) => ({ part, ms })).sort((a, b) => b.ms - a.ms);
}

function partOfFrame(
  frame: CpuProfile['nodes'][number]['callFrame'],
  bundleFile: string,
  lines: LineMappings,
  sources: string[],
): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (url === bundleFile) {
    const source = sourceAt(lines, frame.lineNumber, frame.columnNumber);
    const file = source === undefined ? undefined : sources[source];
    // Unmapped: esbuild's own helpers (__commonJS, __toESM); V8 charges them the lazy compilation of the
    // module bodies they call.
    return file ? `bundle: ${partOf(file)}` : 'bundle: module wrappers (incl. compiling modules)';
  }
  if (url === '') {
    const name = frame.functionName;
    if (name === '(garbage collector)') return 'garbage collection';
    if (name === '(idle)') return 'idle (waiting for I/O)';
    if (name === '(program)') return 'V8 (compiling, runtime)';
    return 'V8 builtins';
  }
  if (url.startsWith('node:')) return nodeInternalPart(frame.functionName, url);
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg?.startsWith('@aws-sdk/') || pkg?.startsWith('@smithy/') || pkg?.startsWith('@aws-crypto/')) {
    return 'AWS SDK (runtime-provided)';
  }
  return pkg ? `other: ${pkg}` : 'other';
}

/** Node.js's own work, by kind: compiling modules, source maps, module resolution and files, the rest. */
function nodeInternalPart(functionName: string, url: string): string {
  if (['wrapSafe', 'compileFunction', 'compileForInternalLoader'].includes(functionName)) {
    return 'Node.js: compiling modules';
  }
  if (url.includes('source_map')) return 'Node.js: source maps (--enable-source-maps)';
  if (url.startsWith('node:internal/modules') || url === 'node:fs' || url === 'node:path') {
    return 'Node.js: resolving modules, reading files';
  }
  return 'Node.js: other (http, streams, timers)';
}

/** `bundle: zod 41 ms; bundle: grammy 12 ms; …` for the largest `count` parts. */
export function describeProfile(parts: ProfileParts, count: number): string {
  return parts
    .slice(0, count)
    .map(({ part, ms }) => `${part} ${ms.toFixed(0)} ms`)
    .join('; ');
}
