package dev.orchestrate.vault;

import dev.orchestrate.database.DatabaseProperties;
import dev.orchestrate.database.Tenancy;
import java.security.SecureRandom;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The vault's keys, loaded and checked against the database while the application starts, before
 * any request or execution can reach a secret.
 */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

  @Bean
  MasterKeys masterKeys(
      VaultProperties vault,
      DatabaseProperties database,
      MasterKeyRecords records,
      Tenancy tenancy) {
    return MasterKeyCheck.verify(
        MasterKeySource.load(vault, database, new SecureRandom()), records, tenancy);
  }

  @Bean
  Envelope envelope() {
    return new Envelope(new SecureRandom());
  }
}
