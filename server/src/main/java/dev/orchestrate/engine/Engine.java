package dev.orchestrate.engine;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.llm.CallControl;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * This instance's share of the work: claims executions from PostgreSQL (never from memory, so any
 * number of instances can share one database) up to its capacity, runs each on a virtual thread
 * that hands its slot to the next queued execution of its workspace when the run ends, heartbeats
 * the leases it holds and notices cancellations, and times out waiting gates.
 */
@Component
public class Engine implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  /** How long a failed claim waits before the next try, at most (not a busy loop). */
  private static final Duration CLAIM_RETRY = Duration.ofSeconds(1);

  private final EngineProperties properties;
  private final Claims claims;
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

  /** One permit per execution this instance may run at once; a runner holds one while it runs. */
  private final Semaphore slots;

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile boolean active;

  Engine(
      EngineProperties properties,
      Claims claims,
      ExecutionRunner runner,
      GateDecisions gates,
      StaleReservations reservations,
      Tenancy tenancy,
      ObjectProvider<ExecutionSignals> signals) {
    this.signals = signals;
    this.properties = properties;
    this.claims = claims;
    this.runner = runner;
    this.gates = gates;
    this.reservations = reservations;
    this.tenancy = tenancy;
    this.slots = new Semaphore(properties.maxRunning());
    this.instanceId =
        properties.instanceId() != null && !properties.instanceId().isBlank()
            ? properties.instanceId()
            : defaultId();
  }

  /** Looks for work now rather than at the next poll (an execution was started or resumed). */
  public void wake() {
    wakeups.offer(Boolean.TRUE);
  }

  /**
   * Inside the transaction that just queued an execution (a decision): claims it for this instance
   * when a slot is free and its workspace is below its cap, and runs it once that transaction
   * commits, so the run goes on without a round through the claim loop. A run that started before
   * is claimed as running, and its runner begins from {@code decided} (read under the execution's
   * row lock by the deciding transaction, so it is what the commit leaves) instead of reading the
   * run again and marking it running in a transaction of its own. False when it was not claimed
   * here (the caller wakes the engines instead).
   */
  boolean claimOnCommit(Snapshot decided) {
    UUID executionId = decided.execution().id();
    UUID workspaceId = decided.execution().workspaceId();
    if (!active || !slots.tryAcquire()) {
      return false;
    }
    Optional<Lease> claimed;
    try {
      claimed =
          claims.claimQueued(
              executionId,
              workspaceId,
              instanceId,
              properties.lease(),
              properties.maxRunningPerWorkspace());
    } catch (RuntimeException | Error e) {
      slots.release();
      throw e;
    }
    if (claimed.isEmpty()) {
      slots.release();
      return false;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            if (status == STATUS_COMMITTED) {
              launch(claimed.get(), Claims.asClaimed(decided));
            } else {
              slots.release(); // the claim rolled back with the decision
            }
          }
        });
    return true;
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
    // Each on its own thread: a claim that waits (on the claim lock, or a slow database) must not
    // delay the heartbeats, or the leases of running executions would expire under load.
    threads.add(Thread.ofVirtual().name("engine-claims-" + instanceId).start(this::claimLoop));
    threads.add(
        Thread.ofVirtual()
            .name("engine-heartbeat-" + instanceId)
            .start(() -> every(properties.heartbeat(), Duration.ZERO, this::heartbeat)));
    threads.add(
        Thread.ofVirtual()
            .name("engine-gates-" + instanceId)
            .start(
                () ->
                    every(
                        properties.heartbeat(),
                        Duration.ZERO,
                        () -> {
                          if (!gates.timeOutExpired().isEmpty()) {
                            wake();
                            signals.ifAvailable(ExecutionSignals::workQueued);
                          }
                        })));
    threads.add(
        Thread.ofVirtual()
            .name("engine-reservations-" + instanceId)
            .start(() -> every(properties.lease(), properties.lease(), reservations::sweep)));
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
          running.keySet().forEach(claims::release);
          return null;
        });
    if (!running.isEmpty()) {
      signals.ifAvailable(ExecutionSignals::workQueued);
    }
    running.values().forEach(CallControl::cancel);
    threads.forEach(Thread::interrupt);
    threads.clear();
  }

  @Override
  public boolean isRunning() {
    return active;
  }

  private void claimLoop() {
    while (active) {
      try {
        claimUpToCapacity();
        wakeups.poll(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        wakeups.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        if (active) {
          log.warn("Engine claim error (retrying)", e);
          pause(
              CLAIM_RETRY.compareTo(properties.pollInterval()) < 0
                  ? CLAIM_RETRY
                  : properties.pollInterval());
        }
      }
    }
  }

  /** Runs {@code task} every {@code interval} until the engine stops, first after {@code delay}. */
  private void every(Duration interval, Duration delay, Runnable task) {
    if (!pause(delay)) {
      return;
    }
    while (active) {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        if (active) {
          log.warn("Engine {} error (retrying)", Thread.currentThread().getName(), e);
        }
      }
      if (!pause(interval)) {
        return;
      }
    }
  }

  /** Waits {@code duration}; false when interrupted (the engine stops). */
  private static boolean pause(Duration duration) {
    try {
      Thread.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Claims until this instance is full or nothing claimable is left, each query bounded by {@code
   * claimBatch}, rather than one batch per wake-up or poll.
   */
  private void claimUpToCapacity() {
    while (active) {
      int ask = Math.min(slots.availablePermits(), properties.claimBatch());
      if (ask <= 0 || !slots.tryAcquire(ask)) {
        return;
      }
      List<Lease> claimed;
      try {
        claimed =
            tenancy.inSystemTransaction(
                "claim executions",
                () ->
                    claims.claim(
                        instanceId, properties.lease(), ask, properties.maxRunningPerWorkspace()));
      } catch (RuntimeException | Error e) {
        slots.release(ask);
        throw e;
      }
      slots.release(ask - claimed.size());
      claimed.forEach(lease -> launch(lease, null));
      if (claimed.size() < ask) {
        return;
      }
    }
  }

  /**
   * Runs a claimed execution on a virtual thread that holds one slot. When the run ends, the same
   * thread takes the next queued execution of the workspace, so a workspace with work waiting keeps
   * its slot warm instead of idling it until the next claim.
   */
  private void launch(Lease claimed, Snapshot first) {
    Thread.ofVirtual()
        .name("execution-" + claimed.executionId())
        .start(
            () -> {
              try {
                Lease lease = claimed;
                Snapshot known = first;
                while (lease != null) {
                  run(lease, known);
                  known = null;
                  // When this instance is full, the slot goes back to the claim loop instead, which
                  // takes the oldest queued work of any workspace: a workspace with a backlog must
                  // not keep every slot while older work of other workspaces waits.
                  lease = active && slots.availablePermits() > 0 ? next(lease.workspaceId()) : null;
                }
              } finally {
                slots.release();
                wake(); // the free slot may go to another workspace's work
              }
            });
  }

  private void run(Lease lease, Snapshot first) {
    var control = new CallControl();
    running.put(lease, control);
    Thread.currentThread().setName("execution-" + lease.executionId());
    try {
      runner.run(lease, control, first);
    } catch (RuntimeException e) {
      log.error("Execution {} stopped on an unexpected error", lease.executionId(), e);
    } finally {
      running.remove(lease);
    }
  }

  /** The next queued execution of a workspace, claimed for this instance if the cap allows. */
  private Lease next(UUID workspaceId) {
    try {
      return tenancy.inSystemTransaction(
          "claim the workspace's next execution",
          () ->
              claims
                  .claimNext(
                      workspaceId,
                      instanceId,
                      properties.lease(),
                      properties.maxRunningPerWorkspace())
                  .orElse(null));
    } catch (RuntimeException e) {
      log.warn("Claiming the next execution of workspace {} failed", workspaceId, e);
      return null;
    }
  }

  private void heartbeat() {
    if (running.isEmpty()) {
      return;
    }
    var leases = List.copyOf(running.keySet());
    var held =
        tenancy.inSystemTransaction(
            "heartbeat", () -> claims.heartbeat(instanceId, leases, properties.lease()));
    Map<UUID, Long> heldEpochs = new HashMap<>();
    held.forEach(h -> heldEpochs.put(h.executionId(), h.epoch()));
    // Only the leases sent: a lease claimed since is not in this heartbeat's answer, yet held.
    leases.forEach(
        lease -> {
          if (!Long.valueOf(lease.epoch()).equals(heldEpochs.get(lease.executionId()))) {
            var control = running.get(lease);
            if (control != null) {
              control.cancel(); // lost (maybe to this instance's newer claim), or parked
            }
          }
        });
    held.stream().filter(Claims.Held::cancelRequested).forEach(h -> cancelLocally(h.executionId()));
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
