package dev.orchestrate.live;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * This instance's subscribers, by execution and by workspace. This instance's announcements hand
 * the committed events to the subscribers concerned; the others' (through PostgreSQL) poke them to
 * read what they have not seen. Either way each delivers only past its cursor, so an announcement
 * heard twice delivers nothing twice.
 */
@Component
class LiveHub {

  private final Map<UUID, Set<ExecutionSubscription>> byExecution = new ConcurrentHashMap<>();
  private final Map<UUID, Set<WorkspaceSubscription>> byWorkspace = new ConcurrentHashMap<>();

  void add(ExecutionSubscription subscription) {
    byExecution
        .computeIfAbsent(subscription.executionId(), k -> ConcurrentHashMap.newKeySet())
        .add(subscription);
    subscription.poke();
  }

  void remove(ExecutionSubscription subscription) {
    byExecution.computeIfPresent(
        subscription.executionId(),
        (k, set) -> {
          set.remove(subscription);
          return set.isEmpty() ? null : set;
        });
  }

  void add(WorkspaceSubscription subscription) {
    byWorkspace
        .computeIfAbsent(subscription.workspaceId(), k -> ConcurrentHashMap.newKeySet())
        .add(subscription);
    subscription.start();
  }

  void remove(WorkspaceSubscription subscription) {
    byWorkspace.computeIfPresent(
        subscription.workspaceId(),
        (k, set) -> {
          set.remove(subscription);
          return set.isEmpty() ? null : set;
        });
  }

  /**
   * A batch of events was committed on this instance: its subscribers take them from memory (they
   * read the table only if these do not continue where they are); returns at once.
   */
  void committed(Batch batch, List<StoredEvent> events) {
    byExecution.getOrDefault(batch.executionId(), Set.of()).forEach(s -> s.offer(events));
    byWorkspace.getOrDefault(batch.workspaceId(), Set.of()).forEach(s -> s.deliver(batch));
  }

  /** A batch of events was committed somewhere; returns at once. */
  void committed(Batch batch) {
    byExecution.getOrDefault(batch.executionId(), Set.of()).forEach(ExecutionSubscription::poke);
    byWorkspace.getOrDefault(batch.workspaceId(), Set.of()).forEach(s -> s.deliver(batch));
  }

  /** Everyone looks again: after a lost connection, notifications may have been missed. */
  void pokeAll() {
    byExecution.values().forEach(set -> set.forEach(ExecutionSubscription::poke));
  }

  /** Whether the execution has subscribers here. */
  boolean isFollowed(UUID executionId) {
    return byExecution.containsKey(executionId);
  }

  /** The executions that have subscribers here. */
  Set<UUID> followed() {
    return Set.copyOf(byExecution.keySet());
  }

  /**
   * Pokes only the subscribers behind their execution's last seq and still where the previous sweep
   * found them: an idle subscriber costs the sweep nothing but its share of one query, and one fed
   * from memory is not made to read what is on its way to it.
   */
  void catchUp(Map<UUID, Long> lastSeqs) {
    lastSeqs.forEach(
        (executionId, last) ->
            byExecution.getOrDefault(executionId, Set.of()).stream()
                .filter(s -> s.stuckBehind(last))
                .forEach(ExecutionSubscription::poke));
  }

  /** This instance's subscribers of one execution. */
  Set<ExecutionSubscription> subscribersOf(UUID executionId) {
    return Set.copyOf(byExecution.getOrDefault(executionId, Set.of()));
  }

  int subscribers() {
    return byExecution.values().stream().mapToInt(Set::size).sum()
        + byWorkspace.values().stream().mapToInt(Set::size).sum();
  }
}
