import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { usePipelines } from "../api/queries";
import { announce, toAnnounce } from "./notifications";
import type { WaitingApproval } from "./waiting";

/** "승인 대기: <pipeline> · <node>" for each approval that starts waiting, when permitted. */
export function useApprovalNotifications(
  workspaceId: string | undefined,
  waiting: WaitingApproval[] | undefined,
) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pipelines = usePipelines(workspaceId);
  const seen = useRef<Set<string> | null>(null);
  const seenFor = useRef(workspaceId);
  useEffect(() => {
    if (seenFor.current !== workspaceId) {
      // Another workspace: what already waits there is not news.
      seen.current = null;
      seenFor.current = workspaceId;
    }
    if (!waiting || !pipelines.data) return;
    const next = toAnnounce(seen.current, waiting);
    seen.current = next.seen;
    for (const w of next.announce) {
      const pipeline = pipelines.data.find((p) => p.id === w.pipelineId)?.name ?? "";
      announce(t("notifications.title", { pipeline, node: w.label }), w, (path) => navigate(path));
    }
  }, [workspaceId, waiting, pipelines.data, t, navigate]);
}
