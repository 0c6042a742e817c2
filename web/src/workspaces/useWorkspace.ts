import { useMe } from "../api/queries";
import type { WorkspaceSummary } from "../api/types";
import { useStoredWorkspaceId } from "./current";

/** The current workspace: the one chosen in this tab if the user still belongs to it, else the first. */
export function useWorkspace(): WorkspaceSummary | undefined {
  const me = useMe();
  const stored = useStoredWorkspaceId();
  const workspaces = me.data?.workspaces ?? [];
  return workspaces.find((w) => w.id === stored) ?? workspaces[0];
}
