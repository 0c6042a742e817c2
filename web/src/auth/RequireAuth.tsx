import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useToken } from "./useSession";

/** Pages behind sign-in; the way back after signing in is kept in `from`. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const token = useToken();
  const location = useLocation();
  if (!token) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  return children;
}
