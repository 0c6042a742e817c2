// What the server's OpenID sign-in hands back to the app: pure, so it is unit-tested.

/** Reads the access token the server put in the fragment of /signin/callback. */
export function tokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const token = params.get("access_token");
  return token && token.length > 0 ? token : null;
}

/** The server's reasons for an OpenID sign-in that did not end signed in (?oidc_error=). */
export const oidcErrors = ["denied", "state", "unverified_email", "unavailable", "failed"] as const;
