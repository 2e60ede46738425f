/** Where a progress bar draws: stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Files smaller than this finish before a bar would be worth reading. */
const MIN_TOTAL = 200;
const BAR_WIDTH = 30;

/**
 * A one-line progress bar ("[#######.......]  45%  450/1000") redrawn in place, for big imports. Draws only
 * on a terminal, so logs and pipes stay clean, and at most once per percent.
 */
export function progressBar(stream: ProgressStream, label: string): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    if (!stream.isTTY || total < MIN_TOTAL) return;
    const percent = Math.floor((done / total) * 100);
    if (percent === shown && done !== total) return;
    shown = percent;
    const filled = Math.round((done / total) * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
    stream.write(`\r${label} [${bar}] ${String(percent).padStart(3)}%  ${done}/${total}`);
    if (done === total) stream.write('\n');
  };
}
