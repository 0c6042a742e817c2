import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { useWaitingApprovals } from "../api/queries";
import { useWorkspace } from "../workspaces/useWorkspace";
import { useApprovalNotifications } from "./useApprovalNotifications";
import { useWorkspaceStream } from "./useWorkspaceStream";

/** The header's count of what waits for a decision in the current workspace, seen from any page. */
export function ApprovalsBadge() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  useWorkspaceStream(workspace?.id);
  const waiting = useWaitingApprovals(workspace?.id);
  useApprovalNotifications(workspace?.id, waiting.data);
  const count = waiting.data?.length ?? 0;
  return (
    <NavLink
      to="/approvals"
      className="approvals-badge"
      data-testid="approvals-badge"
      data-count={count}
      aria-label={t("approvals.badge", { count })}
    >
      {t("approvals.title")}
      {count > 0 && (
        <span className="count" aria-hidden="true">
          {count}
        </span>
      )}
    </NavLink>
  );
}
