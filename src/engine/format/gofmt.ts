/**
 * Go's `fmt.Sprintf("%.*g", prec, x)` for float64, digit for digit.
 *
 * docker's sizes go through go-units, which formats with `%.3g`/`%.4g`. JavaScript's
 * toPrecision differs from Go in three ways that show up in `docker images`:
 * Go rounds exact ties to even ("182.5" -> "182", JS says "183"), drops trailing
 * zeros ("1" where JS says "1.00"), and switches to exponent form as soon as the
 * rounded exponent reaches the precision ("1e+03" for 999.9 at 3 digits).
 * So we rebuild strconv's algorithm: exact decimal expansion of the double,
 * correctly rounded (half to even) to `prec` significant digits, then
 * strconv.formatDigits' choice between %e and %f.
 */

interface Decimal {
  /** Significant digits, no leading or trailing zeros ('' for zero). */
  digits: string;
  /** Position of the decimal point relative to the start of `digits`. */
  dp: number;
}

const f64 = new DataView(new ArrayBuffer(8));

/** Exact decimal expansion of a finite, non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  f64.setFloat64(0, x);
  const hi = f64.getUint32(0);
  const lo = f64.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    // mant / 2^k == mant * 5^k / 10^k, and the numerator is an exact integer.
    const k = -exp;
    digits = (mant * 5n ** BigInt(k)).toString();
    dp = digits.length - k;
  }
  return trimZeros({ digits, dp });
}

function trimZeros(d: Decimal): Decimal {
  let end = d.digits.length;
  while (end > 0 && d.digits[end - 1] === '0') end--;
  return { digits: d.digits.slice(0, end), dp: end === 0 ? 0 : d.dp };
}

/** Round to `n` significant digits, ties to even (strconv's decimal.Round / ryuFtoaFixed64). */
function roundDigits(d: Decimal, n: number): Decimal {
  if (d.digits.length <= n) return d;
  const next = d.digits.charCodeAt(n) - 48;
  let up: boolean;
  if (next !== 5) up = next > 5;
  else if (d.digits.length > n + 1) up = true; // digits beyond the 5: above the half
  else up = n > 0 && (d.digits.charCodeAt(n - 1) - 48) % 2 === 1;
  const kept = d.digits.slice(0, n);
  if (!up) return trimZeros({ digits: kept, dp: d.dp });
  const arr = kept.split('');
  let i = n - 1;
  while (i >= 0 && arr[i] === '9') {
    arr[i] = '0';
    i--;
  }
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  arr[i] = String.fromCharCode(arr[i]!.charCodeAt(0) + 1);
  return trimZeros({ digits: arr.join(''), dp: d.dp });
}

function fmtE(d: Decimal, prec: number): string {
  let s = d.digits.length > 0 ? d.digits[0]! : '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += i < d.digits.length ? d.digits[i] : '0';
  }
  let exp = d.digits.length === 0 ? 0 : d.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  return `${s}e${sign}${exp < 10 ? '0' : ''}${exp}`;
}

function fmtF(d: Decimal, prec: number): string {
  let s = '';
  if (d.dp > 0) {
    for (let i = 0; i < d.dp; i++) s += i < d.digits.length ? d.digits[i] : '0';
  } else {
    s = '0';
  }
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      const j = d.dp + i;
      s += j >= 0 && j < d.digits.length ? d.digits[j] : '0';
    }
  }
  return s;
}

/** `fmt.Sprintf("%.*g", prec, x)` as Go prints it. */
export function goFormatG(x: number, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  if (prec === 0) prec = 1;
  const d = roundDigits(exactDecimal(Math.abs(x)), prec);
  const nd = d.digits.length;
  // strconv.formatDigits, case 'g' with an explicit precision.
  let eprec = prec;
  if (eprec > nd && nd >= d.dp) eprec = nd;
  const exp = d.dp - 1;
  let out: string;
  if (exp < -4 || exp >= eprec) {
    out = fmtE(d, Math.min(prec, nd) - 1);
  } else {
    out = fmtF(d, Math.max((prec > d.dp ? nd : prec) - d.dp, 0));
  }
  return neg ? '-' + out : out;
}
