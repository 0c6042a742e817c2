// The sign-in page's other ways in (GET /api/auth/providers): today at most the service's OpenID
// issuer ("Google로 계속하기"), shown only when the server is configured for one.
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";

export interface AuthProvider {
  id: string;
  /** What the button calls the issuer, e.g. "Google". */
  name: string;
  /** Where the button leads: the server starts the sign-in there and redirects to the issuer. */
  start_url: string;
}

export function useAuthProviders() {
  return useQuery({
    queryKey: ["auth-providers"],
    queryFn: () => api<{ providers: AuthProvider[] }>("GET", "/api/auth/providers"),
    staleTime: Infinity,
  });
}
