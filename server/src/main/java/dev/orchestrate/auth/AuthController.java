package dev.orchestrate.auth;

import dev.orchestrate.common.Languages;
import dev.orchestrate.workspace.User;
import dev.orchestrate.workspace.WorkspaceSummary;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up and login: the only API calls that need no token. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

  private final AuthService auth;

  AuthController(AuthService auth) {
    this.auth = auth;
  }

  @PostMapping("/signup")
  @ResponseStatus(HttpStatus.CREATED)
  SignUpResponse signUp(@Valid @RequestBody SignUpRequest body, HttpServletRequest request) {
    var result =
        auth.signUp(
            body.email(),
            body.password(),
            body.name(),
            request.getRemoteAddr(),
            Languages.fromAcceptLanguage(request.getHeader("Accept-Language")));
    return new SignUpResponse(
        result.user(),
        result.workspace(),
        result.token().value(),
        "Bearer",
        result.token().expiresIn());
  }

  @PostMapping("/login")
  LoginResponse login(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
    var result = auth.login(body.email(), body.password(), request.getRemoteAddr());
    return new LoginResponse(
        result.user(), result.token().value(), "Bearer", result.token().expiresIn());
  }

  record SignUpRequest(
      @NotBlank @Email @Size(max = 254) String email,
      @NotBlank @Size(min = 8, max = 128, message = "must be 8 to 128 characters") String password,
      @Size(max = 100) String name) {
    SignUpRequest {
      // People paste addresses with stray spaces; the address itself is what counts.
      email = email == null ? null : email.strip();
    }
  }

  record LoginRequest(
      @NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {
    LoginRequest {
      email = email == null ? null : email.strip();
    }
  }

  record SignUpResponse(
      User user,
      WorkspaceSummary workspace,
      String accessToken,
      String tokenType,
      long expiresIn) {}

  record LoginResponse(User user, String accessToken, String tokenType, long expiresIn) {}
}
