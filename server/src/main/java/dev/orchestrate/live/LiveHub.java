package dev.orchestrate.live;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * This instance's subscribers, by execution and by workspace. Notifications (from any instance,
 * through PostgreSQL) poke the subscribers concerned; each then reads what it has not seen.
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
  }

  void remove(WorkspaceSubscription subscription) {
    byWorkspace.computeIfPresent(
        subscription.workspaceId(),
        (k, set) -> {
          set.remove(subscription);
          return set.isEmpty() ? null : set;
        });
  }

  /** Events {@code first..last} of an execution were committed somewhere. */
  void committed(UUID executionId, UUID workspaceId, long first, long last) {
    byExecution.getOrDefault(executionId, Set.of()).forEach(ExecutionSubscription::poke);
    byWorkspace
        .getOrDefault(workspaceId, Set.of())
        .forEach(s -> s.deliver(executionId, first, last));
  }

  /** Everyone looks again: after a lost connection, notifications may have been missed. */
  void pokeAll() {
    byExecution.values().forEach(set -> set.forEach(ExecutionSubscription::poke));
  }

  int subscribers() {
    return byExecution.values().stream().mapToInt(Set::size).sum()
        + byWorkspace.values().stream().mapToInt(Set::size).sum();
  }
}
