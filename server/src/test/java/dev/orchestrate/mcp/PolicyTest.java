package dev.orchestrate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class PolicyTest {

  @Test
  void internalAddressesAreTheLoopbackPrivateLinkLocalSharedUnspecifiedAndMulticastOnes()
      throws Exception {
    for (String internal :
        List.of(
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1")) {
      assertThat(NetworkPolicy.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
    }
    for (String external : List.of("8.8.8.8", "100.128.0.1", "172.32.0.1", "2001:4860::8888")) {
      assertThat(NetworkPolicy.isInternal(InetAddress.getByName(external))).as(external).isFalse();
    }
  }

  @Test
  void aCommandLineMatchesAnEntryByItsCommandAndLeadingArguments() {
    var allow =
        StdioAllowList.of(
            new McpProperties(
                List.of("npx -y firecrawl-mcp@3.26.0", " node  server.js "),
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                DataSize.ofKilobytes(256)));
    assertThat(allow.allows("npx", List.of("-y", "firecrawl-mcp@3.26.0"))).isTrue();
    assertThat(allow.allows("npx", List.of("-y", "firecrawl-mcp@3.26.0", "--verbose"))).isTrue();
    assertThat(allow.allows("node", List.of("server.js", "stdio"))).isTrue();
    assertThat(allow.allows("npx", List.of("-y", "firecrawl-mcp@3.25.0"))).isFalse();
    assertThat(allow.allows("npx", List.of("-y"))).isFalse();
    assertThat(allow.allows("node", List.of("other.js"))).isFalse();
  }

  @Test
  void withoutEntriesThePresetsCommandLinesAreAllowed() {
    var allow =
        StdioAllowList.of(
            new McpProperties(List.of(), false, null, null, null, null, null, null, null));
    assertThat(allow.allows("npx", List.of("-y", "@zencoderai/slack-mcp-server@0.0.1"))).isTrue();
    assertThat(allow.allows("node", List.of("anything.js"))).isFalse();
  }
}
