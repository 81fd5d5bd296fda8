import { describe, expect, it } from 'vitest';
import { goFormatG } from '../../../src/engine/format/gofmt';
import {
  bytesSize, containerSize, containerStatus, createdAgo, diskUsageSize, historyCreatedSince, historySize,
  humanDuration, humanSize, reclaimableSize,
} from '../../../src/engine/format/units';

// Expected strings reasoned from Go's strconv (ftoa.go formatDigits, ftoaryu.go
// ryuFtoaFixed64/formatDecimal: correctly rounded, ties to even, trailing zeros
// trimmed, %e once the rounded exponent >= precision).
describe('goFormatG (fmt %.*g)', () => {
  it.each([
    [1000, 3, '1e+03'],
    [999.9, 3, '1e+03'],
    [181.5, 3, '182'], // exact tie, 1 is odd: up
    [182.5, 3, '182'], // exact tie, 2 is even: down (toPrecision says 183)
    [1.005, 3, '1'], // 1.00499999… in binary; zeros trimmed (toPrecision says 1.00)
    [2.675, 3, '2.67'],
    [72.8, 3, '72.8'],
    [100, 3, '100'],
    [5, 3, '5'],
    [0, 3, '0'],
    [0.0001, 3, '0.0001'],
    [0.00001, 3, '1e-05'],
    [123456, 3, '1.23e+05'],
    [1e100, 3, '1e+100'],
    [1.024, 4, '1.024'],
    [1.048576, 4, '1.049'],
    [0.5, 0, '0.5'], // precision 0 means 1
    [-2.5, 1, '-2'],
  ])('%s with precision %s -> %s', (x, p, want) => {
    expect(goFormatG(x, p)).toBe(want);
  });
});

describe('humanSize (HumanSizeWithPrecision(size, 3): images/history/ps SIZE)', () => {
  it.each([
    [0, '0B'],
    [999, '999B'],
    [1000, '1kB'],
    [1234, '1.23kB'],
    [1005, '1kB'],
    [5_590_000, '5.59MB'],
    [72_800_000, '72.8MB'],
    [181_000_000, '181MB'],
    [181_500_000, '182MB'],
    [182_500_000, '182MB'],
    [187_400_000, '187MB'],
    [998_500, '998kB'],
    [999_500, '1e+03kB'], // 999.5 rounds to 1000 after getSizeAndUnit stopped at kB
    [999_999, '1e+03kB'],
    [1_000_000, '1MB'],
    [1e28, '1e+04YB'],
  ])('%s bytes -> %s', (n, want) => {
    expect(humanSize(n)).toBe(want);
  });
});

// go-units size_test.go TestHumanSize / TestBytesSize.
describe('diskUsageSize (go-units HumanSize, 4 digits) and bytesSize', () => {
  it.each([
    [1000, '1kB'],
    [1024, '1.024kB'],
    [1_000_000, '1MB'],
    [1_048_576, '1.049MB'],
    [2_000_000, '2MB'],
    [3_420_000_000, '3.42GB'],
    [5_372_000_000_000, '5.372TB'],
    [2_220_000_000_000_000, '2.22PB'],
    [1e28, '1e+04YB'],
  ])('HumanSize(%s) = %s', (n, want) => {
    expect(diskUsageSize(n)).toBe(want);
  });

  const KiB = 1024;
  const MiB = KiB * KiB;
  const GiB = MiB * KiB;
  const TiB = GiB * KiB;
  const PiB = TiB * KiB;
  it.each([
    [KiB, '1KiB'],
    [MiB, '1MiB'],
    [2 * MiB, '2MiB'],
    [3.42 * GiB, '3.42GiB'],
    [5.372 * TiB, '5.372TiB'],
    [2.22 * PiB, '2.22PiB'],
    [KiB ** 5 * PiB, '1.049e+06YiB'],
  ])('BytesSize(%s) = %s', (n, want) => {
    expect(bytesSize(n)).toBe(want);
  });
});

describe('column helpers', () => {
  it('ps -s SIZE adds the virtual size only when positive', () => {
    expect(containerSize(0, 187_000_000)).toBe('0B (virtual 187MB)');
    expect(containerSize(2, 21_500_000)).toBe('2B (virtual 21.5MB)');
    expect(containerSize(1234, 0)).toBe('1.23kB');
  });
  it('history SIZE is raw bytes with -H=false', () => {
    expect(historySize(72_800_000)).toBe('72.8MB');
    expect(historySize(72_800_000, false)).toBe('72800000');
  });
  it('system df RECLAIMABLE truncates the percentage and drops it for a zero total', () => {
    expect(reclaimableSize(1_200_000_000, 2_700_000_000)).toBe('1.2GB (44%)');
    expect(reclaimableSize(2_700_000_000, 2_700_000_000)).toBe('2.7GB (100%)');
    expect(reclaimableSize(0, 0)).toBe('0B');
  });
});

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const W = 7 * D;
const MO = 30 * D;
const Y = 365 * D;

// go-units duration_test.go TestHumanDuration, plus boundaries of its arithmetic.
describe('humanDuration (go-units HumanDuration)', () => {
  it.each([
    [450, 'Less than a second'],
    [-5 * S, 'Less than a second'],
    [999, 'Less than a second'],
    [1 * S, '1 second'],
    [1999, '1 second'],
    [2 * S, '2 seconds'],
    [47 * S, '47 seconds'],
    [59 * S + 999, '59 seconds'],
    [60 * S, 'About a minute'],
    [M + 59 * S, 'About a minute'],
    [2 * M, '2 minutes'],
    [3 * M, '3 minutes'],
    [35 * M + 40 * S, '35 minutes'],
    [59 * M + 59 * S, '59 minutes'],
    [H, 'About an hour'],
    [H + 29 * M, 'About an hour'],
    [H + 30 * M - 1, 'About an hour'],
    [H + 30 * M, '2 hours'], // d.Hours()+0.5 rounds the half hour up
    [H + 31 * M, '2 hours'],
    [3 * H + 29 * M, '3 hours'],
    [3 * H + 31 * M, '4 hours'],
    [24 * H, '24 hours'],
    [D + 12 * H, '36 hours'],
    [47 * H + 29 * M, '47 hours'],
    [47 * H + 30 * M, '2 days'],
    [2 * D, '2 days'],
    [13 * D + 5 * H, '13 days'],
    [2 * W, '2 weeks'],
    [2 * W + 4 * D, '2 weeks'],
    [3 * W, '3 weeks'],
    [4 * W + 3 * D, '4 weeks'],
    [MO, '4 weeks'],
    [MO + 2 * W, '6 weeks'],
    [2 * MO, '2 months'],
    [13 * MO, '13 months'],
    [24 * MO, '24 months'],
    [24 * MO + 2 * W, '2 years'],
    [2 * Y, '2 years'],
    [3 * Y + 2 * MO, '3 years'],
  ])('%s ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('createdAgo / historyCreatedSince', () => {
  const now = new Date('2024-05-01T12:00:00.000Z');
  it('measures from the creation second, as time.Unix(Created, 0) does', () => {
    expect(createdAgo('2024-05-01T11:59:58.900Z', new Date('2024-05-01T11:59:59.100Z'))).toBe('1 second ago');
    expect(createdAgo('2024-05-01T11:59:58.100Z', new Date('2024-05-01T11:59:58.950Z'))).toBe('Less than a second ago');
    expect(createdAgo(new Date(now.getTime() - 2 * H), now)).toBe('2 hours ago');
    expect(createdAgo('2024-04-17T12:00:00Z', now)).toBe('2 weeks ago');
  });
  it('history prints N/A for layers dated on or before 2000-01-01', () => {
    expect(historyCreatedSince('1970-01-01T00:00:00Z', now)).toBe('N/A');
    expect(historyCreatedSince('2000-01-01T00:00:00Z', now)).toBe('N/A');
    expect(historyCreatedSince(undefined, now)).toBe('N/A');
    expect(historyCreatedSince('2000-01-01T00:00:01Z', now)).toBe('24 years ago');
    expect(historyCreatedSince('2024-05-01T11:57:00Z', now)).toBe('3 minutes ago');
  });
});

// moby daemon/container/state.go State.String().
describe('containerStatus', () => {
  const now = new Date('2024-05-01T12:00:00.000Z');
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  it.each<[Parameters<typeof containerStatus>, string]>([
    [['created', 0, undefined, undefined, now], 'Created'],
    [['created', 0, '0001-01-01T00:00:00Z', '0001-01-01T00:00:00Z', now], 'Created'],
    [['running', 0, ago(5 * S), undefined, now], 'Up 5 seconds'],
    [['running', 0, ago(90 * S), undefined, now], 'Up About a minute'],
    [['running', 0, ago(H + 10 * M), undefined, now], 'Up About an hour'],
    [['paused', 0, ago(2 * M), undefined, now], 'Up 2 minutes (Paused)'],
    [['exited', 0, ago(10 * M), ago(3 * M), now], 'Exited (0) 3 minutes ago'],
    [['exited', 137, ago(3 * H), ago(2 * H), now], 'Exited (137) 2 hours ago'],
    [['exited', 0, undefined, ago(M), now], 'Created'], // stopped before ever starting
    [['exited', 0, ago(M), undefined, now], ''],
    [['dead', 1, ago(M), ago(M), now], 'Dead'],
    [['running', 0, ago(5 * S), undefined, now, { health: 'starting' }], 'Up 5 seconds (health: starting)'],
    [['running', 0, ago(3 * M), undefined, now, { health: 'healthy' }], 'Up 3 minutes (healthy)'],
    [['running', 2, ago(M), ago(10 * S), now, { restarting: true }], 'Restarting (2) 10 seconds ago'],
    [['exited', 0, ago(M), ago(M), now, { removing: true }], 'Removal In Progress'],
  ])('%j -> %s', (args, want) => {
    expect(containerStatus(...args)).toBe(want);
  });
});
