package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself, in-process: options, usage errors, languages, exit codes. */
class MainTest {

  @TempDir Path home;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out()).contains("run ", "watch ", "approve ", "budget ", "종료 코드:", "  6   로그인 필요");
  }

  @Test
  void aMistypedOptionIsAUsageErrorInTheUsersLanguage() {
    assertThat(run(Map.of(), "run", "grant_factory", "--folow")).isEqualTo(ExitCodes.USAGE);
    assertThat(err())
        .contains("오류: 알 수 없는 인자입니다: --folow")
        .contains("--follow")
        .contains("orchestrate run --help");

    assertThat(run(Map.of("LANG", "en_US.UTF-8"), "run")).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("error: missing argument: PIPELINE");
  }

  @Test
  void anAmountThatIsNoAmountIsAUsageErrorBeforeTheServerIsAsked() {
    // No server listens at port 9: the amount is refused before it would be asked.
    String id = "4e5b7f97-e993-4a0b-b553-d481f19f9e1b";
    assertThat(run(Map.of(), "budget", id, "열", "--server", "http://127.0.0.1:9"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("오류: '열' 는 금액이 아닙니다.").contains("금액은 크레딧 수입니다");

    assertThat(run(Map.of(), "run", "grant_factory", "--budget", "0", "--lang", "en"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("error: the amount must be more than 0: 0");

    assertThat(run(Map.of(), "budget", "--help")).isZero();
    assertThat(out()).contains("orchestrate budget", "EXECUTION", "CREDITS", "orchestrate reject");
  }

  @Test
  void optionsOfEveryCommandGoBeforeOrAfterIt() {
    // Not logged in anywhere: both spellings get as far as asking the (absent) server.
    String[][] spellings = {
      {"--json", "--server", "http://127.0.0.1:9", "pipelines"},
      {"pipelines", "--json", "--server", "http://127.0.0.1:9"}
    };
    for (String[] args : spellings) {
      out.reset();
      assertThat(run(Map.of(), args)).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(out()).startsWith("{\"error\":{\"code\":\"unreachable\",\"exit_code\":7");
    }
  }

  @Test
  void isCompiledForJava17SoAnyDefaultJavaRunsIt() throws IOException {
    try (var in = new DataInputStream(Main.class.getResourceAsStream("Main.class"))) {
      assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
      in.readUnsignedShort();
      assertThat(in.readUnsignedShort()).isEqualTo(61);
    }
  }

  private int run(Map<String, String> variables, String... args) {
    var env = new java.util.HashMap<>(variables);
    env.put("HOME", home.toString());
    err.reset();
    return Main.run(
        args,
        new Environment(
            env,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            80,
            Clock.systemUTC()));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
