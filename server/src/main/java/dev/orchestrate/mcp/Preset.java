package dev.orchestrate.mcp;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool service of the original specification, preconfigured in every workspace: the real MCP
 * server it reaches once its secret is set. Until then its tools are simulated ({@code
 * mcp-samples/tools.json}, the real server's own list).
 *
 * <p>Stdio presets run {@code npx -y PACKAGE@VERSION} in the servers folder ({@code mcp-servers/}),
 * where {@code npm ci} installed exactly those versions: npx finds the local copy and starts it
 * without the network, and downloads that exact version only where the folder was not installed.
 * Their command lines are the default stdio allow-list.
 *
 * @param name the connection's name in graphs ({@code mcp: "firecrawl"})
 * @param secret the workspace secret that switches it from simulated to real
 * @param server how the real server is started or reached
 */
record Preset(String name, String secret, ServerSpec server) {

  /** The four presets of the original specification. */
  public static final List<Preset> ALL =
      List.of(
          new Preset(
              "firecrawl",
              "firecrawl_api_key",
              ServerSpec.stdio(
                      "npx",
                      List.of("-y", "firecrawl-mcp@3.26.0"),
                      Map.of(
                          "FIRECRAWL_API_KEY", "secret:firecrawl_api_key",
                          // A self-hosted Firecrawl, or a stand-in; absent: Firecrawl's cloud.
                          "FIRECRAWL_API_URL", "secret:firecrawl_api_url"))
                  .withOptionalSecrets(Set.of("firecrawl_api_url"))),
          new Preset(
              "slack",
              "slack_bot_token",
              ServerSpec.stdio(
                  "npx",
                  List.of("-y", "@zencoderai/slack-mcp-server@0.0.1"),
                  Map.of(
                      "SLACK_BOT_TOKEN", "secret:slack_bot_token",
                      "SLACK_TEAM_ID", "secret:slack_team_id"))),
          new Preset(
              "gdrive",
              "gdrive_service_account_json",
              // A service account's JSON key (no browser consent), given to the server as a file;
              // GOOGLE_DRIVE_MCP_SUBJECT names a user to act as (domain-wide delegation).
              ServerSpec.stdio(
                      "npx",
                      List.of("-y", "@piotr-agier/google-drive-mcp@2.10.0"),
                      Map.of(
                          "GOOGLE_APPLICATION_CREDENTIALS",
                              "secret-file:gdrive_service_account_json",
                          "GOOGLE_DRIVE_MCP_SUBJECT", "secret:gdrive_subject"))
                  .withOptionalSecrets(Set.of("gdrive_subject"))),
          new Preset(
              "paddleocr",
              "paddleocr_url",
              // paddleocr-mcp serves Streamable HTTP (paddleocr_mcp --http); the secret holds its
              // URL.
              ServerSpec.http("secret:paddleocr_url", Map.of())));

  static java.util.Optional<Preset> named(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
