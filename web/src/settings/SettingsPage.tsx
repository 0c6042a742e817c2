import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Route, Routes } from "react-router";
import { McpTab } from "./McpTab";
import { MembersTab } from "./MembersTab";
import { SecretsTab } from "./SecretsTab";
import "./settings.css";

/** The workspace's settings: secrets, MCP connections and members, one sub-route each. */
export default function SettingsPage() {
  const { t } = useTranslation();
  return (
    <main id="main" className="settings">
      <h1>{t("settings.title")}</h1>
      <nav aria-label={t("settings.tabs")} className="settings-tabs">
        <NavLink to="/settings/secrets">{t("settings.secrets.tab")}</NavLink>
        <NavLink to="/settings/mcp">{t("settings.mcp.tab")}</NavLink>
        <NavLink to="/settings/members">{t("settings.members.tab")}</NavLink>
      </nav>
      <Routes>
        <Route path="secrets" element={<SecretsTab />} />
        <Route path="mcp" element={<McpTab />} />
        <Route path="members" element={<MembersTab />} />
        <Route path="*" element={<Navigate to="/settings/secrets" replace />} />
      </Routes>
    </main>
  );
}
