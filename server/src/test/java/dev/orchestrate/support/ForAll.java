package dev.orchestrate.support;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Property checks over generated values, with a plain seeded {@link Random}: each property runs
 * {@link #TRIES} times, and a failure names the seed that replays it. A longer run is one command:
 *
 * <pre>mvn -pl server test -Dtest='*Properties' -Dproperties.tries=100000</pre>
 *
 * and {@code -Dproperties.seed=N} replays a failure.
 */
public final class ForAll {

  /** Tries per property ({@code -Dproperties.tries}); the default keeps CI's run short. */
  public static final int TRIES = Integer.getInteger("properties.tries", 300);

  private ForAll() {}

  /** Checks {@code property} for {@link #TRIES} values of {@code generator}. */
  public static <T> void check(
      String name, Function<Random, T> generator, Consumer<? super T> property) {
    long seed = Long.getLong("properties.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int i = 1; i <= TRIES; i++) {
      T value = generator.apply(random);
      try {
        property.accept(value);
      } catch (Throwable failure) {
        throw new AssertionError(
            name
                + " failed on try "
                + i
                + " (replay with -Dproperties.seed="
                + seed
                + "): "
                + abbreviated(String.valueOf(value)),
            failure);
      }
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "… (" + text.length() + ")";
  }
}
