/** Passwords, sign-up and login, access tokens of our own and of external OpenID issuers. */
package dev.orchestrate.auth;
