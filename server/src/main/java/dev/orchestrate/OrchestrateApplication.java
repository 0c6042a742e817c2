package dev.orchestrate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Orchestrate service: agents, pipelines, durable executions, live progress, credits. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrchestrateApplication {

  public static void main(String[] args) {
    SpringApplication.run(OrchestrateApplication.class, args);
  }
}
