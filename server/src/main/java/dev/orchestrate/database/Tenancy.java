package dev.orchestrate.database;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant of the current thread, read by {@link TenantAwareTransactionManager} when a
 * transaction begins. Requests set it from their token; background work names itself as {@link
 * Tenant.System}.
 */
@Component
public class Tenancy {

  private static final ThreadLocal<Tenant> CURRENT = new ThreadLocal<>();

  private final TransactionTemplate transactions;

  Tenancy(PlatformTransactionManager transactionManager) {
    this.transactions = new TransactionTemplate(transactionManager);
  }

  public static Optional<Tenant> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** The signed-in person this thread acts for; fails when there is none (a programming error). */
  public static UUID currentUserId() {
    if (CURRENT.get() instanceof Tenant.User user) {
      return user.userId();
    }
    throw new IllegalStateException("No signed-in user on this thread");
  }

  /**
   * Makes {@code tenant} current until the returned scope is closed; for filters, whose work throws
   * checked exceptions.
   */
  public static Scope enter(Tenant tenant) {
    Tenant previous = CURRENT.get();
    CURRENT.set(tenant);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** Restores the previous tenant when closed. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Runs {@code work} with {@code tenant} as the current tenant, restoring the previous one. */
  public static <T> T runAs(Tenant tenant, Supplier<T> work) {
    try (Scope scope = enter(tenant)) {
      return work.get();
    }
  }

  /** Runs {@code work} in one new transaction acting for the service itself. */
  public <T> T inSystemTransaction(String reason, Supplier<T> work) {
    return runAs(new Tenant.System(reason), () -> transactions.execute(status -> work.get()));
  }

  /** Runs {@code work} in one new transaction acting for {@code userId}. */
  public <T> T inUserTransaction(UUID userId, Supplier<T> work) {
    return runAs(new Tenant.User(userId), () -> transactions.execute(status -> work.get()));
  }
}
