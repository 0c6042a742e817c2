import { useEffect } from "react";
import { keys, queryClient } from "../api/queries";
import { followSocket, liveUrl } from "../live/followSocket";
import { applyWorkspaceEvent, type WaitingApproval, type WorkspaceEvent } from "./waiting";

/**
 * Follows the workspace stream: each approval asked for or decided patches the waiting list at
 * once, then a refetch fills in what events do not carry (the pipeline). The stream does not
 * replay, so every (re)connect refetches too, for what happened while it was down.
 */
export function useWorkspaceStream(workspaceId: string | undefined) {
  useEffect(() => {
    if (!workspaceId) return;
    const key = keys.approvals(workspaceId);
    const refetch = () => void queryClient.invalidateQueries({ queryKey: key });
    return followSocket<WorkspaceEvent>({
      url: () => liveUrl(`/ws/workspace/${workspaceId}`),
      onOpen: refetch,
      onMessage: (event) => {
        queryClient.setQueryData<WaitingApproval[]>(key, (old) =>
          old ? applyWorkspaceEvent(old, event) : old,
        );
        // Open monitors of that execution read the same view: keep them fresh too.
        void queryClient.invalidateQueries({ queryKey: keys.execution(event.execution_id) });
        refetch();
      },
    });
  }, [workspaceId]);
}
