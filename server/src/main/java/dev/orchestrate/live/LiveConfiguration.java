package dev.orchestrate.live;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Registers the live sockets (handshakes as {@link LiveHandshake} says). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableScheduling
class LiveConfiguration implements WebSocketConfigurer {

  private final LiveSocketHandler handler;

  LiveConfiguration(LiveSocketHandler handler) {
    this.handler = handler;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry
        .addHandler(handler, "/ws/execution/*", "/ws/workspace/*")
        .setHandshakeHandler(new LiveHandshake())
        .setAllowedOriginPatterns("*");
  }

  @Scheduled(fixedDelayString = "${orchestrate.live.ping-interval:25s}")
  void ping() {
    handler.pingAll();
  }
}
