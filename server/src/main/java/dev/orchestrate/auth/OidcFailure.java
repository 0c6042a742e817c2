package dev.orchestrate.auth;

/**
 * Why a sign-in at the OpenID issuer ended without a signed-in user; the sign-in page explains each
 * reason in the user's language.
 */
final class OidcFailure extends RuntimeException {

  /** What the sign-in page is told, as {@code ?oidc_error=<code>}. */
  enum Reason {
    /** The user declined at the issuer. */
    DENIED("denied"),
    /** The answer did not belong to a sign-in this browser started, or it took too long. */
    STATE("state"),
    /** The issuer does not vouch for the user's email address. */
    UNVERIFIED("unverified_email"),
    /** The issuer could not be reached or its metadata is unusable. */
    UNAVAILABLE("unavailable"),
    /** Anything else: the code or the ID token did not check out. */
    FAILED("failed");

    final String code;

    Reason(String code) {
      this.code = code;
    }
  }

  final Reason reason;

  OidcFailure(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }
}
