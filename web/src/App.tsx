import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { setUnauthorizedHandler } from "./api/client";
import { ApprovalsPage } from "./approvals/ApprovalsPage";
import { queryClient } from "./api/queries";
import { AuthForm } from "./auth/AuthForm";
import { OidcCallback } from "./auth/OidcSignIn";
import { RequireAuth } from "./auth/RequireAuth";
import { HistoryPage } from "./history/HistoryPage";
import { Header } from "./layout/Header";
import { PipelinesPage } from "./pipelines/PipelinesPage";
import { AgentEditPage } from "./agents/AgentEditPage";
import { AgentsPage } from "./agents/AgentsPage";

// The monitor carries the graph libraries (React Flow, elkjs): loaded when first needed.
const ExecutionPage = lazy(() =>
  import("./executions/ExecutionPage").then((m) => ({ default: m.ExecutionPage })),
);

// The pipeline canvas carries React Flow and CodeMirror.
const CanvasPage = lazy(() => import("./canvas/CanvasPage").then((m) => ({ default: m.CanvasPage })));

// The comparison draws graphs too.
const ComparePage = lazy(() =>
  import("./compare/ComparePage").then((m) => ({ default: m.ComparePage })),
);

// The settings carry the tool call form (rjsf and its validator).
const SettingsPage = lazy(() => import("./settings/SettingsPage"));
// The usage page carries the chart library (recharts).
const UsagePage = lazy(() => import("./usage/UsagePage").then((m) => ({ default: m.UsagePage })));

const AuditPage = lazy(() => import("./audit/AuditPage").then((m) => ({ default: m.AuditPage })));
// The version history draws graphs too.
const VersionsPage = lazy(() =>
  import("./versions/VersionsPage").then((m) => ({ default: m.VersionsPage })),
);

/**
 * A monitor starts afresh for another execution, and after a retry from the monitor itself: the
 * stream of a run that had ended is closed, and the retried run must be followed again.
 */
function MonitorRoute() {
  const location = useLocation();
  const retried = (location.state as { retried?: number } | null)?.retried ?? "";
  return <ExecutionPage key={`${location.pathname}#${retried}`} />;
}

/** Any 401 (expired or revoked token) leads back to sign-in, then to where the user was. */
function UnauthorizedRedirect() {
  const navigate = useNavigate();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      queryClient.clear();
      navigate("/signin", { state: { from: location.pathname } });
    });
  }, [navigate]);
  return null;
}

/** A page for signed-in users; a lazily loaded one shows nothing until its code has come. */
const signedIn = (page: ReactNode) => (
  <RequireAuth>
    <Suspense fallback={null}>{page}</Suspense>
  </RequireAuth>
);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <UnauthorizedRedirect />
        <Header />
        <Routes>
          <Route path="/signin" element={<AuthForm mode="signin" key="signin" />} />
          <Route path="/signup" element={<AuthForm mode="signup" key="signup" />} />
          <Route path="/signin/callback" element={<OidcCallback />} />
          <Route path="/pipelines" element={signedIn(<PipelinesPage />)} />
          <Route path="/pipelines/:id/versions" element={signedIn(<VersionsPage />)} />
          <Route path="/pipelines/new" element={signedIn(<CanvasPage />)} />
          <Route path="/pipelines/:id/edit" element={signedIn(<CanvasPage />)} />
          <Route path="/approvals" element={signedIn(<ApprovalsPage />)} />
          <Route path="/executions/:id" element={signedIn(<MonitorRoute />)} />
          <Route path="/executions" element={signedIn(<HistoryPage />)} />
          <Route path="/compare" element={signedIn(<ComparePage />)} />
          <Route path="/settings/*" element={signedIn(<SettingsPage />)} />
          <Route path="/usage" element={signedIn(<UsagePage />)} />
          <Route path="/audit" element={signedIn(<AuditPage />)} />
          <Route path="/agents" element={signedIn(<AgentsPage />)} />
          <Route path="/agents/new" element={signedIn(<AgentEditPage key="new" />)} />
          <Route path="/agents/:id" element={signedIn(<AgentEditPage />)} />
          <Route path="*" element={<Navigate to="/pipelines" replace />} />
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
