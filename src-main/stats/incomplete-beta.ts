// The regularized incomplete beta function I_x(a, b), from which both tests here take their
// p-values: Student's t (a = df/2, b = 1/2) and the binomial tail (McNemar). Numerical Recipes,
// 3rd ed. (Press, Teukolsky, Vetterling & Flannery, 2007): §6.1 for ln Γ (Lanczos), §6.4 for
// I_x(a, b) as a continued fraction evaluated by the modified Lentz method.

// ln Γ(x) for x > 0 by Lanczos' approximation (NR §6.1, gammln: g = 671/128, 14 terms), good to
// about 1e-15 relative.
const LANCZOS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202,
  3.399464998481189e-5, 4.652362892704858e-5, -9.837447530487956e-5, 0.0001580887032249125,
  -0.00021026444172410488, 0.00021743961811521265, -0.0001643181065367639, 8.441822398385275e-5,
  -2.6190838401581408e-5, 3.6899182659531625e-6,
];

export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`ln Γ(x) is computed here for x > 0, got ${x}`);
  let y = x;
  const tmp = x + 5.2421875;
  let series = 0.9999999999999971;
  for (const c of LANCZOS) series += c / ++y;
  return (x + 0.5) * Math.log(tmp) - tmp + Math.log((2.5066282746310007 * series) / x);
}

const EPS = 1e-15;
const TINY = 1e-300;
/** Each term of the fraction costs a few flops; it needs about √max(a, b) of them. */
const MAX_TERMS = 100_000;

/** I_x(a, b) = B(x; a, b) / B(a, b), for a, b > 0 and 0 ≤ x ≤ 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`I_x(a, b) needs a, b > 0, got ${a}, ${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`I_x(a, b) needs 0 ≤ x ≤ 1, got ${x}`);
  if (x === 0 || x === 1) return x;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x),
  );
  // The fraction converges fast below (a + 1) / (a + b + 2); above it, I_x(a, b) = 1 − I_{1−x}(b, a).
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(x, a, b)) / a
    : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** NR §6.4 betacf: the continued fraction of I_x(a, b), by the modified Lentz method. */
function betaFraction(x: number, a: number, b: number): number {
  const nonZero = (v: number): number => (Math.abs(v) < TINY ? TINY : v);
  let c = 1;
  let d = 1 / nonZero(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    // The even step, then the odd step, of the fraction.
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 / nonZero(1 + aa * d);
    c = nonZero(1 + aa / c);
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 / nonZero(1 + aa * d);
    c = nonZero(1 + aa / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) return h;
  }
  throw new RangeError(`I_x(a, b) did not converge for x = ${x}, a = ${a}, b = ${b}`);
}
