package dev.orchestrate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.support.FakeOidcIssuer;
import dev.orchestrate.support.FakeOidcIssuer.Person;
import dev.orchestrate.support.ServiceTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Google로 계속하기" end to end against a loopback OpenID issuer: the browser's part (redirects and the
 * login cookie) is played by a plain HTTP client that follows nothing by itself.
 */
class OidcSignInIT extends ServiceTest {

  static final FakeOidcIssuer issuer = new FakeOidcIssuer();

  @DynamicPropertySource
  static void oidc(DynamicPropertyRegistry registry) {
    // As a deployment would set it up: the issuer's bearer tokens are accepted too, and the
    // button's issuer follows that setting.
    registry.add("orchestrate.jwt.issuer-uri", issuer::issuer);
    registry.add("orchestrate.oidc.client-id", () -> FakeOidcIssuer.CLIENT_ID);
    registry.add("orchestrate.oidc.client-secret", () -> FakeOidcIssuer.CLIENT_SECRET);
  }

  private final HttpClient browser = HttpClient.newHttpClient();

  @Test
  void aBearerIdTokenIsAcceptedOnlyWhenItWasIssuedToThisService() {
    // No ORCHESTRATE_JWT_AUDIENCE: the sign-in client's id is the audience bearer tokens must name.
    String someoneElses = issuer.idToken(Person.fresh(), "some-other-application");
    assertThat(api.get("/api/me", someoneElses).status()).isEqualTo(401);
    String ours = issuer.idToken(Person.fresh(), FakeOidcIssuer.CLIENT_ID);
    assertThat(api.get("/api/me", ours).status()).isEqualTo(200);
  }

  @Test
  void theSignInPageIsToldAboutTheButton() {
    var r = api.get("/api/auth/providers", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("providers")).hasSize(1);
    assertThat(r.body().get("providers").get(0).get("id").asString()).isEqualTo("oidc");
    assertThat(r.body().get("providers").get(0).get("name").asString()).isEqualTo("Google");
    assertThat(r.body().get("providers").get(0).get("start_url").asString())
        .isEqualTo("/api/auth/oidc/start");
  }

  @Test
  void aNewPersonIsSignedInWithAWorkspaceInTheAppsLanguage() throws Exception {
    Person person = Person.fresh();
    issuer.nextPerson(person);
    var start = start("ko");
    assertThat(start.location().toString()).startsWith(issuer.issuer() + "/authorize?");
    assertThat(start.location().getRawQuery())
        .contains("code_challenge_method=S256", "nonce=", "state=", "scope=openid+email+profile");
    assertThat(start.setCookie())
        .startsWith(OidcController.COOKIE + "=")
        .contains("HttpOnly", "SameSite=Lax", "Path=/api/auth/oidc", "Max-Age=600");

    var done = callback(issuer.decide(start.location(), true), start.cookie());

    assertThat(done.location().toString()).startsWith("/signin/callback#access_token=");
    assertThat(done.setCookie()).contains("Max-Age=0");
    String token = done.location().toString().substring("/signin/callback#access_token=".length());
    var me = api.get("/api/me", token);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body().get("user").get("email").asString()).isEqualTo(person.email());
    assertThat(me.body().get("workspaces")).hasSize(1);
    assertThat(me.body().get("workspaces").get(0).get("name").asString())
        .isEqualTo(person.name() + "의 워크스페이스");

    // Signing in again is the same user, not a second one.
    issuer.nextPerson(person);
    var again = start("ko");
    String second =
        callback(issuer.decide(again.location(), true), again.cookie())
            .location()
            .toString()
            .substring("/signin/callback#access_token=".length());
    assertThat(api.get("/api/me", second).body().get("user").get("id"))
        .isEqualTo(me.body().get("user").get("id"));
  }

  @Test
  void aPersonWhoSignedUpWithAPasswordIsMatchedByVerifiedEmail() throws Exception {
    var user = api.signUp();
    issuer.nextPerson(new Person(UUID.randomUUID().toString(), user.email(), "Tester", true));
    var start = start(null);
    var done = callback(issuer.decide(start.location(), true), start.cookie());
    String token = done.location().toString().substring("/signin/callback#access_token=".length());
    assertThat(api.get("/api/me", token).body().get("user").get("id").asString())
        .isEqualTo(user.userId().toString());
  }

  @Test
  void anAnswerWithAnotherStateOrWithoutTheCookieIsRefused() throws Exception {
    var start = start(null);
    URI back = answerFromIssuer(issuer.decide(start.location(), true));
    URI forged =
        URI.create(back.toString().replaceAll("state=[^&]*", "state=" + UUID.randomUUID()));

    assertThat(get(forged, start.cookie()).location()).hasToString("/signin?oidc_error=state");
    assertThat(get(back, null).location()).hasToString("/signin?oidc_error=state");
    // Another browser's sign-in cookie does not fit this answer either.
    assertThat(get(back, start(null).cookie()).location()).hasToString("/signin?oidc_error=state");
  }

  @Test
  void anIdTokenWithAnotherNonceOrForAnotherClientIsRefused() throws Exception {
    String email = "nonce-" + UUID.randomUUID() + "@example.com";
    issuer.nextPerson(new Person(UUID.randomUUID().toString(), email, "N", true));
    issuer.nextIdToken(claims -> claims.claim("nonce", "replayed-nonce"));
    var start = start(null);
    assertThat(callback(issuer.decide(start.location(), true), start.cookie()).location())
        .hasToString("/signin?oidc_error=failed");

    issuer.nextPerson(new Person(UUID.randomUUID().toString(), email, "N", true));
    issuer.nextIdToken(claims -> claims.audience("another-client"));
    var other = start(null);
    assertThat(callback(issuer.decide(other.location(), true), other.cookie()).location())
        .hasToString("/signin?oidc_error=failed");

    // Nobody was signed up: the address is still free.
    assertThat(
            api.post(
                    "/api/auth/signup",
                    null,
                    Map.of("email", email, "password", "correct horse battery"))
                .status())
        .isEqualTo(201);
  }

  @Test
  void anUnverifiedEmailIsRefused() throws Exception {
    String email = "unverified-" + UUID.randomUUID() + "@example.com";
    issuer.nextPerson(new Person(UUID.randomUUID().toString(), email, "U", false));
    var start = start(null);
    assertThat(callback(issuer.decide(start.location(), true), start.cookie()).location())
        .hasToString("/signin?oidc_error=unverified_email");
    assertThat(
            api.post(
                    "/api/auth/signup",
                    null,
                    Map.of("email", email, "password", "correct horse battery"))
                .status())
        .isEqualTo(201);
  }

  @Test
  void theLoginCookieIsNoAccessToken() throws Exception {
    String cookie = start(null).cookie();
    String value = cookie.substring(cookie.indexOf('=') + 1);
    assertThat(api.get("/api/me", value).status()).isEqualTo(401);
  }

  @Test
  void declinedConsentLandsOnTheSignInPage() throws Exception {
    var start = start(null);
    assertThat(callback(issuer.decide(start.location(), false), start.cookie()).location())
        .hasToString("/signin?oidc_error=denied");
  }

  private Redirect start(String lang) throws IOException, InterruptedException {
    var r =
        get(
            URI.create(
                api.baseUrl() + "/api/auth/oidc/start" + (lang == null ? "" : "?lang=" + lang)),
            null);
    assertThat(r.status()).isEqualTo(302);
    return r;
  }

  /** Follows the issuer's answer (a redirect to the callback) with the browser's cookie. */
  private Redirect callback(URI decision, String cookie) throws IOException, InterruptedException {
    var r = get(answerFromIssuer(decision), cookie);
    assertThat(r.status()).isEqualTo(303);
    return r;
  }

  private URI answerFromIssuer(URI decision) throws IOException, InterruptedException {
    var r = get(decision, null);
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.location().toString()).startsWith(api.baseUrl() + "/api/auth/oidc/callback?");
    return r.location();
  }

  private Redirect get(URI uri, String cookie) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(uri).GET();
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    HttpResponse<String> r = browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Redirect(
        r.statusCode(),
        r.headers().firstValue("Location").map(URI::create).orElse(null),
        r.headers().firstValue("Set-Cookie").orElse(""));
  }

  private record Redirect(int status, URI location, String setCookie) {
    /** The cookie as the browser sends it back. */
    String cookie() {
      return setCookie.split(";", 2)[0];
    }
  }
}
