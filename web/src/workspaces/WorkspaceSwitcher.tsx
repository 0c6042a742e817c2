import { useTranslation } from "react-i18next";
import { useMe } from "../api/queries";
import { setWorkspaceId } from "./current";
import { useWorkspace } from "./useWorkspace";

export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const me = useMe();
  const workspace = useWorkspace();
  if (!me.data || !workspace) return null;
  return (
    <label className="switcher">
      <span className="visually-hidden">{t("nav.workspace")}</span>
      <select value={workspace.id} onChange={(e) => setWorkspaceId(e.target.value)}>
        {me.data.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}
