package dev.orchestrate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.database.Tenancy;
import dev.orchestrate.support.Api;
import dev.orchestrate.support.FakeProviders.Reply;
import dev.orchestrate.support.McpServers;
import dev.orchestrate.support.ServiceTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Canary secrets, used for real by executions (a workspace provider key, a stdio server's variable,
 * an HTTP server's header) and echoed back by a provider that refuses one, then looked for
 * everywhere a value could leak: every GET of the OpenAPI description, the answers the test got,
 * every text, JSON and byte column of every table, and everything the service logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretCanaryIT extends ServiceTest {

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

  @Autowired Tenancy tenancy;

  private final List<Api.Response> answers = new ArrayList<>();

  @Test
  void secretsUsedByExecutionsAppearInNoAnswerEventAuditRowColumnOrLogLine(CapturedOutput log) {
    String tag = UUID.randomUUID().toString().replace("-", "");
    String providerKey = "sk-ant-canary-" + tag;
    String variable = "canary-variable-" + tag;
    String header = "canary-header-" + tag;
    List<String> canaries = List.of(providerKey, variable, header);

    var user = api.signUp();
    var executions = new Executions(api, user, tenancy, jdbc);
    putSecret(user, "anthropic_api_key", providerKey);
    putSecret(user, "canary_variable", variable);
    putSecret(user, "canary_header", header);
    String stdio =
        connect(user, McpServers.stdio("canary-stdio", Map.of("TOKEN", "secret:canary_variable")));
    String http =
        connect(
            user,
            McpServers.http(
                "canary-http", McpServers.httpUrl(), Map.of("X-Canary", "secret:canary_header")));

    String marker = "#canary-" + tag + "#";
    executions.agent("canary", marker);
    providers
        .anthropic()
        .when(marker)
        .reply(
            Reply.toolUse("toolu_echo", "canary-stdio__echo", "{\"message\": \"hello\"}"),
            Reply.text("도구가 hello라고 답했습니다."));
    JsonNode completed =
        executions.run(
            """
            {'entry_point': 'start', 'nodes': [
               {'id': 'start', 'type': 'trigger', 'label': 'Start'},
               {'id': 'ask', 'type': 'agent_call', 'label': 'Ask', 'agent_slug': 'canary',
                'prompt': 'echo hello', 'tools': [{'mcp': 'canary-stdio', 'tool': 'echo'}]},
               {'id': 'fetch', 'type': 'mcp_tool', 'label': 'Fetch', 'mcp': 'canary-http',
                'tool': 'echo', 'arguments': {'message': 'over http'}},
               {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
             'edges': [{'from': 'start', 'to': 'ask'}, {'from': 'ask', 'to': 'fetch'},
                       {'from': 'fetch', 'to': 'done'}]}
            """,
            Map.of(),
            "completed");
    // The secrets were really used: the provider got the key, both servers answered.
    var served = providers.anthropic().when(marker).requests();
    // SDK 3.x sends an Anthropic key as a bearer token.
    assertThat(served)
        .extracting(r -> r.header("authorization"))
        .containsOnly("Bearer " + providerKey);
    assertThat(Executions.step(completed, "fetch").get("output").toString()).contains("over http");

    // A provider that refuses the key and quotes it back.
    String refusedMarker = "#refused-" + tag + "#";
    executions.agent("refused", refusedMarker);
    providers.anthropic().when(refusedMarker).otherwise(Reply.status(401));
    executions.run(
        """
        {'entry_point': 'start', 'nodes': [
           {'id': 'start', 'type': 'trigger', 'label': 'Start'},
           {'id': 'ask', 'type': 'agent_call', 'label': 'Ask', 'agent_slug': 'refused',
            'prompt': 'go'},
           {'id': 'done', 'type': 'finalize', 'label': 'Done'}],
         'edges': [{'from': 'start', 'to': 'ask'}, {'from': 'ask', 'to': 'done'}]}
        """,
        Map.of(),
        "failed");
    answers.add(
        api.post(
            user.ws() + "/mcp-connections/" + stdio + "/tools/echo/call",
            user.token(),
            Map.of("arguments", Map.of("message", "direct"))));
    answers.add(api.post(user.ws() + "/mcp-connections/" + http + "/test", user.token(), Map.of()));

    int swept = sweepEveryGet(user, Map.of("executionId", completed.get("id").asString()));
    assertThat(swept).as("GET paths answered 200").isGreaterThanOrEqualTo(15);
    for (Api.Response answer : answers) {
      for (String canary : canaries) {
        assertThat(answer.raw()).as(answer.toString()).doesNotContain(canary);
      }
    }
    // The sweeps find what is there: the agent's marker is in its system prompt, stored and shown.
    assertThat(answers).anyMatch(answer -> answer.raw().contains(marker));
    assertThat(columnsHolding(marker)).contains("agents.system_prompt");
    for (String canary : canaries) {
      assertThat(columnsHolding(canary)).as("columns holding " + canary).isEmpty();
    }
    // The capture saw the service's own lines for this run, so an empty match means something.
    assertThat(log.getAll()).contains("canary-stdio");
    for (String canary : canaries) {
      assertThat(log.getAll()).doesNotContain(canary);
    }
  }

  /**
   * Calls every GET path of the service's OpenAPI description whose path parameters this workspace
   * can fill, with every id the workspace has; returns how many answered 200.
   */
  private int sweepEveryGet(Api.Session user, Map<String, String> known) {
    Map<String, List<String>> ids = new HashMap<>();
    ids.put("workspaceId", List.of(user.workspaceId().toString()));
    ids.put("executionId", List.of(known.get("executionId")));
    ids.put("agentId", idsOf(api.get(user.ws() + "/agents", user.token())));
    ids.put("pipelineId", idsOf(api.get(user.ws() + "/pipelines", user.token())));
    ids.put("connectionId", idsOf(api.get(user.ws() + "/mcp-connections", user.token())));
    ids.put("version", List.of("1"));
    ids.put("tool", List.of("echo"));
    var executionList = api.get(user.ws() + "/executions", user.token());
    ids.put("executionId", idsOf(executionList));

    JsonNode paths = api.get("/api/docs", null).body().get("paths");
    int ok = 0;
    for (String template : paths.propertyNames()) {
      if (!paths.get(template).has("get") || template.endsWith("/events")) {
        continue; // the event stream replays the execution_events rows swept below
      }
      for (String path : expand(template, ids)) {
        var answer = api.get(path, user.token());
        answers.add(answer);
        if (answer.status() == 200) {
          ok++;
        }
      }
    }
    return ok;
  }

  private static List<String> expand(String template, Map<String, List<String>> ids) {
    Matcher m = PATH_PARAMETER.matcher(template);
    if (!m.find()) {
      return List.of(template);
    }
    List<String> values = ids.getOrDefault(m.group(1), List.of());
    List<String> paths = new ArrayList<>();
    for (String value : values) {
      paths.addAll(expand(template.replace("{" + m.group(1) + "}", value), ids));
    }
    return paths;
  }

  private static List<String> idsOf(Api.Response list) {
    assertThat(list.status()).as(list.raw()).isEqualTo(200);
    return list.body().valueStream().map(item -> item.get("id").asString()).toList();
  }

  /** Every column of every table, text, JSON or bytes, that holds the canary anywhere. */
  private List<String> columnsHolding(String canary) {
    return tenancy.inSystemTransaction(
        "test sweeps for a canary",
        () -> {
          List<String> holding = new ArrayList<>();
          var columns =
              jdbc.sql(
                      """
                      SELECT table_name, column_name, data_type FROM information_schema.columns
                      WHERE table_schema = 'public'
                        AND data_type IN ('text', 'character varying', 'character', 'json',
                                          'jsonb', 'bytea', 'ARRAY')
                      """)
                  .query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                  .list();
          for (List<String> column : columns) {
            String value =
                column.get(2).equals("bytea")
                    ? "position(convert_to(:canary, 'UTF8') in \"%s\") > 0"
                    : "strpos(\"%s\"::text, :canary) > 0";
            String sql =
                "SELECT count(*) FROM \"%s\" WHERE ".formatted(column.get(0))
                    + value.formatted(column.get(1));
            long rows = jdbc.sql(sql).param("canary", canary).query(Long.class).single();
            if (rows > 0) {
              holding.add(column.get(0) + "." + column.get(1));
            }
          }
          assertThat(columns).as("columns swept").hasSizeGreaterThan(50);
          return holding;
        });
  }

  private void putSecret(Api.Session user, String name, String value) {
    var r = api.put(user.ws() + "/secrets/" + name, user.token(), Map.of("value", value));
    answers.add(r);
    assertThat(r.status()).as(r.raw()).isEqualTo(204);
  }

  private String connect(Api.Session user, Map<String, Object> connection) {
    var r = api.post(user.ws() + "/mcp-connections", user.token(), connection);
    answers.add(r);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().get("id").asString();
  }
}
