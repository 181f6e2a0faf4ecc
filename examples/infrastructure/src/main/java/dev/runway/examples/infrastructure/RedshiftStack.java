package dev.runway.examples.infrastructure;

import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.redshift.CfnCluster;
import software.amazon.awscdk.services.redshift.CfnClusterSubnetGroup;
import software.amazon.awscdk.services.redshiftserverless.CfnNamespace;
import software.amazon.awscdk.services.redshiftserverless.CfnWorkgroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * Redshift for teams that move from Athena to it: a Serverless namespace and workgroup, or a
 * provisioned cluster, in the isolated subnets, encrypted, with the admin password generated into
 * Secrets Manager. Runway reaches it through the Data API ({@code database.redshift.mode:
 * data-api}); {@link #dataApiPolicy()} is what that needs, on this workgroup or cluster only.
 */
public final class RedshiftStack extends Stack {

  private final ManagedPolicy dataApiPolicy;
  private final String clusterIdentifier;

  /** Creates the stack; {@code settings.redshift()} must not be NONE. */
  public RedshiftStack(
      Construct scope,
      String id,
      StackProps props,
      Settings settings,
      IVpc vpc,
      SecurityGroup clients) {
    super(scope, id, props);
    SecurityGroup group =
        SecurityGroup.Builder.create(this, "RedshiftGroup")
            .vpc(vpc)
            .description("Redshift, reachable from Runway's hosts only")
            .allowAllOutbound(false)
            .build();
    group.addIngressRule(clients, Port.tcp(5439), "Redshift from Runway's hosts");
    Secret admin =
        Secret.Builder.create(this, "AdminPassword")
            .description("Redshift admin password")
            .generateSecretString(
                SecretStringGenerator.builder()
                    .secretStringTemplate("{\"username\":\"admin\"}")
                    .generateStringKey("password")
                    .passwordLength(32)
                    .excludeCharacters("\"'\\/@ ")
                    .build())
            .build();
    List<String> subnets =
        vpc.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .getSubnetIds();
    String database = "supply_chain";
    PolicyStatement dataApi;
    if (settings.redshift() == Settings.RedshiftOption.SERVERLESS) {
      CfnNamespace namespace =
          CfnNamespace.Builder.create(this, "Namespace")
              .namespaceName(settings.prefix())
              .dbName(database)
              .adminUsername("admin")
              .adminUserPassword(admin.secretValueFromJson("password").unsafeUnwrap())
              .build();
      CfnWorkgroup workgroup =
          CfnWorkgroup.Builder.create(this, "Workgroup")
              .workgroupName(settings.prefix())
              .namespaceName(namespace.getNamespaceName())
              .baseCapacity(settings.redshiftBaseRpu())
              .subnetIds(subnets)
              .securityGroupIds(List.of(group.getSecurityGroupId()))
              .publiclyAccessible(false)
              .enhancedVpcRouting(true)
              .build();
      workgroup.addDependency(namespace);
      clusterIdentifier = "";
      dataApi =
          PolicyStatement.Builder.create()
              .sid("DataApiOnTheWorkgroup")
              .actions(
                  List.of("redshift-data:ExecuteStatement", "redshift-serverless:GetCredentials"))
              .resources(List.of(workgroup.getAttrWorkgroupWorkgroupArn()))
              .build();
    } else {
      CfnClusterSubnetGroup subnetGroup =
          CfnClusterSubnetGroup.Builder.create(this, "Subnets")
              .description("Isolated subnets of the supply-chain Redshift cluster")
              .subnetIds(subnets)
              .build();
      CfnCluster cluster =
          CfnCluster.Builder.create(this, "Cluster")
              .clusterIdentifier(settings.prefix())
              .clusterType(settings.redshiftNodes() > 1 ? "multi-node" : "single-node")
              .numberOfNodes(settings.redshiftNodes() > 1 ? settings.redshiftNodes() : null)
              .nodeType(settings.redshiftNodeType())
              .dbName(database)
              .masterUsername("admin")
              .masterUserPassword(admin.secretValueFromJson("password").unsafeUnwrap())
              .encrypted(true)
              .publiclyAccessible(false)
              .enhancedVpcRouting(true)
              .clusterSubnetGroupName(subnetGroup.getRef())
              .vpcSecurityGroupIds(List.of(group.getSecurityGroupId()))
              .build();
      clusterIdentifier = settings.prefix();
      dataApi =
          PolicyStatement.Builder.create()
              .sid("DataApiOnTheCluster")
              .actions(List.of("redshift-data:ExecuteStatement", "redshift:GetClusterCredentials"))
              .resources(
                  List.of(
                      redshiftArn("cluster", clusterIdentifier),
                      redshiftArn("dbuser", clusterIdentifier + "/*"),
                      redshiftArn("dbname", clusterIdentifier + "/" + database)))
              .build();
    }
    dataApiPolicy =
        ManagedPolicy.Builder.create(this, "DataApiPolicy")
            .description("Run statements on the supply-chain Redshift through the Data API")
            .statements(
                List.of(
                    dataApi,
                    // the Data API's statement calls name a statement id, not a resource; they
                    // reach only statements the same identity ran
                    PolicyStatement.Builder.create()
                        .sid("FollowOwnStatements")
                        .actions(
                            List.of(
                                "redshift-data:DescribeStatement",
                                "redshift-data:GetStatementResult",
                                "redshift-data:CancelStatement",
                                "redshift-data:ListStatements"))
                        .resources(List.of("*"))
                        .conditions(
                            java.util.Map.of(
                                "StringEquals",
                                java.util.Map.of(
                                    "redshift-data:statement-owner-iam-userid", "${aws:userid}")))
                        .build()))
            .build();
  }

  /** {@code arn:<partition>:redshift:<region>:<account>:<resource>:<name>} in this stack. */
  private String redshiftArn(String resource, String name) {
    return formatArn(
        ArnComponents.builder()
            .service("redshift")
            .resource(resource)
            .resourceName(name)
            .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
            .build());
  }

  /** Returns what the Data API needs. */
  public ManagedPolicy dataApiPolicy() {
    return dataApiPolicy;
  }

  /** Returns the provisioned cluster's identifier, or empty for Serverless. */
  public String clusterIdentifier() {
    return clusterIdentifier;
  }
}
