package dev.orchestrate.mcp;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SDK's stdio transport, started with exactly the environment it is given and in the servers
 * folder. The SDK copies the service's HOME, LOGNAME, PATH, SHELL, TERM and USER into its
 * parameters and starts from the service's whole environment; both are replaced here.
 */
final class ChildProcessTransport extends StdioClientTransport {

  private static final Field PROCESS = processField();

  private final Path workingDirectory;

  private ChildProcessTransport(
      ServerParameters params, McpJsonMapper json, Path workingDirectory) {
    super(params, json);
    this.workingDirectory = workingDirectory;
  }

  static ChildProcessTransport of(
      String command,
      List<String> args,
      Map<String, String> environment,
      Path workingDirectory,
      McpJsonMapper json) {
    ServerParameters params = ServerParameters.builder(command).args(args).build();
    // The parameters' map is the one the transport copies into the child's environment: replace
    // the service's variables it was seeded with by the child's own.
    params.getEnv().clear();
    params.getEnv().putAll(environment);
    return new ChildProcessTransport(params, json, workingDirectory);
  }

  @Override
  protected ProcessBuilder getProcessBuilder() {
    ProcessBuilder builder = new ProcessBuilder();
    builder.environment().clear();
    builder.directory(workingDirectory.toFile());
    return builder;
  }

  /**
   * The child once started. The SDK keeps it to itself; the registry needs it to notice a crash at
   * once (the SDK would leave the calls in flight waiting until they time out) and to report it.
   */
  Optional<Process> process() {
    try {
      return Optional.ofNullable((Process) PROCESS.get(this));
    } catch (IllegalAccessException e) {
      return Optional.empty();
    }
  }

  private static Field processField() {
    try {
      Field field = StdioClientTransport.class.getDeclaredField("process");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("The MCP SDK's stdio transport changed: no process field", e);
    }
  }
}
