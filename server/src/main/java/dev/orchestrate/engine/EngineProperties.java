package dev.orchestrate.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the engine claims and runs executions ({@code ORCHESTRATE_ENGINE_*}).
 *
 * @param instanceId this instance's name in leases; blank: host name and a random suffix
 * @param lease how long a claim holds without a heartbeat; another instance takes over after it
 * @param heartbeat how often held leases are renewed (and cancellations noticed), on a thread of
 *     its own; also how often waiting gates are checked for time-outs
 * @param pollInterval how often an idle instance looks for work
 * @param claimBatch how many executions one claim query takes at most (a claim repeats it until the
 *     instance is full)
 * @param maxRunning executions one instance runs at once
 * @param maxRunningPerWorkspace running executions per workspace; more wait queued ({@code
 *     ORCHESTRATE_MAX_RUNNING_PER_WORKSPACE})
 * @param streamFlush how often streamed model text is stored as an event (about 10 a second)
 * @param defaultToolTimeout an mcp_tool node's timeout when it sets none
 * @param enabled whether this instance runs executions at all (an API-only instance does not)
 */
@ConfigurationProperties("orchestrate.engine")
public record EngineProperties(
    String instanceId,
    @DefaultValue("30s") Duration lease,
    @DefaultValue("5s") Duration heartbeat,
    @DefaultValue("500ms") Duration pollInterval,
    @DefaultValue("10") int claimBatch,
    @DefaultValue("200") int maxRunning,
    @DefaultValue("20") int maxRunningPerWorkspace,
    @DefaultValue("100ms") Duration streamFlush,
    @DefaultValue("60s") Duration defaultToolTimeout,
    @DefaultValue("true") boolean enabled) {}
