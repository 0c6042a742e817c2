package dev.orchestrate.estimate;

/** Token counts that saturate instead of overflowing: a bound too large to count is still one. */
final class Tokens {

  private Tokens() {}

  static long plus(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  static long times(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }
}
