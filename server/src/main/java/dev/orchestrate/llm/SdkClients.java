package dev.orchestrate.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One SDK client per (base URL, key), built on first use and kept: each holds a connection pool
 * worth reusing, and workspaces with their own keys need their own clients.
 */
final class SdkClients<C> implements AutoCloseable {

  /** A cache key; its {@code toString} never shows the key. */
  private record Target(String baseUrl, String apiKey) {
    @Override
    public String toString() {
      return "Target[" + baseUrl + "]";
    }
  }

  private final ConcurrentMap<Target, C> clients = new ConcurrentHashMap<>();
  private final BiFunction<String, String, C> build;
  private final Consumer<C> close;

  /**
   * @param build makes a client from (base URL, key); the base URL is blank for the public API
   * @param close releases a client's threads and connections
   */
  SdkClients(BiFunction<String, String, C> build, Consumer<C> close) {
    this.build = build;
    this.close = close;
  }

  C get(String baseUrl, String apiKey) {
    return clients.computeIfAbsent(
        new Target(baseUrl, apiKey), target -> build.apply(target.baseUrl(), target.apiKey()));
  }

  @Override
  public void close() {
    List<C> open = new ArrayList<>(clients.values());
    clients.clear();
    open.forEach(close);
  }
}
