package dev.orchestrate.audit;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.database.Tenancy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes every {@link AuditEvent} into the audit log inside the transaction that published it, so
 * the record commits or rolls back with the action. The entry is written unchained: the {@link
 * AuditChainer}, woken once the action commits, links it into the hash chain, so that actions of
 * one workspace do not wait for each other on the chain's head.
 */
@Component
class AuditRecorder {

  /** Keys whose values are never recorded, whatever a publisher puts there. */
  private static final Pattern SENSITIVE =
      Pattern.compile(".*(password|secret|token|api_?key|authorization|credential|cookie).*");

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Tenancy tenancy;
  private final AuditChainer chainer;

  AuditRecorder(JdbcClient jdbc, JsonMapper json, Tenancy tenancy, AuditChainer chainer) {
    this.jdbc = jdbc;
    this.json = json;
    this.tenancy = tenancy;
    this.chainer = chainer;
  }

  @EventListener
  void record(AuditEvent event) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      tenancy.inSystemTransaction("audit", () -> insert(event));
      chainer.wake(event.workspaceId());
      return;
    }
    insert(event);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              chainer.wake(event.workspaceId());
            }
          });
    }
    // Without synchronization there is no commit to wait for here: the sweep chains the entry.
  }

  private int insert(AuditEvent event) {
    return jdbc.sql(
            """
            INSERT INTO audit_logs (workspace_id, action, category, actor_id, details)
            VALUES (?, ?, ?, ?, ?::jsonb)
            """)
        .params(
            event.workspaceId(),
            event.action(),
            event.category(),
            event.actorId(),
            json.writeValueAsString(redact(event.details())))
        .update();
  }

  static Object redact(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> safe = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            boolean sensitive = SENSITIVE.matcher(key.toLowerCase(Locale.ROOT)).matches();
            safe.put(key, sensitive ? "[redacted]" : redact(v));
          });
      return safe;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(AuditRecorder::redact).toList();
    }
    return value;
  }
}
