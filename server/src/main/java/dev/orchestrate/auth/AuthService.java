package dev.orchestrate.auth;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.database.Tenancy;
import dev.orchestrate.workspace.Role;
import dev.orchestrate.workspace.User;
import dev.orchestrate.workspace.Users;
import dev.orchestrate.workspace.WorkspaceService;
import dev.orchestrate.workspace.WorkspaceSummary;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Sign-up and password login. */
@Service
public class AuthService {

  private static final Duration SIGNUP_WINDOW = Duration.ofHours(1);

  private final Users users;
  private final WorkspaceService workspaces;
  private final PasswordEncoder passwords;
  private final TokenService tokens;
  private final RateLimiter limiter;
  private final AuthProperties properties;
  private final Tenancy tenancy;
  private final ApplicationEventPublisher events;

  /** Verified against for unknown emails, so a wrong email costs as long as a wrong password. */
  private final String decoyHash;

  AuthService(
      Users users,
      WorkspaceService workspaces,
      PasswordEncoder passwords,
      TokenService tokens,
      RateLimiter limiter,
      AuthProperties properties,
      Tenancy tenancy,
      ApplicationEventPublisher events) {
    this.users = users;
    this.workspaces = workspaces;
    this.passwords = passwords;
    this.tokens = tokens;
    this.limiter = limiter;
    this.properties = properties;
    this.tenancy = tenancy;
    this.events = events;
    this.decoyHash = passwords.encode("decoy password for timing");
  }

  public SignedUp signUp(String email, String password, String name, String clientAddress) {
    return signUp(email, password, name, clientAddress, Locale.ENGLISH);
  }

  /** Sign-up whose personal workspace is named in {@code locale}'s language. */
  public SignedUp signUp(
      String email, String password, String name, String clientAddress, Locale locale) {
    String addressKey = "signup:address:" + clientAddress;
    limiter.requireBelow(
        addressKey,
        properties.signupsPerAddress(),
        SIGNUP_WINDOW,
        "Too many sign-ups from this address.");
    limiter.hit(addressKey, SIGNUP_WINDOW);
    var created = workspaces.signUp(email, name, passwords.encode(password), locale);
    var workspace = created.workspace();
    return new SignedUp(
        created.user(),
        new WorkspaceSummary(
            workspace.id(), workspace.name(), workspace.slug(), Role.OWNER, workspace.createdAt()),
        tokens.issue(created.user().id(), created.user().email()));
  }

  public LoggedIn login(String email, String password, String clientAddress) {
    String emailKey = "login:email:" + Users.normaliseEmail(email);
    String addressKey = "login:address:" + clientAddress;
    String tooMany = "Too many failed logins; try again later.";
    limiter.requireBelow(
        emailKey, properties.loginFailuresPerEmail(), properties.loginWindow(), tooMany);
    limiter.requireBelow(
        addressKey, properties.loginFailuresPerAddress(), properties.loginWindow(), tooMany);

    var credentials = tenancy.inSystemTransaction("login", () -> users.credentials(email));
    boolean matches =
        passwords.matches(
            password, credentials.map(Users.Credentials::passwordHash).orElse(decoyHash));
    if (credentials.isEmpty() || !matches) {
      limiter.hit(emailKey, properties.loginWindow());
      limiter.hit(addressKey, properties.loginWindow());
      loginAudit(
          "auth.login.failed",
          credentials.map(Users.Credentials::userId).orElse(null),
          email,
          clientAddress,
          credentials.isEmpty() ? "unknown_email" : "wrong_password");
      // The same answer for an unknown email and a wrong password.
      throw OrchestrateException.unauthorized("Wrong email or password.");
    }
    limiter.reset(emailKey);
    var userId = credentials.get().userId();
    if (passwords.upgradeEncoding(credentials.get().passwordHash())) {
      tenancy.inSystemTransaction(
          "rehash password",
          () -> {
            users.updatePasswordHash(userId, passwords.encode(password));
            return null;
          });
    }
    User user = tenancy.inSystemTransaction("login", () -> users.findById(userId).orElseThrow());
    loginAudit("auth.login.succeeded", userId, user.email(), clientAddress, null);
    return new LoggedIn(user, tokens.issue(user.id(), user.email()));
  }

  /** Logins are recorded in the service-wide chain: they belong to a person, not a workspace. */
  private void loginAudit(String action, UUID userId, String email, String address, String reason) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("email", Users.normaliseEmail(email));
    details.put("address", address);
    if (reason != null) {
      details.put("reason", reason);
    }
    events.publishEvent(new AuditEvent(null, userId, "auth", action, details));
  }

  /** What sign-up answers. */
  public record SignedUp(User user, WorkspaceSummary workspace, TokenService.AccessToken token) {}

  /** What login answers. */
  public record LoggedIn(User user, TokenService.AccessToken token) {}
}
