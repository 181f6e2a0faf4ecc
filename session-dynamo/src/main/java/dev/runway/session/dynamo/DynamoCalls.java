package dev.runway.session.dynamo;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.error.ServiceErrors;
import dev.runway.core.resilience.ResiliencePolicy;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Runs the session store's DynamoDB calls under its resilience policy and turns the SDK's failures
 * into Runway's: throttling, a missing table (with the fix), a service error by its category, an
 * I/O failure as transient. A failed condition is an expected outcome and passes through.
 */
final class DynamoCalls {

  private final ResiliencePolicy policy;
  private final String table;
  private final String historyTable;

  DynamoCalls(ResiliencePolicy policy, String table, String historyTable) {
    this.policy = policy;
    this.table = table;
    this.historyTable = historyTable;
  }

  /** Runs a DynamoDB call under the resilience policy, translating the SDK's failures. */
  <T> T call(String action, Supplier<T> request) {
    return policy.execute(
        () -> {
          try {
            return request.get();
          } catch (ConditionalCheckFailedException e) {
            throw e; // an expected outcome, handled by the caller
          } catch (ProvisionedThroughputExceededException | RequestLimitExceededException e) {
            throw new RunwayServiceException(
                "DynamoDB throttled " + action, "dynamodb", ErrorCategory.THROTTLED, null, e);
          } catch (ResourceNotFoundException e) {
            throw new RunwayServiceException(
                "DynamoDB table for "
                    + action
                    + " does not exist ("
                    + table
                    + ", "
                    + historyTable
                    + "); create it with DynamoSessionTables.create(...) or set "
                    + "sessions.dynamodb.create-tables: true",
                "dynamodb",
                ErrorCategory.USER_ERROR,
                null,
                e);
          } catch (DynamoDbException e) {
            ErrorCategory category =
                ServiceErrors.category(
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode(),
                    e.statusCode());
            throw new RunwayServiceException(
                "DynamoDB " + action + " failed: " + e.getMessage(), "dynamodb", category, null, e);
          } catch (SdkClientException e) {
            throw new RunwayServiceException(
                "DynamoDB " + action + " failed: " + e.getMessage(),
                "dynamodb",
                ErrorCategory.TRANSIENT,
                null,
                e);
          }
        });
  }
}
