package dev.orchestrate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI description served at /api/docs, with bearer auth declared, describing bodies as the
 * service's JSON mapper reads and writes them.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static {
    // A tree (input, parameters, graph_definition, output) is free-form JSON, not a Java bean.
    SpringDocUtils.getConfig()
        .replaceWithSchema(JsonNode.class, new Schema<>().description("free-form JSON"));
  }

  @Bean
  OpenAPI orchestrateOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Orchestrate API")
                .version("1")
                .description("Agents, pipelines, durable executions, live progress and credits."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }

  /**
   * springdoc reads classes through swagger-core, which uses a Jackson 2 mapper of its own and
   * knows nothing of the service's (Jackson 3) one: it named properties as Java does ({@code
   * pipelineId}), names the API refuses as unknown. This resolver, which replaces swagger-core's,
   * names them with the service mapper's own naming strategy.
   */
  @Bean
  ModelResolver modelResolver(JsonMapper json, SpringDocConfigProperties springdoc) {
    boolean openapi31 = springdoc.isOpenapi31();
    ObjectMapper describer = (openapi31 ? Json31.mapper() : Json.mapper()).copy();
    PropertyNamingStrategy naming = json.serializationConfig().getPropertyNamingStrategy();
    if (naming instanceof tools.jackson.databind.PropertyNamingStrategies.NamingBase base) {
      describer.setPropertyNamingStrategy(
          new PropertyNamingStrategies.NamingBase() {
            @Override
            public String translate(String name) {
              // The standard strategies only look at the name.
              return base.nameForField(null, null, name);
            }
          });
    }
    return new ModelResolver(describer).openapi31(openapi31);
  }
}
