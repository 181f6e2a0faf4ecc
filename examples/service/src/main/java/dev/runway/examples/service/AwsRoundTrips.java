package dev.runway.examples.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every HTTP request the service's AWS clients send (retries included) in the counter
 * {@value #NAME}, tagged with the service and the operation ({@code DynamoDB}, {@code GetItem}):
 * the round trips behind each API call, which {@code LoadTest} prints per request. The SDK loads it
 * into every client it builds from the classpath resource {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors}, so Runway's own clients count
 * too, with no change to how they are built. Micrometer's global registry is the one Spring Boot
 * exposes at {@code /actuator/metrics}.
 */
public final class AwsRoundTrips implements ExecutionInterceptor {

  /** The counter's name. */
  public static final String NAME = "aws.round.trips";

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    Counter.builder(NAME)
        .description("HTTP requests sent by the AWS SDK's clients, retries included")
        .tag("service", String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)))
        .tag(
            "operation",
            String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
        .register(Metrics.globalRegistry)
        .increment();
  }
}
