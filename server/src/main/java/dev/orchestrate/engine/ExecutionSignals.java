package dev.orchestrate.engine;

import java.util.List;
import java.util.UUID;

/**
 * What the engine announces, always after the commit that made it true, to whoever delivers it (the
 * live module, to this instance's subscribers and to the other instances). Kept as an interface
 * here so that the engine depends on no one for it.
 */
public interface ExecutionSignals {

  /**
   * Events {@code firstSeq..lastSeq} of an execution were committed; {@code events} are those
   * events as stored (so that this instance's subscribers need not read them back), or empty when
   * the writer does not have them at hand.
   */
  void eventsCommitted(
      UUID executionId, UUID workspaceId, long firstSeq, long lastSeq, List<Committed> events);

  /** An execution became queued (started, requeued or released): engines should look for work. */
  void workQueued();

  /** A committed event: its seq, type and the JSON payload stored for it. */
  record Committed(long seq, String type, String json) {}
}
