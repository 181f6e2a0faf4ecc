package dev.runway.examples.service;

import dev.runway.core.Runway;
import dev.runway.core.auth.AuthProvider;
import dev.runway.core.cost.CostTracker;
import dev.runway.examples.assistant.DemoUsers;
import dev.runway.examples.assistant.Interpreters;
import dev.runway.examples.assistant.QuestionInterpreter;
import dev.runway.examples.assistant.SupplyChainAssistant;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The supply-chain assistant as a Spring Boot web application on the Runway starter: the REST API
 * of the assistant under {@code /api/v1}, its web page at {@code /}, {@code /health} for the load
 * balancer, and Actuator's metrics. Which database, cache, session store and identity provider it
 * uses is configuration only ({@code runway.*}, see {@code examples/config/}).
 */
@SpringBootApplication
public class AssistantApplication {

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(AssistantApplication.class, args);
  }

  /**
   * Today's query costs, every instance's: a listener of Runway's queries (the starter picks it up)
   * that adds to counters on Runway's coordination (asked for at the first query, when Runway
   * exists).
   */
  @Bean
  CostTracker costTracker(ObjectProvider<Runway> runway) {
    return CostTracker.shared(
        () -> runway.getObject().coordination(), null, alert -> {}, Clock.systemUTC());
  }

  /** The bundled demo users, unless Runway's configuration chooses an auth provider. */
  @Bean
  @Conditional(NoAuthConfigured.class)
  AuthProvider demoUsers() {
    return DemoUsers.provider();
  }

  /**
   * The application layer, shared with the Lambda handler; {@code assistant.interpreter} chooses
   * named questions (the default) or Amazon Bedrock ({@code assistant.bedrock.*}, see {@link
   * Interpreters}).
   */
  @Bean
  SupplyChainAssistant assistant(
      Runway runway,
      CostTracker costs,
      Environment env,
      @Value("${assistant.demo-data.scale:1}") int scale) {
    QuestionInterpreter interpreter =
        Interpreters.fromSettings(env::getProperty, runway.rawDatabase());
    SupplyChainAssistant.seedEmbeddedData(runway.rawDatabase(), scale);
    return new SupplyChainAssistant(runway, costs, interpreter);
  }

  /**
   * CORS for the API, from {@code assistant.cors.allowed-origins} (none by default: the page is
   * same-origin).
   */
  @Bean
  WebMvcConfigurer cors(@Value("${assistant.cors.allowed-origins:}") String[] origins) {
    return new WebMvcConfigurer() {
      @Override
      public void addCorsMappings(CorsRegistry registry) {
        if (origins.length > 0) {
          registry
              .addMapping("/api/**")
              .allowedOrigins(origins)
              .allowedMethods("GET", "POST", "OPTIONS")
              .allowedHeaders("Authorization", "Content-Type")
              .maxAge(3600);
        }
      }
    };
  }
}
