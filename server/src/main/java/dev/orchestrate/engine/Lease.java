package dev.orchestrate.engine;

import java.util.UUID;

/** This instance's claim on an execution; every write of the runner is guarded by it. */
record Lease(UUID executionId, UUID workspaceId, String owner, long epoch) {}
