package dev.orchestrate.mcp;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool service of the original specification, preconfigured in every workspace: the real MCP
 * server it reaches once its secret is set, and the tools it offers until then.
 *
 * <p>Stdio presets run {@code npx -y PACKAGE@VERSION} in the servers folder ({@code mcp-servers/}),
 * where {@code npm ci} installed exactly those versions: npx finds the local copy and starts it
 * without the network, and downloads that exact version only where the folder was not installed.
 * Their command lines are the default stdio allow-list.
 *
 * @param name the connection's name in graphs ({@code mcp: "firecrawl"})
 * @param secret the workspace secret that switches it from simulated to real
 * @param server how the real server is started or reached
 * @param tools the tools it offers, simulated until the secret is set
 */
record Preset(String name, String secret, ServerSpec server, List<String> tools) {

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
                  .withOptionalSecrets(Set.of("firecrawl_api_url")),
              List.of("firecrawl_search", "firecrawl_scrape")),
          new Preset(
              "slack",
              "slack_bot_token",
              ServerSpec.stdio(
                  "npx",
                  List.of("-y", "@zencoderai/slack-mcp-server@0.0.1"),
                  Map.of(
                      "SLACK_BOT_TOKEN", "secret:slack_bot_token",
                      "SLACK_TEAM_ID", "secret:slack_team_id")),
              List.of("slack_post_message", "slack_list_channels")),
          new Preset(
              "gdrive",
              "gdrive_credentials",
              // An OAuth client ("Desktop app") and the token JSON its one-time consent saved; the
              // server reads the token from GDRIVE_CREDS_DIR and refreshes it itself.
              ServerSpec.stdio(
                  "npx",
                  List.of("-y", "@isaacphi/mcp-gdrive@0.2.0"),
                  Map.of(
                      "CLIENT_ID", "secret:gdrive_client_id",
                      "CLIENT_SECRET", "secret:gdrive_client_secret",
                      "GDRIVE_CREDS_DIR",
                          "secret-file:gdrive_credentials/.gdrive-server-credentials.json")),
              List.of("gdrive_search", "gdrive_read_file")),
          new Preset(
              "paddleocr",
              "paddleocr_url",
              // paddleocr-mcp serves Streamable HTTP (paddleocr_mcp --http); the secret holds its
              // URL.
              ServerSpec.http("secret:paddleocr_url", Map.of()),
              List.of("ocr")));

  static java.util.Optional<Preset> named(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
