package dev.orchestrate.web;

import java.io.IOException;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the web app (built from {@code web/} into {@code classpath:/static/}) at {@code /}. Its
 * routes live in the browser, so a reload of {@code /executions/…} must answer {@code index.html};
 * anything under the service's own prefixes, and any missing file (a name with a dot), stays a
 * problem+json 404. Boot's default {@code /**} mapping is switched off in application.yml so this
 * one is the only one, whatever the order of configurers.
 */
@Configuration(proxyBeanMethods = false)
class SinglePageApp implements WebMvcConfigurer {

  /** First path segments that belong to the service, never to the app. */
  private static final Set<String> SERVICE_PREFIXES =
      Set.of("api", "orchestrate", "ws", "health", "metrics", "actuator", "swagger-ui", "error");

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler("/**")
        .addResourceLocations("classpath:/static/")
        // Asset names carry a content hash; index.html must be asked for again after a deploy.
        .setCacheControl(CacheControl.noCache())
        .resourceChain(true)
        .addResolver(new AppRoutes());
  }

  static boolean isAppRoute(String path) {
    String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
    String last = path.substring(path.lastIndexOf('/') + 1);
    return !SERVICE_PREFIXES.contains(first) && !last.contains(".");
  }

  private static final class AppRoutes extends PathResourceResolver {
    @Override
    protected Resource getResource(String resourcePath, Resource location) throws IOException {
      Resource file = super.getResource(resourcePath, location);
      if (file != null || !isAppRoute(resourcePath)) {
        return file;
      }
      return super.getResource("index.html", location);
    }
  }
}
