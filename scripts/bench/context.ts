import type { BuiltBundle, BundleName } from './bundles';
import type { BenchEnvironment } from './environment';
import type { Figure } from './report';

/** What every measurement gets from `run.ts`. */
export interface BenchContext {
  env: BenchEnvironment;
  /** A temporary folder for this run (bundles, runtime modules), removed at the end. */
  workDir: string;
  /** The bundles built by the stack's construct, built once per run on first use. */
  bundles(): Promise<ReadonlyMap<BundleName, BuiltBundle>>;
  /** One line of progress on stderr. */
  progress(message: string): void;
  options: BenchOptions;
}

/** Command-line choices of `npm run bench`. */
export interface BenchOptions {
  /**
   * `--full-scale`: load every one of the 100,000 generated groups into dynalite for the search benchmark,
   * not only those the benchmark's searches can read (about 1.1 million items; slow, and dynalite needs
   * several GB).
   */
  fullScale: boolean;
}

/** What a measurement hands back: its table lines, what a reader should know about them, and the raw data. */
export interface MeasurementResult {
  figures: Figure[];
  /**
   * Explanations, above all of a budget that does not hold: what in the code makes it miss, measured (the
   * module that dominates a bundle, the calls that make up a turn).
   */
  findings: string[];
  /** Everything measured, for bench-results/latest.json. */
  data: Record<string, unknown>;
}

/** One benchmark (one file in scripts/bench). */
export interface Measurement {
  /** For `--only`: `bundle-size`, `cold-start`, `requests`, `latency`, `search`, `memory`, `understanding`. */
  id: string;
  title: string;
  run(context: BenchContext): Promise<MeasurementResult>;
}
