package dev.orchestrate.workspace;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The workspaces and workspace_members tables. */
@Repository
class Workspaces {

  private final JdbcClient jdbc;

  Workspaces(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Workspace insert(String name, String slug, UUID createdBy) {
    return jdbc.sql(
            """
            INSERT INTO workspaces (name, slug, created_by) VALUES (?, ?, ?)
            RETURNING id, name, slug, created_at
            """)
        .params(name, slug, createdBy)
        .query(Workspace.class)
        .single();
  }

  boolean slugTaken(String slug) {
    // Runs as the system tenant: slugs are unique across every workspace.
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM workspaces WHERE slug = ?)")
        .param(slug)
        .query(Boolean.class)
        .single();
  }

  Optional<Workspace> find(UUID id) {
    return jdbc.sql("SELECT id, name, slug, created_at FROM workspaces WHERE id = ?")
        .param(id)
        .query(Workspace.class)
        .optional();
  }

  void addMember(UUID workspaceId, UUID userId, Role role) {
    jdbc.sql("INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (?, ?, ?)")
        .params(workspaceId, userId, role.value())
        .update();
  }

  int updateRole(UUID workspaceId, UUID userId, Role role) {
    return jdbc.sql(
            """
            UPDATE workspace_members SET role = ?, updated_at = now()
            WHERE workspace_id = ? AND user_id = ?
            """)
        .params(role.value(), workspaceId, userId)
        .update();
  }

  int removeMember(UUID workspaceId, UUID userId) {
    return jdbc.sql("DELETE FROM workspace_members WHERE workspace_id = ? AND user_id = ?")
        .params(workspaceId, userId)
        .update();
  }

  int countOwners(UUID workspaceId) {
    return jdbc.sql(
            "SELECT count(*) FROM workspace_members WHERE workspace_id = ? AND role = 'owner'")
        .param(workspaceId)
        .query(Integer.class)
        .single();
  }

  Optional<Membership> membership(UUID workspaceId, UUID userId) {
    return jdbc.sql(
            "SELECT workspace_id, user_id, role FROM workspace_members WHERE workspace_id = ? AND user_id = ?")
        .params(workspaceId, userId)
        .query(
            (rs, n) ->
                new Membership(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    Role.fromValue(rs.getString(3))))
        .optional();
  }

  List<WorkspaceSummary> forUser(UUID userId) {
    return jdbc.sql(
            """
            SELECT w.id, w.name, w.slug, m.role, w.created_at
            FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id
            WHERE m.user_id = ?
            ORDER BY w.created_at, w.id
            """)
        .param(userId)
        .query(
            (rs, n) ->
                new WorkspaceSummary(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    Role.fromValue(rs.getString(4)),
                    rs.getTimestamp(5).toInstant()))
        .list();
  }

  List<Member> members(UUID workspaceId) {
    return jdbc.sql(
            """
            SELECT u.id, u.email, u.name, m.role, m.created_at
            FROM workspace_members m JOIN users u ON u.id = m.user_id
            WHERE m.workspace_id = ?
            ORDER BY m.created_at, u.email
            """)
        .param(workspaceId)
        .query(
            (rs, n) ->
                new Member(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    Role.fromValue(rs.getString(4)),
                    rs.getTimestamp(5).toInstant()))
        .list();
  }
}
