package dev.orchestrate.workspace;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The users table. Emails are stored trimmed and lower-cased, so lookups are exact. */
@Repository
public class Users {

  private final JdbcClient jdbc;

  Users(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public static String normaliseEmail(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  public Optional<User> findById(UUID id) {
    return jdbc.sql("SELECT id, email, name, created_at FROM users WHERE id = ?")
        .param(id)
        .query(User.class)
        .optional();
  }

  public Optional<User> findByEmail(String email) {
    return jdbc.sql("SELECT id, email, name, created_at FROM users WHERE email = ?")
        .param(normaliseEmail(email))
        .query(User.class)
        .optional();
  }

  /** The stored password hash, empty for unknown emails and for users without a password. */
  public Optional<Credentials> credentials(String email) {
    return jdbc.sql(
            "SELECT id, password_hash FROM users WHERE email = ? AND password_hash IS NOT NULL")
        .param(normaliseEmail(email))
        .query((rs, n) -> new Credentials(rs.getObject(1, UUID.class), rs.getString(2)))
        .optional();
  }

  public User create(String email, String name, String passwordHash) {
    return jdbc.sql(
            """
            INSERT INTO users (email, name, password_hash) VALUES (?, ?, ?)
            RETURNING id, email, name, created_at
            """)
        .params(normaliseEmail(email), name, passwordHash)
        .query(User.class)
        .single();
  }

  public void updatePasswordHash(UUID userId, String passwordHash) {
    jdbc.sql("UPDATE users SET password_hash = ?, updated_at = now() WHERE id = ?")
        .params(passwordHash, userId)
        .update();
  }

  /** A user's password hash, for verifying a login. */
  public record Credentials(UUID userId, String passwordHash) {}
}
