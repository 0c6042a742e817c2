package dev.orchestrate.engine;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.llm.CallControl;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's share of the work: claims executions from PostgreSQL (never from memory, so any
 * number of instances can share one database), runs each on a virtual thread, heartbeats the leases
 * it holds and notices cancellations, and times out waiting gates.
 */
@Component
public class Engine implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final EngineProperties properties;
  private final ExecutionRepository executions;
  private final ExecutionRunner runner;
  private final GateDecisions gates;
  private final StaleReservations reservations;
  private final Tenancy tenancy;
  private final ObjectProvider<ExecutionSignals> signals;
  private final String instanceId;

  /**
   * Keyed by lease, not by execution: after a lost lease this instance may claim the same execution
   * again while the old runner is still finishing, and each runner must remove only its own entry.
   */
  private final Map<Lease, CallControl> running = new ConcurrentHashMap<>();

  /** One pending wake-up is enough (the loop looks for all work), and none pile up if disabled. */
  private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>(1);

  private volatile boolean active;
  private Thread loop;

  Engine(
      EngineProperties properties,
      ExecutionRepository executions,
      ExecutionRunner runner,
      GateDecisions gates,
      StaleReservations reservations,
      Tenancy tenancy,
      ObjectProvider<ExecutionSignals> signals) {
    this.signals = signals;
    this.properties = properties;
    this.executions = executions;
    this.runner = runner;
    this.gates = gates;
    this.reservations = reservations;
    this.tenancy = tenancy;
    this.instanceId =
        properties.instanceId() != null && !properties.instanceId().isBlank()
            ? properties.instanceId()
            : defaultId();
  }

  /** Looks for work now rather than at the next poll (an execution was started or resumed). */
  public void wake() {
    wakeups.offer(Boolean.TRUE);
  }

  /** Cancels the model and tool calls of an execution this instance runs. */
  void cancelLocally(UUID executionId) {
    running.forEach(
        (lease, control) -> {
          if (lease.executionId().equals(executionId)) {
            control.cancel();
          }
        });
  }

  String instanceId() {
    return instanceId;
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      log.info("Engine disabled on this instance: it serves the API only");
      return;
    }
    active = true;
    loop = Thread.ofVirtual().name("engine-" + instanceId).start(this::work);
    log.info("Engine {} started", instanceId);
  }

  @Override
  public void stop() {
    active = false;
    wake();
    // Hand held executions back at once, so another instance need not wait for the lease to
    // expire; their runners then find the lease gone and stop without writing.
    tenancy.inSystemTransaction(
        "engine shutdown",
        () -> {
          running.keySet().forEach(executions::release);
          return null;
        });
    if (!running.isEmpty()) {
      signals.ifAvailable(ExecutionSignals::workQueued);
    }
    running.values().forEach(CallControl::cancel);
    if (loop != null) {
      loop.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return active;
  }

  private void work() {
    Instant nextHeartbeat = Instant.now();
    Instant nextGateSweep = Instant.now();
    Instant nextReservationSweep = Instant.now().plus(properties.lease());
    while (active) {
      try {
        if (!Instant.now().isBefore(nextHeartbeat)) {
          heartbeat();
          nextHeartbeat = Instant.now().plus(properties.heartbeat());
        }
        if (!Instant.now().isBefore(nextGateSweep)) {
          if (!gates.timeOutExpired().isEmpty()) {
            wake();
            signals.ifAvailable(ExecutionSignals::workQueued);
          }
          nextGateSweep = Instant.now().plus(properties.heartbeat());
        }
        if (!Instant.now().isBefore(nextReservationSweep)) {
          reservations.sweep();
          nextReservationSweep = Instant.now().plus(properties.lease());
        }
        claim();
        wakeups.poll(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        wakeups.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        if (active) {
          log.warn("Engine loop error (retrying)", e);
        }
      }
    }
  }

  private void claim() {
    int capacity = properties.maxRunning() - running.size();
    if (capacity <= 0) {
      return;
    }
    List<Lease> claimed =
        tenancy.inSystemTransaction(
            "claim executions",
            () ->
                executions.claim(
                    instanceId,
                    properties.lease(),
                    Math.min(capacity, properties.claimBatch()),
                    properties.maxRunningPerWorkspace()));
    for (Lease lease : claimed) {
      var control = new CallControl();
      running.put(lease, control);
      Thread.ofVirtual()
          .name("execution-" + lease.executionId())
          .start(
              () -> {
                try {
                  runner.run(lease, control);
                } catch (RuntimeException e) {
                  log.error("Execution {} stopped on an unexpected error", lease.executionId(), e);
                } finally {
                  running.remove(lease);
                  wake();
                }
              });
    }
  }

  private void heartbeat() {
    if (running.isEmpty()) {
      return;
    }
    var leases = List.copyOf(running.keySet());
    var held =
        tenancy.inSystemTransaction(
            "heartbeat", () -> executions.heartbeat(instanceId, leases, properties.lease()));
    Map<UUID, Long> heldEpochs = new HashMap<>();
    held.forEach(h -> heldEpochs.put(h.executionId(), h.epoch()));
    running.forEach(
        (lease, control) -> {
          if (!Long.valueOf(lease.epoch()).equals(heldEpochs.get(lease.executionId()))) {
            control.cancel(); // lost (maybe to this instance's newer claim), or parked
          }
        });
    held.stream()
        .filter(ExecutionRepository.Held::cancelRequested)
        .forEach(h -> cancelLocally(h.executionId()));
  }

  private static String defaultId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "instance";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
