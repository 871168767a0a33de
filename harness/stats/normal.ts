/* eslint-disable no-loss-of-precision -- the published coefficients of Cody (1969) and AS 241 are kept digit for digit */
/** The standard normal distribution: accurate CDF, upper tail and quantile, far into the tails. */

/**
 * Upper tail Q(z) = P(Z >= z) of the standard normal, accurate to about 1e-15 relative in both tails.
 * Method: W. J. Cody's rational Chebyshev approximations for erfc (Math. Comp. 23, 1969), via Q(z) = erfc(z/√2)/2.
 * @example normalUpperTail(1.959963984540054) // ≈ 0.025
 */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** CDF Φ(z) = P(Z <= z) of the standard normal (Cody's erfc). @example normalCdf(0) // 0.5 */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Quantile Φ⁻¹(p) of the standard normal, about 1e-16 relative.
 * Method: Wichura's algorithm AS 241 (PPND16), Applied Statistics 37 (1988) 477-484.
 * @throws RangeError when p is outside [0, 1] (0 and 1 give -Infinity and Infinity).
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
          133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
        42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    value =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
        0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -value : value;
}

/**
 * Upper-tail quantile: z with P(Z >= z) = q, accurate for tiny q (it never forms 1 - q).
 * @example normalUpperQuantile(1e-12) // ≈ 7.034
 */
export function normalUpperQuantile(q: number): number {
  return -normalQuantile(q);
}

/** Complementary error function, Cody (1969), relative error about 1e-16 (erfc of large x underflows to 0). */
function erfc(x: number): number {
  const ax = Math.abs(x);
  let result: number;
  if (ax < 0.5) {
    const t = ax * ax;
    const top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t +
      377.485237685302021) * t + 3209.37758913846947;
    const bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t +
      2844.23683343917062;
    result = 1 - (x * top) / bot;
    return result;
  }
  if (ax < 4) {
    const top = ((((((((2.15311535474403846e-8 * ax + 5.64188496988670089e-1) * ax + 8.88314979438837594) * ax +
      66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax + 1712.04761263407058) * ax +
      2051.07837782607147) * ax + 1230.33935479799725);
    const bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax +
      1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax +
      3439.36767414372164) * ax + 1230.33935480374942;
    result = expTimesSplit(ax) * (top / bot);
  } else {
    const z = 1 / (ax * ax);
    const top = ((((1.63153871373020978e-2 * z + 3.05326634961232344e-1) * z + 3.60344899949804439e-1) * z +
      1.25781726111229246e-1) * z + 1.60837851487422766e-2) * z + 6.58749161529837803e-4;
    const bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 5.27905102951428412e-1) * z +
      6.05183413124413191e-2) * z + 2.33520497626869185e-3;
    const r = (z * top) / bot;
    result = (expTimesSplit(ax) * (0.5641895835477563 - r)) / ax;
  }
  return x < 0 ? 2 - result : result;
}

/** exp(-x²) computed as exp(-xh²)·exp(-(x-xh)(x+xh)) with xh = x rounded to 1/16, as Cody does, to keep precision. */
function expTimesSplit(x: number): number {
  const xh = Math.trunc(x * 16) / 16;
  const del = (x - xh) * (x + xh);
  return Math.exp(-xh * xh) * Math.exp(-del);
}
