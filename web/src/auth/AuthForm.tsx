import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { endpoints } from "../api/endpoints";
import { queryClient } from "../api/queries";
import { ProblemMessage } from "../common/ProblemMessage";
import { OidcButtons, OidcError } from "./OidcSignIn";
import { setToken } from "./session";
import { setWorkspaceId } from "../workspaces/current";

/** Sign in and sign up share one form: sign up only adds a name. */
export function AuthForm({ mode }: { mode: "signin" | "signup" }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? "/pipelines";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const submit = useMutation({
    mutationFn: () =>
      mode === "signup"
        ? endpoints.signUp({ email, password, ...(name ? { name } : {}) }, i18n.language)
        : endpoints.logIn({ email, password }),
    onSuccess: (answer) => {
      queryClient.clear();
      if (answer.workspace) setWorkspaceId(answer.workspace.id);
      setToken(answer.access_token);
      navigate(from, { replace: true });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate();
  };
  const title = t(mode === "signup" ? "auth.signUp" : "auth.signIn");
  return (
    <main id="main" className="auth">
      <h1>{title}</h1>
      <OidcError />
      <form onSubmit={onSubmit} aria-label={title}>
        {mode === "signup" && (
          <label>
            {t("auth.name")}
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
          </label>
        )}
        <label>
          {t("auth.email")}
          <input
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="email"
          />
        </label>
        <label>
          {t("auth.password")}
          <input
            type="password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={mode === "signup" ? "new-password" : "current-password"}
          />
        </label>
        <ProblemMessage error={submit.error} />
        <button type="submit" disabled={submit.isPending}>
          {submit.isPending ? t("auth.submitting") : title}
        </button>
      </form>
      <OidcButtons />
      <p>
        {mode === "signup" ? t("auth.haveAccount") : t("auth.noAccount")}{" "}
        <Link to={mode === "signup" ? "/signin" : "/signup"} state={{ from }}>
          {t(mode === "signup" ? "auth.signIn" : "auth.signUp")}
        </Link>
      </p>
    </main>
  );
}
