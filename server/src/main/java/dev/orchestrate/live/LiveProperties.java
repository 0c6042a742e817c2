package dev.orchestrate.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live delivery settings ({@code ORCHESTRATE_LIVE_*}).
 *
 * @param sendTimeLimit how long a socket client may take to accept one message before it counts as
 *     too slow and is closed with 4008 (it reconnects with {@code after})
 * @param closeGrace how long the 4008 close frame of a too-slow client waits behind the message in
 *     flight for the client to read again before the connection is dropped without it
 * @param pingInterval how often idle sockets get a server ping
 * @param batch how many stored events one read delivers at most
 * @param pollInterval how often this instance checks, in one query, whether any execution it has
 *     subscribers for has events they have not seen (a safety net for a lost notification)
 * @param notifyInterval how long the notifier gathers committed batches after a send before it
 *     sends again, so that a busy instance sends one notification per interval, not per commit
 */
@ConfigurationProperties("orchestrate.live")
public record LiveProperties(
    @DefaultValue("10s") Duration sendTimeLimit,
    @DefaultValue("30s") Duration closeGrace,
    @DefaultValue("25s") Duration pingInterval,
    @DefaultValue("500") int batch,
    @DefaultValue("2s") Duration pollInterval,
    @DefaultValue("5ms") Duration notifyInterval) {}
