package dev.orchestrate.workspace;

import dev.orchestrate.common.AuditEvent;
import dev.orchestrate.common.ErrorKind;
import dev.orchestrate.common.OrchestrateException;
import dev.orchestrate.common.Validation;
import dev.orchestrate.database.Tenancy;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating workspaces and managing who belongs to them. */
@Service
public class WorkspaceService {

  private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Workspaces workspaces;
  private final Users users;
  private final WorkspaceAccess access;
  private final Tenancy tenancy;
  private final ApplicationEventPublisher events;

  WorkspaceService(
      Workspaces workspaces,
      Users users,
      WorkspaceAccess access,
      Tenancy tenancy,
      ApplicationEventPublisher events) {
    this.workspaces = workspaces;
    this.users = users;
    this.access = access;
    this.tenancy = tenancy;
    this.events = events;
  }

  /** A new user and their personal workspace, in one transaction with everything it seeds. */
  public SignUp signUp(String email, String name, String passwordHash) {
    return signUp(email, name, passwordHash, Locale.ENGLISH);
  }

  /**
   * A new user and their personal workspace, named in the user's language ({@code locale}, from the
   * sign-up request's {@code Accept-Language}).
   */
  public SignUp signUp(String email, String name, String passwordHash, Locale locale) {
    return tenancy.inSystemTransaction(
        "sign-up",
        () -> {
          if (users.findByEmail(email).isPresent()) {
            throw OrchestrateException.conflict("An account with this email already exists.");
          }
          User user = users.create(email, name, passwordHash);
          String display = name == null || name.isBlank() ? email.split("@")[0] : name;
          Workspace workspace =
              insertWithOwner(
                  personalWorkspaceName(display, locale), uniqueSlug(display), user.id());
          events.publishEvent(
              new WorkspaceCreated(workspace.id(), user.id(), WorkspaceCreated.Origin.SIGN_UP));
          audit(
              workspace.id(),
              user.id(),
              "workspace",
              "workspace.created",
              Map.of("name", workspace.name(), "slug", workspace.slug(), "origin", "sign_up"));
          return new SignUp(user, workspace);
        });
  }

  /** A user signed in through an external issuer for the first time. */
  public SignUp provisionExternalUser(String email, String name) {
    return signUp(email, name, null);
  }

  /** A user signed in through an external issuer for the first time, in their language. */
  public SignUp provisionExternalUser(String email, String name, Locale locale) {
    return signUp(email, name, null, locale);
  }

  /** "김민수의 워크스페이스" for Korean speakers, "Kim's workspace" for everyone else. */
  static String personalWorkspaceName(String display, Locale locale) {
    return locale != null && "ko".equals(locale.getLanguage())
        ? display + "의 워크스페이스"
        : display + "'s workspace";
  }

  public WorkspaceSummary create(String name, String requestedSlug) {
    UUID userId = Tenancy.currentUserId();
    var validation = new Validation();
    validation.check(name != null && !name.isBlank(), "name", "must not be blank");
    validation.check(
        name == null || name.length() <= 100, "name", "must be at most 100 characters");
    validation.check(
        requestedSlug == null || SLUG.matcher(requestedSlug).matches(),
        "slug",
        "must be lowercase letters, digits and '-', starting with a letter or digit, at most 63");
    validation.throwIfInvalid();
    Workspace workspace =
        tenancy.inSystemTransaction(
            "create workspace",
            () -> {
              String slug = requestedSlug;
              if (slug == null) {
                slug = uniqueSlug(name);
              } else if (workspaces.slugTaken(slug)) {
                throw OrchestrateException.conflict("The slug '" + slug + "' is taken.");
              }
              Workspace created = insertWithOwner(name.strip(), slug, userId);
              events.publishEvent(
                  new WorkspaceCreated(created.id(), userId, WorkspaceCreated.Origin.CREATED));
              audit(
                  created.id(),
                  userId,
                  "workspace",
                  "workspace.created",
                  Map.of("name", created.name(), "slug", created.slug()));
              return created;
            });
    return new WorkspaceSummary(
        workspace.id(), workspace.name(), workspace.slug(), Role.OWNER, workspace.createdAt());
  }

  @Transactional(readOnly = true)
  public List<WorkspaceSummary> mine() {
    return workspaces.forUser(Tenancy.currentUserId());
  }

  @Transactional(readOnly = true)
  public WorkspaceSummary get(UUID workspaceId) {
    Membership membership = access.require(workspaceId, Role.VIEWER);
    Workspace w = workspaces.find(workspaceId).orElseThrow();
    return new WorkspaceSummary(w.id(), w.name(), w.slug(), membership.role(), w.createdAt());
  }

  @Transactional(readOnly = true)
  public List<Member> members(UUID workspaceId) {
    access.require(workspaceId, Role.VIEWER);
    return workspaces.members(workspaceId);
  }

  public Member addMember(UUID workspaceId, String email, Role role) {
    UUID callerId = Tenancy.currentUserId();
    Membership caller =
        tenancy.inUserTransaction(callerId, () -> access.require(workspaceId, Role.ADMIN));
    requireMayGrant(caller, role);
    // The new member is not visible to the caller yet, so the lookup runs as the service.
    return tenancy.inSystemTransaction(
        "add member",
        () -> {
          User user =
              users
                  .findByEmail(email)
                  .orElseThrow(
                      () ->
                          OrchestrateException.invalid(
                              "email", "no user has signed up with this email"));
          if (workspaces.membership(workspaceId, user.id()).isPresent()) {
            throw OrchestrateException.conflict("This user is already a member.");
          }
          workspaces.addMember(workspaceId, user.id(), role);
          audit(
              workspaceId,
              callerId,
              "members",
              "members.added",
              Map.of("user_id", user.id(), "email", user.email(), "role", role.value()));
          return workspaces.members(workspaceId).stream()
              .filter(m -> m.userId().equals(user.id()))
              .findFirst()
              .orElseThrow();
        });
  }

  @Transactional
  public Member changeRole(UUID workspaceId, UUID userId, Role role) {
    Membership caller = access.require(workspaceId, Role.ADMIN);
    Membership target = existingMember(workspaceId, userId);
    requireMayGrant(caller, role);
    requireMayGrant(caller, target.role());
    if (target.role() == Role.OWNER && role != Role.OWNER) {
      requireAnotherOwner(workspaceId);
    }
    workspaces.updateRole(workspaceId, userId, role);
    audit(
        workspaceId,
        caller.userId(),
        "members",
        "members.role_changed",
        Map.of("user_id", userId, "from", target.role().value(), "to", role.value()));
    return workspaces.members(workspaceId).stream()
        .filter(m -> m.userId().equals(userId))
        .findFirst()
        .orElseThrow();
  }

  @Transactional
  public void removeMember(UUID workspaceId, UUID userId) {
    Membership caller = access.require(workspaceId, Role.ADMIN);
    Membership target = existingMember(workspaceId, userId);
    requireMayGrant(caller, target.role());
    if (target.role() == Role.OWNER) {
      requireAnotherOwner(workspaceId);
    }
    workspaces.removeMember(workspaceId, userId);
    audit(
        workspaceId,
        caller.userId(),
        "members",
        "members.removed",
        Map.of("user_id", userId, "role", target.role().value()));
  }

  private void audit(
      UUID workspaceId, UUID actorId, String category, String action, Map<String, Object> details) {
    events.publishEvent(new AuditEvent(workspaceId, actorId, category, action, details));
  }

  private Membership existingMember(UUID workspaceId, UUID userId) {
    return workspaces
        .membership(workspaceId, userId)
        .orElseThrow(() -> OrchestrateException.notFound("Member"));
  }

  private void requireAnotherOwner(UUID workspaceId) {
    if (workspaces.countOwners(workspaceId) <= 1) {
      throw OrchestrateException.conflict("A workspace needs at least one owner.");
    }
  }

  /** Admins manage members and admins; only owners make or unmake owners. */
  private static void requireMayGrant(Membership caller, Role role) {
    if (role == Role.OWNER && caller.role() != Role.OWNER) {
      throw new OrchestrateException(ErrorKind.FORBIDDEN, "Only an owner can manage owners.");
    }
  }

  private Workspace insertWithOwner(String name, String slug, UUID ownerId) {
    Workspace workspace = workspaces.insert(name, slug, ownerId);
    workspaces.addMember(workspace.id(), ownerId, Role.OWNER);
    return workspace;
  }

  private String uniqueSlug(String name) {
    String base = Slugs.from(name, "workspace");
    String slug = base;
    while (workspaces.slugTaken(slug)) {
      slug = base + "-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt());
    }
    return slug;
  }

  /** What sign-up created. */
  public record SignUp(User user, Workspace workspace) {}
}
