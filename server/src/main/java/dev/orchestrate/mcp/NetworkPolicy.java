package dev.orchestrate.mcp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Keeps HTTP connections off the service's own networks unless the deployment allows them ({@code
 * ORCHESTRATE_MCP_ALLOW_PRIVATE_NETWORKS}): loopback, link-local, private (RFC 1918, unique local
 * fc00::/7, shared 100.64.0.0/10), unspecified and multicast addresses are refused. A name is
 * refused when any address it resolves to is, checked when the URL is saved (if it resolves then)
 * and again every time a client connects, so a name that later resolves inward is still refused.
 */
final class NetworkPolicy {

  private final boolean allowPrivate;

  NetworkPolicy(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** Why {@code host} may not be reached, if it may not; a name that does not resolve passes. */
  Optional<String> refusalAtSave(String host) {
    try {
      return refusal(host);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Why {@code host} may not be reached now; a name that does not resolve cannot be reached. */
  Optional<String> refusalAtConnect(String host) {
    try {
      return refusal(host);
    } catch (UnknownHostException e) {
      return Optional.of("the host '" + host + "' is unknown (it does not resolve)");
    }
  }

  private Optional<String> refusal(String host) throws UnknownHostException {
    if (allowPrivate) {
      return Optional.empty();
    }
    for (InetAddress address : InetAddress.getAllByName(host)) {
      if (isInternal(address)) {
        return Optional.of(
            "'"
                + host
                + "' resolves to "
                + address.getHostAddress()
                + ", a loopback, private, link-local or multicast address; this deployment does"
                + " not allow MCP connections to its own networks"
                + " (ORCHESTRATE_MCP_ALLOW_PRIVATE_NETWORKS)");
      }
    }
    return Optional.empty();
  }

  static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || (first == 100 && second >= 64 && second <= 127) // shared address space (CGNAT)
          || (first == 255 && second == 255 && (b[2] & b[3] & 0xff) == 0xff); // broadcast
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) { // unique local fc00::/7
        return true;
      }
      if (isNat64(b)) {
        try {
          return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  /** 64:ff9b::/96, which a NAT64 gateway translates to the IPv4 address in its last four bytes. */
  private static boolean isNat64(byte[] b) {
    byte[] prefix = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
