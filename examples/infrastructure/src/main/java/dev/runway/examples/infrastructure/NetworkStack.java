package dev.runway.examples.infrastructure;

import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The network the cache and the service run in: two availability zones, public subnets for the load
 * balancer, private ones (one NAT gateway) for the tasks, isolated ones for Redis and Redshift, and
 * gateway endpoints so that S3 and DynamoDB traffic stays off the NAT gateway.
 */
public final class NetworkStack extends Stack {

  private final IVpc vpc;
  private final SecurityGroup cacheClients;

  /** Creates the stack. */
  public NetworkStack(Construct scope, String id, StackProps props, Settings settings) {
    super(scope, id, props);
    this.vpc =
        Vpc.Builder.create(this, "Vpc")
            .vpcName(settings.prefix())
            .maxAzs(2)
            .natGateways(1)
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build(),
                    SubnetConfiguration.builder()
                        .name("private")
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .cidrMask(22)
                        .build(),
                    SubnetConfiguration.builder()
                        .name("isolated")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
            .gatewayEndpoints(
                java.util.Map.of(
                    "S3",
                    GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .build(),
                    "DynamoDb",
                    GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.DYNAMODB)
                        .build()))
            .build();
    cacheClients =
        SecurityGroup.Builder.create(this, "CacheClients")
            .vpc(vpc)
            .description("Members may connect to the supply-chain Redis (and Redshift)")
            .allowAllOutbound(true)
            .build();
  }

  /**
   * Returns the group whose members reach Redis (and Redshift): the service's tasks and the Lambda
   * function. It lives here, beneath both the cache and its clients, so that neither stack refers
   * to the other's groups.
   */
  public SecurityGroup cacheClients() {
    return cacheClients;
  }

  /** Returns the VPC. */
  public IVpc vpc() {
    return vpc;
  }
}
