import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { useMe } from "../api/queries";
import type { Role } from "../api/types";
import { ProblemMessage } from "../common/ProblemMessage";
import { useWorkspace } from "../workspaces/useWorkspace";
import { settingsApi, settingsKeys, useMembers, type Member } from "./api";
import { Confirm, ReadOnlyNote } from "./Confirm";
import { mayAdminister, mayManageRole, ROLES } from "./permissions";

/** The server's 409 on a role change or a removal is the last-owner guard: said in the UI's words. */
function GuardMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.problem.status === 409) {
    return (
      <div role="alert" className="problem">
        <p>{t("settings.members.lastOwner")}</p>
      </div>
    );
  }
  return <ProblemMessage error={error} />;
}

export function MembersTab() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const ws = workspace?.id;
  const me = useMe();
  const members = useMembers(ws);
  const queryClient = useQueryClient();
  const caller = workspace?.role;
  const canWrite = mayAdminister(caller);
  const reasonId = useId();
  const emailId = useId();
  const roleId = useId();

  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [inviting, setInviting] = useState(false);
  const [inviteError, setInviteError] = useState<unknown>(null);
  const [invited, setInvited] = useState<string | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.members(ws ?? "") });

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    if (!ws || !canWrite) return;
    setInviting(true);
    setInviteError(null);
    setInvited(null);
    try {
      const added = await settingsApi.addMember(ws, email.trim(), role);
      setInvited(added.email);
      setEmail("");
      await refresh();
    } catch (err) {
      setInviteError(err);
    } finally {
      setInviting(false);
    }
  };

  return (
    <section aria-labelledby="settings-members-title" className="settings-panel">
      <h2 id="settings-members-title">{t("settings.members.title")}</h2>
      <p className="settings-hint">{t("settings.members.intro")}</p>
      {!canWrite && <ReadOnlyNote id={reasonId} text={t("settings.members.readOnly")} />}

      <form className="settings-form" onSubmit={invite} aria-label={t("settings.members.invite")}>
        <h3>{t("settings.members.invite")}</h3>
        <div className="settings-fields">
          <label htmlFor={emailId}>{t("settings.members.email")}</label>
          <input
            id={emailId}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            disabled={!canWrite}
            aria-describedby={canWrite ? undefined : reasonId}
            autoComplete="off"
            required
          />
          <label htmlFor={roleId}>{t("settings.members.role")}</label>
          <select
            id={roleId}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            disabled={!canWrite}
            aria-describedby={canWrite ? undefined : reasonId}
          >
            {ROLES.map((r) => (
              <option key={r} value={r} disabled={!mayManageRole(caller, r)}>
                {t(`settings.roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <p className="settings-hint">{t("settings.members.inviteHint")}</p>
        <button type="submit" disabled={!canWrite || inviting || !email.trim()}>
          {inviting ? t("settings.working") : t("settings.members.inviteButton")}
        </button>
        <ProblemMessage error={inviteError} />
        <p role="status" className="settings-ok">
          {invited ? t("settings.members.invited", { email: invited }) : ""}
        </p>
      </form>

      {members.isPending && <p>{t("common.loading")}</p>}
      <ProblemMessage error={members.error} />
      {members.data?.length === 0 && <p>{t("settings.members.empty")}</p>}
      {!!members.data?.length && (
        <table className="settings-table">
          <caption className="visually-hidden">{t("settings.members.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("settings.members.name")}</th>
              <th scope="col">{t("settings.members.email")}</th>
              <th scope="col">{t("settings.members.role")}</th>
              <th scope="col">{t("settings.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {members.data.map((m) => (
              <MemberRow
                key={m.user_id}
                member={m}
                caller={caller}
                isMe={m.user_id === me.data?.user.id}
                reasonId={reasonId}
                onChanged={refresh}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MemberRow({
  member,
  caller,
  isMe,
  reasonId,
  onChanged,
}: {
  member: Member;
  caller: Role | undefined;
  isMe: boolean;
  reasonId: string;
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>(member.role);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [removing, setRemoving] = useState(false);
  const canManage = mayManageRole(caller, member.role);
  const ownerReasonId = useId();
  const who = member.name || member.email;

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await onChanged();
      // My own role may have changed: the rest of the app reads it from /api/me.
      if (isMe) await queryClient.invalidateQueries({ queryKey: ["me"] });
    } catch (err) {
      setError(err);
      setRole(member.role);
      setRemoving(false);
    } finally {
      setBusy(false);
    }
  };

  const describedBy = !mayAdminister(caller) ? reasonId : !canManage ? ownerReasonId : undefined;

  return (
    <tr data-member={member.email}>
      <th scope="row">
        {member.name ?? "—"}
        {isMe && <span className="settings-badge">{t("settings.members.you")}</span>}
      </th>
      <td>{member.email}</td>
      <td>
        <div className="settings-role">
          <select
            aria-label={t("settings.members.roleOf", { name: who })}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            disabled={!canManage || busy}
            aria-describedby={describedBy}
          >
            {ROLES.map((r) => (
              <option key={r} value={r} disabled={!mayManageRole(caller, r)}>
                {t(`settings.roles.${r}`)}
              </option>
            ))}
          </select>
          {canManage && (
            <button
              type="button"
              className="secondary"
              disabled={busy || role === member.role}
              onClick={() => run(() => settingsApi.changeRole(workspace!.id, member.user_id, role))}
              aria-label={t("settings.members.changeRoleOf", { name: who })}
            >
              {t("settings.members.changeRole")}
            </button>
          )}
          {mayAdminister(caller) && !canManage && (
            <span id={ownerReasonId} className="settings-hint">
              {t("settings.members.ownersOnly")}
            </span>
          )}
        </div>
        <GuardMessage error={error} />
      </td>
      <td>
        <div className="settings-actions">
        {removing ? (
          <Confirm
            question={t("settings.members.confirmRemove", { name: who })}
            yes={t("settings.members.remove")}
            busy={busy}
            onYes={() => run(() => settingsApi.removeMember(workspace!.id, member.user_id))}
            onNo={() => setRemoving(false)}
            openerId={`${ownerReasonId}-remove`}
          />
        ) : (
          <button
            type="button"
            className="danger"
            id={`${ownerReasonId}-remove`}
            disabled={!canManage}
            aria-describedby={describedBy}
            onClick={() => {
              setError(null);
              setRemoving(true);
            }}
            aria-label={t("settings.members.removeOf", { name: who })}
          >
            {t("settings.members.remove")}
          </button>
        )}
        </div>
      </td>
    </tr>
  );
}
