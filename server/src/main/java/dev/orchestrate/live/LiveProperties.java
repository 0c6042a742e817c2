package dev.orchestrate.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live delivery settings ({@code ORCHESTRATE_LIVE_*}).
 *
 * @param sendBufferBytes what one socket may have queued before it counts as too slow and is closed
 *     (it reconnects with {@code after})
 * @param sendTimeLimit how long one send may block before the socket counts as too slow
 * @param pingInterval how often idle sockets get a server ping
 * @param batch how many stored events one read delivers at most
 * @param pollInterval how often subscribers look for new events even without a notification (a
 *     safety net for a lost connection to PostgreSQL)
 */
@ConfigurationProperties("orchestrate.live")
public record LiveProperties(
    @DefaultValue("262144") int sendBufferBytes,
    @DefaultValue("10s") Duration sendTimeLimit,
    @DefaultValue("25s") Duration pingInterval,
    @DefaultValue("500") int batch,
    @DefaultValue("2s") Duration pollInterval) {}
