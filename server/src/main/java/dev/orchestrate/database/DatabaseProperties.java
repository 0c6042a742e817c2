package dev.orchestrate.database;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the data lives.
 *
 * @param dataDir the service's own folder ({@code ORCHESTRATE_DATA_DIR}): embedded PostgreSQL's
 *     cluster, the JWT signing key, the vault's generated master key
 * @param url an external PostgreSQL server ({@code ORCHESTRATE_DATABASE_URL}); when blank the
 *     embedded server is started
 * @param username the schema owner on the external server, used for migrations ({@code
 *     ORCHESTRATE_DATABASE_USERNAME})
 * @param password its password ({@code ORCHESTRATE_DATABASE_PASSWORD})
 * @param appPassword the password of the non-owner role {@value #APP_ROLE} the service queries as
 *     ({@code ORCHESTRATE_DATABASE_APP_PASSWORD}); when blank on an external server the service
 *     logs in as the owner and switches to that role with {@code SET ROLE}
 * @param embeddedPort port of the embedded server, 0 for any free port
 * @param poolSize the tenant pool's maximum connections (requests)
 * @param systemPoolSize the system pool's maximum connections: the service's own work, the engine's
 *     steps above all ({@code ORCHESTRATE_DATABASE_SYSTEM_POOL_SIZE})
 * @param connectionTimeout how long a request waits for a pool connection before it is refused with
 *     503 ({@code ORCHESTRATE_DATABASE_CONNECTION_TIMEOUT}); while the database is down every
 *     request, {@code /health} included, waits this long, and with Hikari's own 30 s a 20 s outage
 *     never shows on {@code /health} at all. Not shorter: 5 s refused requests of a pool merely
 *     slow on 2 busy shared cores
 */
@ConfigurationProperties("orchestrate.database")
public record DatabaseProperties(
    @DefaultValue("${user.home}/.orchestrate") Path dataDir,
    String url,
    @DefaultValue("postgres") String username,
    String password,
    String appPassword,
    @DefaultValue("0") int embeddedPort,
    @DefaultValue("20") int poolSize,
    @DefaultValue("20") int systemPoolSize,
    @DefaultValue("10s") Duration connectionTimeout) {

  /** The role every service query runs as; row-level security applies to it. */
  public static final String APP_ROLE = "orchestrate_app";

  /** Whether the service uses an operator's server rather than starting its own. */
  public boolean external() {
    return url != null && !url.isBlank();
  }
}
