import { useEffect } from "react";
import { keys, queryClient } from "../api/queries";
import { getToken } from "../auth/session";
import { applyWorkspaceEvent, type WaitingApproval, type WorkspaceEvent } from "./waiting";

function workspaceSocketUrl(workspaceId: string): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const token = encodeURIComponent(getToken() ?? "");
  return `${scheme}://${location.host}/ws/workspace/${workspaceId}?token=${token}`;
}

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
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let closed = false;
    const open = () => {
      socket = new WebSocket(workspaceSocketUrl(workspaceId));
      socket.onopen = () => {
        attempts = 0;
        refetch();
      };
      socket.onmessage = (message) => {
        const event = JSON.parse(String(message.data)) as WorkspaceEvent | { type: "pong" };
        if (event.type === "pong") return;
        queryClient.setQueryData<WaitingApproval[]>(key, (old) =>
          old ? applyWorkspaceEvent(old, event) : old,
        );
        // Open monitors of that execution read the same view: keep them fresh too.
        void queryClient.invalidateQueries({ queryKey: keys.execution(event.execution_id) });
        refetch();
      };
      socket.onclose = (close) => {
        // 44xx are refusals (a bad token is handled by the API's 401): asking again will not help.
        if (closed || (close.code >= 4400 && close.code < 4500)) return;
        retry = setTimeout(open, Math.min(10_000, 500 * 2 ** attempts++));
      };
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [workspaceId]);
}
