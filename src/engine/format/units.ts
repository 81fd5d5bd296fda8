/**
 * Sizes and durations as the docker CLI prints them. These are ports of
 * docker/go-units (size.go, duration.go) plus the few call sites in docker/cli and
 * moby that decide which variant a column uses, so each column gets its own export.
 */
import type { ContainerState } from '../types';
import { goFormatG } from './gofmt';

const decimalAbbrs = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const binaryAbbrs = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

// go-units getSizeAndUnit: repeated float division, the same IEEE steps as Go, so
// the value reaching %g is bit-identical and the rounding edge cases match.
function sizeAndUnit(size: number, base: number, abbrs: string[]): [number, string] {
  let i = 0;
  while (size >= base && i < abbrs.length - 1) {
    size = size / base;
    i++;
  }
  return [size, abbrs[i]!];
}

/** go-units HumanSizeWithPrecision: decimal (1000) units, `%.*g`. */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  const [size, unit] = sizeAndUnit(bytes, 1000, decimalAbbrs);
  return goFormatG(size, precision) + unit;
}

/**
 * 3 significant digits: `docker images` SIZE, `docker history` SIZE, `docker ps -s`,
 * `docker cp` progress, `docker stats` NET/BLOCK I/O, build cache SIZE.
 * (docker/cli formatter/image.go Size, image/formatter_history.go Size.)
 */
export function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 3);
}

/**
 * go-units HumanSize, 4 significant digits: `docker system df` SIZE and RECLAIMABLE,
 * `docker images` SHARED SIZE / UNIQUE SIZE, volume SIZE, "Total reclaimed space:".
 */
export function diskUsageSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4);
}

/** go-units BytesSize: binary (1024) units, `%.4g` — `docker stats` MEM USAGE, `docker info` Total Memory. */
export function bytesSize(bytes: number): string {
  const [size, unit] = sizeAndUnit(bytes, 1024, binaryAbbrs);
  return goFormatG(size, 4) + unit;
}

/** `docker history` SIZE: human by default, the raw byte count with `-H=false`. */
export function historySize(bytes: number, human = true): string {
  return human ? humanSize(bytes) : String(Math.trunc(bytes));
}

/**
 * `docker ps -s` SIZE: "2B (virtual 21.5MB)". The virtual part is left out when
 * the rootfs size is not positive (docker/cli formatter/container.go Size).
 */
export function containerSize(sizeRw: number, sizeRootFs: number): string {
  const rw = humanSize(sizeRw);
  return sizeRootFs > 0 ? `${rw} (virtual ${humanSize(sizeRootFs)})` : rw;
}

/**
 * `docker system df` RECLAIMABLE: "1.2GB (45%)". The percentage is Go integer
 * division of int64s, so it truncates; it is omitted when the total is 0.
 */
export function reclaimableSize(reclaimable: number, total: number): string {
  const r = diskUsageSize(reclaimable);
  if (total > 0) return `${r} (${Math.trunc((Math.trunc(reclaimable) * 100) / Math.trunc(total))}%)`;
  return r;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * go-units HumanDuration. Seconds and minutes truncate; hours round to nearest
 * (d.Hours()+0.5), and days/weeks/months derive from those rounded hours; years
 * truncate again from the raw hours. Negative durations (clock skew) are
 * "Less than a second", as in Go.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  // Duration.Hours() is whole hours plus the remainder as a fraction; computed
  // the same way so the +0.5 rounding flips at the same instant.
  const wholeHours = Math.trunc(ms / HOUR);
  const rawHours = wholeHours + (ms - wholeHours * HOUR) / HOUR;
  const hours = Math.trunc(rawHours + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(rawHours) / 24 / 365)} years`;
}

type TimeLike = Date | string | number;

const GO_ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');

/** Milliseconds since the epoch, or undefined for "unset" (absent, unparsable, or Go's zero time). */
function toMs(t: TimeLike | undefined | null): number | undefined {
  if (t === undefined || t === null || t === '') return undefined;
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  if (!Number.isFinite(ms)) return undefined;
  // time.Time{} ("0001-01-01T00:00:00Z") is how docker writes "never".
  if (ms <= GO_ZERO_TIME_MS) return undefined;
  return ms;
}


/**
 * "2 hours ago" for `docker images` CREATED and `docker ps` CREATED. The API
 * carries creation times as whole Unix seconds (time.Unix(Created, 0)), so the
 * creation instant is floored to the second before measuring — which is why a
 * container created 0.9 s into a second reads "1 second ago" 0.2 s later.
 */
export function createdAgo(created: TimeLike, now: Date): string {
  const ms = toMs(created) ?? 0;
  const floored = Math.floor(ms / 1000) * 1000;
  return humanDuration(now.getTime() - floored) + ' ago';
}

const HISTORY_EPOCH_S = Date.UTC(2000, 0, 1) / 1000;

/**
 * `docker history` CREATED: like createdAgo, but "N/A" for layers dated on or
 * before 2000-01-01 (reproducible builds stamp 1970) — image/formatter_history.go.
 */
export function historyCreatedSince(created: TimeLike | undefined, now: Date): string {
  const ms = toMs(created);
  if (ms === undefined || Math.floor(ms / 1000) <= HISTORY_EPOCH_S) return 'N/A';
  return createdAgo(ms, now);
}

export interface StatusExtra {
  /** Health-check status; "starting" prints as "health: starting". */
  health?: 'starting' | 'healthy' | 'unhealthy';
  /** Being restarted by a restart policy. */
  restarting?: boolean;
  /** `docker rm` in progress. */
  removing?: boolean;
}

/**
 * The STATUS column of `docker ps` — moby daemon/container/state.go State.String().
 * Measured from StartedAt while up, from FinishedAt once exited; a container that
 * never started is "Created" whatever its state says, and a stopped one without a
 * finish time prints an empty status, as the daemon does.
 */
export function containerStatus(
  state: ContainerState,
  exitCode: number,
  startedAt: TimeLike | undefined,
  finishedAt: TimeLike | undefined,
  now: Date,
  extra: StatusExtra = {},
): string {
  const since = (t: TimeLike | undefined) => humanDuration(now.getTime() - (toMs(t) ?? 0));
  if (state === 'running' || state === 'paused') {
    if (state === 'paused') return `Up ${since(startedAt)} (Paused)`;
    if (extra.restarting) return `Restarting (${exitCode}) ${since(finishedAt)} ago`;
    if (extra.health) {
      const h = extra.health === 'starting' ? 'health: starting' : extra.health;
      return `Up ${since(startedAt)} (${h})`;
    }
    return `Up ${since(startedAt)}`;
  }
  if (extra.removing) return 'Removal In Progress';
  if (state === 'dead') return 'Dead';
  if (toMs(startedAt) === undefined) return 'Created';
  if (toMs(finishedAt) === undefined) return '';
  return `Exited (${exitCode}) ${since(finishedAt)} ago`;
}
