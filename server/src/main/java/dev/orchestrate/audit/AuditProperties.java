package dev.orchestrate.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit chain settings ({@code ORCHESTRATE_AUDIT_*}).
 *
 * @param sweepInterval how often each instance looks for committed entries that no one chained (an
 *     instance that stopped between an action's commit and chaining its entry leaves them behind)
 * @param staleAfter how long an entry may wait to be chained before verification reports it as a
 *     finding (the chainer is not keeping up, or is not running)
 * @param batch how many entries one chaining transaction links at most
 */
@ConfigurationProperties("orchestrate.audit")
record AuditProperties(
    @DefaultValue("5s") Duration sweepInterval,
    @DefaultValue("1m") Duration staleAfter,
    @DefaultValue("1000") int batch) {}
