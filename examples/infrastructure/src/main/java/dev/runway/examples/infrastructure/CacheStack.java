package dev.runway.examples.infrastructure;

import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The shared result cache: ElastiCache for Redis (a primary and a replica in two zones, automatic
 * failover), TLS in transit, encryption at rest, and an AUTH token generated into Secrets Manager.
 * Only members of {@link #clientGroup()} reach port 6379. Runway connects with {@code
 * cache.redis.uri: rediss://<primary endpoint>:6379} and {@code cache.redis.password} from the
 * secret.
 */
public final class CacheStack extends Stack {

  private final SecurityGroup clientGroup;
  private final Secret authToken;
  private final CfnReplicationGroup redis;

  /** Creates the stack. */
  public CacheStack(
      Construct scope,
      String id,
      StackProps props,
      Settings settings,
      IVpc vpc,
      SecurityGroup clientGroup) {
    super(scope, id, props);
    this.clientGroup = clientGroup;
    SecurityGroup cacheGroup =
        SecurityGroup.Builder.create(this, "CacheNodes")
            .vpc(vpc)
            .description("The supply-chain Redis nodes")
            .allowAllOutbound(false)
            .build();
    cacheGroup.addIngressRule(clientGroup, Port.tcp(6379), "Redis from its clients only");

    authToken =
        Secret.Builder.create(this, "RedisAuthToken")
            .description("AUTH token of the supply-chain Redis")
            .generateSecretString(
                SecretStringGenerator.builder()
                    .passwordLength(64)
                    // ElastiCache AUTH tokens: printable ASCII without @, " and /
                    .excludePunctuation(true)
                    .build())
            .build();

    CfnSubnetGroup subnets =
        CfnSubnetGroup.Builder.create(this, "CacheSubnets")
            .description("Isolated subnets of the supply-chain Redis")
            .subnetIds(
                vpc.selectSubnets(
                        SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                    .getSubnetIds())
            .build();

    redis =
        CfnReplicationGroup.Builder.create(this, "Redis")
            .replicationGroupDescription("Runway's shared query cache and coordination")
            .engine("redis")
            .engineVersion("7.1")
            .cacheNodeType(settings.cacheNodeType())
            .numCacheClusters(2)
            .automaticFailoverEnabled(true)
            .multiAzEnabled(true)
            .transitEncryptionEnabled(true)
            .atRestEncryptionEnabled(true)
            .authToken(authToken.getSecretValue().unsafeUnwrap()) // a dynamic reference
            .cacheSubnetGroupName(subnets.getRef())
            .securityGroupIds(List.of(cacheGroup.getSecurityGroupId()))
            .port(6379)
            .build();
  }

  /** Returns the group a client joins to reach Redis. */
  public SecurityGroup clientGroup() {
    return clientGroup;
  }

  /** Returns the AUTH token's secret. */
  public Secret authToken() {
    return authToken;
  }

  /** Returns the primary endpoint's address. */
  public String primaryAddress() {
    return redis.getAttrPrimaryEndPointAddress();
  }
}
