import { useTranslation } from "react-i18next";
import { Link, NavLink, useNavigate } from "react-router";
import { queryClient } from "../api/queries";
import { ApprovalsBadge } from "../approvals/ApprovalsBadge";
import { setToken } from "../auth/session";
import { useToken } from "../auth/useSession";
import { WorkspaceSwitcher } from "../workspaces/WorkspaceSwitcher";
import { LanguageSwitch } from "./LanguageSwitch";

export function Header() {
  const { t } = useTranslation();
  const token = useToken();
  const navigate = useNavigate();
  const signOut = () => {
    setToken(null);
    queryClient.clear();
    navigate("/signin");
  };
  return (
    <header className="header">
      <a href="#main" className="visually-hidden skip">
        {t("app.skipToContent")}
      </a>
      <Link to="/" className="brand">
        {t("app.name")}
      </Link>
      {token && (
        <nav aria-label="main">
          <NavLink to="/pipelines">{t("nav.pipelines")}</NavLink>
          <NavLink to="/executions">{t("nav.executions")}</NavLink>
          <NavLink to="/agents">{t("agents.nav")}</NavLink>
          <NavLink to="/usage">{t("usage.nav")}</NavLink>
          <NavLink to="/audit">{t("audit.nav")}</NavLink>
          <NavLink to="/settings">{t("settings.nav")}</NavLink>
        </nav>
      )}
      <div className="spacer" />
      {token && <ApprovalsBadge />}
      {token && <WorkspaceSwitcher />}
      <LanguageSwitch />
      {token && (
        <button type="button" onClick={signOut}>
          {t("nav.signOut")}
        </button>
      )}
    </header>
  );
}
