import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { queryClient } from "../api/queries";
import { oidcErrors, tokenFromFragment } from "./fragment";
import { useAuthProviders } from "./providers";
import { setToken } from "./session";

/**
 * "Google로 계속하기": a plain link, since the server runs the whole flow with redirects. The
 * app's language goes along so that a new user's workspace is named in it.
 */
export function OidcButtons() {
  const { t, i18n } = useTranslation();
  const providers = useAuthProviders();
  const list = providers.data?.providers ?? [];
  if (list.length === 0) return null;
  return (
    <div className="oidc-buttons">
      <p className="divider">{t("oidc.or")}</p>
      {list.map((p) => (
        <a
          key={p.id}
          className="button oidc"
          href={`${p.start_url}?lang=${encodeURIComponent(i18n.language)}`}
        >
          {t("oidc.continueWith", { name: p.name })}
        </a>
      ))}
    </div>
  );
}

/** Why the last OpenID sign-in failed, when the server sent the browser back with a reason. */
export function OidcError() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const code = params.get("oidc_error");
  if (!code) return null;
  const known = (oidcErrors as readonly string[]).includes(code) ? code : "failed";
  return (
    <div role="alert" className="problem">
      <p>{t(`oidc.errors.${known}`)}</p>
    </div>
  );
}

/**
 * /signin/callback#access_token=…: takes the token out of the URL at once (so it stays out of the
 * history, bookmarks and any Referer), keeps it like a password sign-in does, and goes on.
 */
export function OidcCallback() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // StrictMode runs the effect twice in development; the fragment is read (and cleared) once.
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    const token = tokenFromFragment(window.location.hash);
    window.history.replaceState(null, "", window.location.pathname);
    if (!token) {
      navigate("/signin?oidc_error=failed", { replace: true });
      return;
    }
    queryClient.clear();
    setToken(token);
    navigate("/pipelines", { replace: true });
  }, [navigate]);
  return (
    <main id="main" className="auth">
      <p>{t("oidc.signingIn")}</p>
    </main>
  );
}
