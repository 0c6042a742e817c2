package dev.orchestrate.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.database.Tenant;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Workspace secrets: stored encrypted, one version per write, never given back through the API. The
 * engine and the MCP registry read them through {@link SecretReader}; every read is audited.
 */
@Service
class Vault implements SecretReader {

  private final SecretStore store;
  private final MasterKeys keys;
  private final Envelope envelope;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate ownTransaction;

  Vault(
      SecretStore store,
      MasterKeys keys,
      Envelope envelope,
      ApplicationEventPublisher events,
      PlatformTransactionManager transactions) {
    this.store = store;
    this.keys = keys;
    this.envelope = envelope;
    this.events = events;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Stores {@code value} as the secret's next version; older versions stay for the executions that
   * started with them. Runs in the caller's transaction.
   *
   * @return the new version
   */
  @Transactional
  public int put(UUID workspaceId, String name, String value, UUID actor) {
    MasterKey master = keys.newest();
    if (!store.useMasterKey(master.version())) {
      throw new VaultUnavailableException(
          "Master key version "
              + master.version()
              + ", the newest this instance has, was retired. Give it the newer version the other"
              + " instances use and restart it.");
    }
    SecretStore.Issued issued = store.issueVersion(workspaceId, name, actor);
    var slot = new SecretSlot(workspaceId, name, issued.version());
    byte[] plaintext = value.getBytes(UTF_8);
    try {
      store.insertVersion(slot, envelope.seal(slot, plaintext, master), actor);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
    audit(
        workspaceId,
        actor,
        issued.created() ? "secret.created" : "secret.updated",
        details(name, issued.version()));
    return issued.version();
  }

  /** Deletes every version; 404 when the workspace has no such secret. */
  @Transactional
  public void delete(UUID workspaceId, String name, UUID actor) {
    int last =
        store
            .delete(workspaceId, name)
            .orElseThrow(() -> OrchestrateException.notFound("Secret '" + name + "'"));
    audit(workspaceId, actor, "secret.deleted", details(name, last));
  }

  @Transactional(readOnly = true)
  public List<SecretInfo> list(UUID workspaceId) {
    return store.list(workspaceId);
  }

  @Override
  public Optional<SecretValue> read(UUID workspaceId, String name, SecretUse use) {
    return inWritableTransaction(
        () -> {
          Optional<SecretStore.Stored> stored = store.find(workspaceId, name, use.asOf());
          if (stored.isEmpty()) {
            return Optional.empty();
          }
          SecretSlot slot = stored.get().slot();
          Sealed sealed = stored.get().sealed();
          byte[] plaintext =
              envelope.open(slot, sealed, keys.version(sealed.key().masterKeyVersion()));
          String value;
          try {
            value = new String(plaintext, UTF_8);
          } finally {
            Arrays.fill(plaintext, (byte) 0);
          }
          store.touch(workspaceId, name);
          Map<String, Object> details = details(name, slot.version());
          details.put("purpose", use.purpose());
          details.put("execution_id", use.executionId());
          audit(workspaceId, currentUser(), "secret.accessed", details);
          return Optional.of(new SecretValue(name, slot.version(), value));
        });
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, Integer> versions(UUID workspaceId, Collection<String> names, Instant asOf) {
    if (names.isEmpty()) {
      return Map.of();
    }
    return store.versions(workspaceId, names, asOf);
  }

  /**
   * A read writes (the audit entry, last_used_at): it joins the caller's transaction when that one
   * may write, and otherwise runs in one of its own for the same tenant.
   */
  private <T> T inWritableTransaction(Supplier<T> work) {
    if (TransactionSynchronizationManager.isActualTransactionActive()
        && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
      return work.get();
    }
    return ownTransaction.execute(status -> work.get());
  }

  private void audit(UUID workspaceId, UUID actor, String action, Map<String, Object> details) {
    events.publishEvent(new AuditEvent(workspaceId, actor, "secret", action, details));
  }

  private static Map<String, Object> details(String name, int version) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", name);
    details.put("version", version);
    return details;
  }

  private static UUID currentUser() {
    return Tenancy.current()
        .filter(Tenant.User.class::isInstance)
        .map(t -> ((Tenant.User) t).userId())
        .orElse(null);
  }
}
