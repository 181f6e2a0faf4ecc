package dev.runway.examples.infrastructure;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The state every instance shares, in DynamoDB, with the keys Runway's {@code DynamoSessionTables}
 * and {@code DynamoCoordination} create: the sessions table (GSI {@code user_id-index}), the
 * conversation history, and the coordination table (cost totals, budgets, lockouts, sign-outs,
 * account quota leases). On-demand billing, TTL on {@code ttl}, point-in-time recovery, kept when
 * the stack is deleted.
 */
public final class StateStack extends Stack {

  /** The sessions table's user index, as {@code DynamoSessionTables.USER_INDEX} names it. */
  public static final String USER_INDEX = "user_id-index";

  private final Table sessions;
  private final Table history;
  private final Table coordination;
  private final ManagedPolicy statePolicy;

  /** Creates the stack. */
  public StateStack(Construct scope, String id, StackProps props, Settings settings) {
    super(scope, id, props);
    sessions = table("SessionTable", settings.prefix() + "-sessions", "session_id", null);
    sessions.addGlobalSecondaryIndex(
        GlobalSecondaryIndexProps.builder()
            .indexName(USER_INDEX)
            .partitionKey(Attribute.builder().name("user_id").type(AttributeType.STRING).build())
            .projectionType(ProjectionType.INCLUDE)
            .nonKeyAttributes(List.of("expires_at"))
            .build());
    history =
        table(
            "ConversationTable",
            settings.prefix() + "-conversations",
            "session_id",
            Attribute.builder().name("timestamp").type(AttributeType.NUMBER).build());
    coordination = table("CoordinationTable", settings.prefix() + "-coordination", "pk", null);

    statePolicy =
        ManagedPolicy.Builder.create(this, "StatePolicy")
            .description("Read and write the supply-chain sessions, history and coordination")
            .statements(
                List.of(
                    PolicyStatement.Builder.create()
                        .sid("SessionsHistoryAndCoordination")
                        .actions(
                            List.of(
                                "dynamodb:GetItem",
                                "dynamodb:PutItem",
                                "dynamodb:UpdateItem",
                                // appendMessages writes a question and its answer in one batch
                                "dynamodb:BatchWriteItem",
                                "dynamodb:DeleteItem",
                                "dynamodb:Query",
                                "dynamodb:DescribeTable",
                                "dynamodb:DescribeTimeToLive"))
                        .resources(
                            List.of(
                                sessions.getTableArn(),
                                sessions.getTableArn() + "/index/" + USER_INDEX,
                                history.getTableArn(),
                                coordination.getTableArn()))
                        .build()))
            .build();
  }

  private Table table(String id, String name, String partitionKey, Attribute sortKey) {
    Table.Builder b =
        Table.Builder.create(this, id)
            .tableName(name)
            .partitionKey(Attribute.builder().name(partitionKey).type(AttributeType.STRING).build())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .timeToLiveAttribute("ttl")
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .encryption(TableEncryption.AWS_MANAGED)
            .removalPolicy(RemovalPolicy.RETAIN);
    if (sortKey != null) {
      b.sortKey(sortKey);
    }
    return b.build();
  }

  /** Returns the sessions table. */
  public Table sessions() {
    return sessions;
  }

  /** Returns the conversation history table. */
  public Table history() {
    return history;
  }

  /** Returns the coordination table. */
  public Table coordination() {
    return coordination;
  }

  /** Returns the policy of a component that keeps sessions and coordinates. */
  public ManagedPolicy statePolicy() {
    return statePolicy;
  }
}
