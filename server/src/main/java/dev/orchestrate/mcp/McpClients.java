package dev.orchestrate.mcp;

import dev.orchestrate.mcp.ToolGateway.CallScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The live MCP clients of this instance. A client is started on first use and shared by every
 * execution of its workspace that needs the same connection with the same definition and the same
 * secret versions: an execution started after a secret was replaced gets a client of its own, while
 * running ones keep theirs. A client whose server crashed is started again on the next call, one
 * that no call used for the idle timeout is closed, and idle ones are pinged now and then.
 */
@Component
class McpClients implements DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(McpClients.class);
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

  /** What makes two uses share a client. */
  record Key(UUID connectionId, String definition, Map<String, Integer> secretVersions) {}

  /** What this instance knows of a connection's health: its last failure, until a success. */
  record Health(Optional<String> lastError, Instant at) {}

  private final ConcurrentHashMap<Key, ClientSlot> slots = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UUID, Health> health = new ConcurrentHashMap<>();
  private final ClientLauncher launcher;
  private final ConnectionSecrets secrets;
  private final McpProperties properties;
  private final Clock clock;
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("mcp-housekeeping").factory());

  McpClients(
      ClientLauncher launcher, ConnectionSecrets secrets, McpProperties properties, Clock clock) {
    this.launcher = launcher;
    this.secrets = secrets;
    this.properties = properties;
    this.clock = clock;
    long tick = tick(properties).toMillis();
    housekeeping.scheduleWithFixedDelay(this::housekeep, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code work} with the connection's client, starting (or restarting) it first if needed.
   *
   * @throws ClientFailure when the server cannot be started or the work fails
   */
  <T> T with(McpConnection connection, CallScope scope, Function<LiveClient, T> work) {
    ServerSpec spec = connection.server();
    Map<String, Integer> versions =
        secrets.versions(connection.workspaceId(), spec.secretNames(), scope.asOf());
    Key key = new Key(connection.id(), spec.fingerprint(), Map.copyOf(versions));
    ClientSlot slot;
    LiveClient client;
    try {
      while (true) {
        slot = slots.computeIfAbsent(key, k -> new ClientSlot(connection.name(), clock));
        Optional<LiveClient> acquired = slot.acquire(() -> start(connection, spec, scope));
        if (acquired.isPresent()) {
          client = acquired.get();
          break;
        }
        // Closed (idle, retired) between lookup and use: take a fresh slot.
        slots.remove(key, slot);
      }
    } catch (ClientFailure failure) {
      failed(connection.id(), failure);
      throw failure;
    }
    try {
      T result = work.apply(client);
      health.put(connection.id(), new Health(Optional.empty(), clock.instant()));
      return result;
    } catch (ClientFailure failure) {
      if (failure.kind() == ClientFailure.Kind.UNREACHABLE) {
        // Gone, or its session broke: the next call starts a fresh one.
        client.fail(failure.getMessage());
        failed(connection.id(), failure);
      }
      throw failure;
    } finally {
      slot.release();
    }
  }

  /** Whether a live client of the connection is running here. */
  boolean running(UUID connectionId) {
    return slots.entrySet().stream()
        .anyMatch(e -> e.getKey().connectionId().equals(connectionId) && e.getValue().usable());
  }

  Optional<String> lastError(UUID connectionId) {
    return Optional.ofNullable(health.get(connectionId)).flatMap(Health::lastError);
  }

  /** Closes the connection's clients (at once if unused, else when their calls end). */
  void retire(UUID connectionId) {
    slots.forEach(
        (key, slot) -> {
          if (key.connectionId().equals(connectionId)) {
            slot.retire();
          }
        });
    slots.entrySet().removeIf(e -> e.getValue().closedForGood());
    health.remove(connectionId);
  }

  private LiveClient start(McpConnection connection, ServerSpec spec, CallScope scope) {
    Map<String, String> values =
        secrets.read(
            connection.workspaceId(),
            connection.name(),
            spec.secretNames(),
            scope.executionId(),
            scope.asOf());
    LOG.info("Starting MCP client '{}' ({})", connection.name(), spec.transport().wire());
    return launcher.start(connection.name(), spec, values);
  }

  private void failed(UUID connectionId, ClientFailure failure) {
    if (failure.kind() != ClientFailure.Kind.CANCELLED) {
      health.put(connectionId, new Health(Optional.of(failure.getMessage()), clock.instant()));
    }
  }

  /** Closes idle and broken clients and pings the others that have been quiet a while. */
  private void housekeep() {
    Instant now = clock.instant();
    slots.forEach(
        (key, slot) -> {
          try {
            if (slot.idleSince(now).compareTo(properties.idleTimeout()) >= 0) {
              slot.closeIfUnused();
            } else if (slot.quietSince(now).compareTo(properties.healthInterval()) >= 0) {
              slot.ping(PING_TIMEOUT, now)
                  .ifPresent(
                      error -> health.put(key.connectionId(), new Health(Optional.of(error), now)));
            }
          } catch (RuntimeException e) {
            LOG.warn("MCP housekeeping of '{}' failed: {}", slot.connection(), e.getMessage());
          }
        });
    slots.entrySet().removeIf(e -> e.getValue().closedForGood());
  }

  private static Duration tick(McpProperties properties) {
    Duration shortest =
        properties.idleTimeout().compareTo(properties.healthInterval()) < 0
            ? properties.idleTimeout()
            : properties.healthInterval();
    Duration half = shortest.dividedBy(2);
    if (half.compareTo(Duration.ofMillis(200)) < 0) {
      return Duration.ofMillis(200);
    }
    return half.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : half;
  }

  @Override
  public void destroy() {
    housekeeping.shutdownNow();
    slots.values().forEach(ClientSlot::closeNow);
    slots.clear();
  }
}
