/**
 * Progress for long CLI runs, on stderr so stdout stays clean for results.
 *
 * - Terminal (stderr is a TTY and CI is not set): one bar redrawn in place
 *   ("\r"), with percent, rate and ETA, at most 10 times a second, and only
 *   once the run has lasted 1 s — quick runs show nothing.
 * - Not a terminal, or CI set: plain lines, suitable for logs — one when
 *   another 10% is done or 10 s have passed since the last line, whichever
 *   comes first, again only after the first second.
 * - quiet (e.g. with --json): nothing at all.
 *
 * The clock, the output stream and the environment are injectable for tests.
 * No timers are used, so the reporter never keeps the process alive; it
 * redraws when `update` is called (the worker pool calls it per chunk).
 */

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Units of work in the run (e.g. chunks), an integer ≥ 0. */
  total: number;
  /** What is running, shown first (e.g. "variance"). */
  label?: string;
  /** Name of a unit of work, plural (default "chunks"). */
  unit?: string;
  /** Print nothing. */
  quiet?: boolean;
  /** Where to write (default process.stderr). */
  stream?: ProgressStream;
  /** Environment, for CI detection (default process.env). */
  env?: Record<string, string | undefined>;
  /** Milliseconds, monotonic (default performance.now). */
  now?: () => number;
}

export type ProgressMode = "bar" | "lines" | "off";

export interface Progress {
  readonly mode: ProgressMode;
  /** Record that `done` of the total units are finished; same shape as runChunks' onProgress. */
  update: (done: number, total?: number) => void;
  /** End the run: completes the bar line, or prints a final log line (if anything was shown). */
  finish: () => void;
}

/** After this long a run counts as long enough to show progress. */
export const SHOW_AFTER_MS = 1000;
/** The bar is redrawn at most this often. */
export const BAR_INTERVAL_MS = 100;
/** Log lines come at least this far apart unless another 10% is done. */
export const LINE_INTERVAL_MS = 10_000;

/** "0:07", "12:34", "1:02:03"; "--" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** A rate with three significant digits, e.g. "12.3/s", "0.452/s", "1250/s". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return "--/s";
  return `${perSecond >= 1000 ? Math.round(perSecond) : Number(perSecond.toPrecision(3))}/s`;
}

export function progressMode(options: Pick<ProgressOptions, "quiet" | "stream" | "env">): ProgressMode {
  if (options.quiet) return "off";
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  return stream.isTTY && !env.CI ? "bar" : "lines";
}

export function createProgress(options: ProgressOptions): Progress {
  const { total } = options;
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be an integer >= 0, got ${total}`);
  const mode = progressMode(options);
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const label = options.label ? `${options.label}` : "progress";
  const unit = options.unit ?? "chunks";
  const start = now();
  let done = 0;
  let shown = false;
  let lastDraw = -Infinity;
  let lastDecile = 0;
  let finished = false;

  const stats = () => {
    const elapsed = (now() - start) / 1000;
    const rate = elapsed > 0 ? done / elapsed : NaN;
    const eta = done > 0 && rate > 0 ? (total - done) / rate : NaN;
    const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
    return { elapsed, rate, eta, percent };
  };

  const barLine = () => {
    const { rate, eta, percent } = stats();
    const tail = ` ${String(percent).padStart(3)}% ${done}/${total} ${unit} ${formatRate(rate)} ETA ${formatDuration(eta)}`;
    const columns = Math.max(40, (stream.columns ?? 80) - 1);
    const width = Math.max(10, Math.min(40, columns - label.length - tail.length - 3));
    const filled = total > 0 ? Math.round((width * done) / total) : width;
    return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}]${tail}`;
  };

  const update = (value: number) => {
    if (finished || mode === "off") return;
    done = Math.max(0, Math.min(total, value));
    const t = now();
    if (t - start < SHOW_AFTER_MS) return;
    if (mode === "bar") {
      if (t - lastDraw < BAR_INTERVAL_MS && done < total) return;
      stream.write(`\r${barLine()}\x1b[K`);
      lastDraw = t;
      shown = true;
      return;
    }
    const decile = total > 0 ? Math.floor((10 * done) / total) : 10;
    if (decile > lastDecile || t - lastDraw >= LINE_INTERVAL_MS) {
      const { rate, eta, percent } = stats();
      stream.write(`${label}: ${percent}% (${done}/${total} ${unit}), ${formatRate(rate)}, ETA ${formatDuration(eta)}\n`);
      lastDraw = t;
      lastDecile = decile;
      shown = true;
    }
  };

  return {
    mode,
    update: (value: number) => update(value),
    finish: () => {
      if (finished) return;
      finished = true;
      if (!shown) return;
      const { elapsed } = stats();
      if (mode === "bar") {
        const line = barLine().replace(/ \S+\/s ETA \S+$/, ` in ${formatDuration(elapsed)}`);
        stream.write(`\r${line}\x1b[K\n`);
      } else {
        stream.write(`${label}: done, ${done}/${total} ${unit} in ${formatDuration(elapsed)}\n`);
      }
    },
  };
}
