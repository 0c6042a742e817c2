package dev.orchestrate.engine;

import java.util.UUID;

/**
 * What the engine announces, always after the commit that made it true, to whoever delivers it (the
 * live module, to this instance's subscribers and to the other instances). Kept as an interface
 * here so that the engine depends on no one for it.
 */
public interface ExecutionSignals {

  /** Events {@code firstSeq..lastSeq} of an execution were committed. */
  void eventsCommitted(UUID executionId, UUID workspaceId, long firstSeq, long lastSeq);

  /** An execution became queued (started, requeued or released): engines should look for work. */
  void workQueued();
}
