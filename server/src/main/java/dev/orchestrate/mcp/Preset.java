package dev.orchestrate.mcp;

import java.util.List;
import java.util.Map;

/**
 * A tool service of the original specification, preconfigured in every workspace: the real MCP
 * server it starts once its secret is set, and the tools it offers.
 *
 * @param name the connection's name in graphs ({@code mcp: "firecrawl"})
 * @param secret the workspace secret that switches it from simulated to real
 * @param command the command that starts the real server over stdio
 * @param args its arguments
 * @param env the server's environment, as {@code secret:NAME} references
 * @param tools the tools it offers, simulated until the secret is set
 */
public record Preset(
    String name,
    String secret,
    String command,
    List<String> args,
    Map<String, String> env,
    List<String> tools) {

  /** The four presets of the original specification. */
  public static final List<Preset> ALL =
      List.of(
          new Preset(
              "firecrawl",
              "firecrawl_api_key",
              "npx",
              List.of("-y", "firecrawl-mcp"),
              Map.of("FIRECRAWL_API_KEY", "secret:firecrawl_api_key"),
              List.of("firecrawl_search", "firecrawl_scrape")),
          new Preset(
              "slack",
              "slack_bot_token",
              "npx",
              List.of("-y", "@modelcontextprotocol/server-slack"),
              Map.of("SLACK_BOT_TOKEN", "secret:slack_bot_token"),
              List.of("slack_post_message", "slack_list_channels")),
          new Preset(
              "gdrive",
              "gdrive_service_account_json",
              "npx",
              List.of("-y", "@modelcontextprotocol/server-gdrive"),
              Map.of("GDRIVE_CREDENTIALS_JSON", "secret:gdrive_service_account_json"),
              List.of("gdrive_search", "gdrive_read_file")),
          new Preset(
              "paddleocr",
              "paddleocr_url",
              "npx",
              List.of("-y", "paddleocr-mcp"),
              Map.of("PADDLEOCR_URL", "secret:paddleocr_url"),
              List.of("ocr")));
}
