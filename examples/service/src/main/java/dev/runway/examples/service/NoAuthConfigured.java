package dev.runway.examples.service;

import dev.runway.spring.RunwayProperties;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when Runway's configuration (the {@code runway.*} properties and the file named by {@code
 * runway.config-file}) does not choose an auth provider: the service then signs in the bundled demo
 * users.
 */
final class NoAuthConfigured implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    var auth = RunwayProperties.load(context.getEnvironment()).root().section("auth");
    return !auth.has("type") && !auth.has("local") && !auth.has("cognito");
  }
}
