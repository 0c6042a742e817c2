// Browser notifications for decisions that start to wait while the user is elsewhere: the header's
// badge sees every approval of the workspace, so it is the one place that notifies. Nothing here
// asks for permission; only the inbox's button does (browsers penalise prompts on page load).
import type { WaitingApproval } from "./waiting";

const keyOf = (w: WaitingApproval) => `${w.executionId}/${w.nodeId}`;

/**
 * Which approvals to announce now. The first list seen (the page just loaded) announces nothing:
 * only what starts waiting afterwards. An approval learned from the stream waits for the refetch
 * that names its pipeline, so the notification can say which run it is.
 */
export function toAnnounce(
  seen: Set<string> | null,
  waiting: WaitingApproval[],
): { announce: WaitingApproval[]; seen: Set<string> } {
  if (seen === null) return { announce: [], seen: new Set(waiting.map(keyOf)) };
  const announce = waiting.filter((w) => !seen.has(keyOf(w)) && w.pipelineId !== undefined);
  const next = new Set(seen);
  announce.forEach((w) => next.add(keyOf(w)));
  return { announce, seen: next };
}

export type Permission = NotificationPermission | "unsupported";

export function notificationPermission(): Permission {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** Shows one notification that opens the execution when clicked; the tag keeps tabs from doubling it. */
export function announce(title: string, w: WaitingApproval, open: (path: string) => void): void {
  if (notificationPermission() !== "granted") return;
  const notification = new Notification(title, { tag: keyOf(w), lang: document.documentElement.lang });
  notification.onclick = () => {
    window.focus();
    open(`/executions/${w.executionId}`);
    notification.close();
  };
}
