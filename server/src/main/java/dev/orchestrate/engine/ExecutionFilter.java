package dev.orchestrate.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Which executions of a workspace a list shows; a null field does not filter.
 *
 * @param statuses any of these (an empty list does not filter)
 * @param from created at or after this instant
 * @param to created before this instant (exclusive, so consecutive ranges do not overlap)
 */
public record ExecutionFilter(
    UUID workspaceId, UUID pipelineId, List<String> statuses, Instant from, Instant to) {}
