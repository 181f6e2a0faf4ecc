package dev.runway.auth.cognito;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runway.core.auth.Principal;
import dev.runway.core.local.UserRecord;
import dev.runway.core.local.UsersFile;
import dev.runway.migrate.FallbackAuthProvider;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * Moves the users of a local users file into a Cognito user pool ({@code AdminCreateUser} with
 * {@code MessageAction=SUPPRESS}, the e-mail and {@code custom:personas}; optionally a group per
 * persona). Idempotent and so resumable: a user who exists is reported as such and left alone, so a
 * second run creates nothing. A dry run reads the pool and changes nothing.
 *
 * <p>bcrypt hashes cannot be imported into Cognito, which keeps its own password verifiers. The
 * users therefore arrive without a usable password: either they sign in through {@link
 * FallbackAuthProvider} with their old password, which {@link #lazyMigration()} then sets in
 * Cognito, or an administrator gives them a temporary password (Cognito then asks for a new one,
 * {@code NEW_PASSWORD_REQUIRED}).
 */
public final class CognitoUserMigrator {

  /** What happened to one user. */
  public enum Status {
    /** Created in the pool. */
    CREATED,
    /** Already in the pool; left alone. */
    EXISTS,
    /** Would be created (dry run). */
    WOULD_CREATE,
    /** Deactivated in the file; not migrated. */
    SKIPPED_INACTIVE,
    /** The call failed; see the detail. Re-running retries it. */
    FAILED
  }

  /**
   * One user's outcome.
   *
   * @param username the user
   * @param status what happened
   * @param detail why, for failures
   */
  public record Outcome(String username, Status status, @Nullable String detail) {}

  /**
   * The report of a run.
   *
   * @param dryRun whether nothing was changed
   * @param outcomes each user's outcome, in file order
   */
  public record Report(boolean dryRun, List<Outcome> outcomes) {
    /** Explains what migrated users need to sign in. */
    public static final String PASSWORD_NOTE =
        "bcrypt hashes cannot be imported into Cognito: migrated users "
            + "sign in once through FallbackAuthProvider with their old password (which is then set in Cognito), "
            + "or get a temporary password from an administrator and choose a new one.";

    /** Returns the number of users per status. */
    public Map<Status, Integer> counts() {
      Map<Status, Integer> m = new EnumMap<>(Status.class);
      outcomes.forEach(o -> m.merge(o.status(), 1, Integer::sum));
      return m;
    }

    /** Returns whether no user failed. */
    public boolean succeeded() {
      return outcomes.stream().noneMatch(o -> o.status() == Status.FAILED);
    }

    /** Returns the report as JSON. */
    public String toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dryRun", dryRun);
      m.put("counts", counts());
      m.put("note", PASSWORD_NOTE);
      m.put("users", outcomes);
      try {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** Returns the report as Markdown. */
    public String toMarkdown() {
      StringBuilder sb =
          new StringBuilder("# Cognito user migration")
              .append(dryRun ? " (dry run)" : "")
              .append("\n\n")
              .append(counts())
              .append("\n\n")
              .append(PASSWORD_NOTE)
              .append("\n\n| user | status | detail |\n|---|---|---|\n");
      outcomes.forEach(
          o ->
              sb.append("| ")
                  .append(o.username())
                  .append(" | ")
                  .append(o.status())
                  .append(" | ")
                  .append(o.detail() == null ? "" : o.detail().replace("|", "/"))
                  .append(" |\n"));
      return sb.toString();
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(CognitoUserMigrator.class);

  private final Set<String> policyRejected = ConcurrentHashMap.newKeySet();
  private final CognitoIdentityProviderClient client;
  private final String userPoolId;
  private final String personaAttribute;
  private final boolean groups;

  private CognitoUserMigrator(
      CognitoIdentityProviderClient client,
      String userPoolId,
      String personaAttribute,
      boolean groups) {
    this.client = client;
    this.userPoolId = userPoolId;
    this.personaAttribute = personaAttribute;
    this.groups = groups;
  }

  /** Returns a migrator into {@code userPoolId} writing personas to {@code custom:personas}. */
  public static CognitoUserMigrator into(CognitoIdentityProviderClient client, String userPoolId) {
    return new CognitoUserMigrator(
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(userPoolId, "userPoolId"),
        "custom:personas",
        false);
  }

  /** Returns a migrator that also adds each user to a group per persona (created when missing). */
  public CognitoUserMigrator withPersonaGroups() {
    return new CognitoUserMigrator(client, userPoolId, personaAttribute, true);
  }

  /** Migrates every active user of {@code file}; {@code progress} hears each outcome. */
  public Report migrate(UsersFile file, boolean dryRun, Consumer<Outcome> progress) {
    List<Outcome> outcomes = new ArrayList<>();
    for (UserRecord u : file.users()) {
      Outcome o = migrateOne(u, dryRun);
      outcomes.add(o);
      progress.accept(o);
    }
    return new Report(dryRun, List.copyOf(outcomes));
  }

  private Outcome migrateOne(UserRecord u, boolean dryRun) {
    if (!u.active()) {
      return new Outcome(u.username(), Status.SKIPPED_INACTIVE, null);
    }
    try {
      if (dryRun) {
        try {
          client.adminGetUser(b -> b.userPoolId(userPoolId).username(u.username()));
          return new Outcome(u.username(), Status.EXISTS, null);
        } catch (UserNotFoundException e) {
          return new Outcome(u.username(), Status.WOULD_CREATE, null);
        }
      }
      try {
        create(u.username(), u.email(), u.personas());
      } catch (UsernameExistsException e) {
        return new Outcome(u.username(), Status.EXISTS, null);
      }
      return new Outcome(u.username(), Status.CREATED, null);
    } catch (SdkException | IllegalArgumentException e) {
      return new Outcome(
          u.username(), Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void create(String username, @Nullable String email, List<String> personas) {
    List<AttributeType> attrs = new ArrayList<>();
    if (email != null) {
      attrs.add(AttributeType.builder().name("email").value(email).build());
    }
    if (!personas.isEmpty()) {
      attrs.add(
          AttributeType.builder().name(personaAttribute).value(String.join(",", personas)).build());
    }
    client.adminCreateUser(
        b ->
            b.userPoolId(userPoolId)
                .username(username)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(attrs));
    if (groups) {
      for (String p : personas) {
        String group = PersonaGroups.groupName(p);
        try {
          client.createGroup(b -> b.userPoolId(userPoolId).groupName(group));
        } catch (GroupExistsException exists) {
          // the group is there already
        }
        // any other failure to create the group reaches the caller (the report shows it as FAILED)
        client.adminAddUserToGroup(
            b -> b.userPoolId(userPoolId).username(username).groupName(group));
      }
    }
  }

  /**
   * Returns the {@link FallbackAuthProvider.Migration} that creates a user who signed in with the
   * old provider (if the bulk run has not already) and sets their password, permanent, so that
   * their next sign-in is Cognito's.
   */
  public FallbackAuthProvider.Migration lazyMigration() {
    return (Principal p, String password) -> {
      if (policyRejected.contains(p.username())) {
        throw new PasswordPolicyException(
            p.username()); // reported once already; no call per sign-in
      }
      try {
        create(p.username(), p.email().orElse(null), List.copyOf(p.personas()));
      } catch (UsernameExistsException exists) {
        // created by the bulk migration; only the password is missing
      }
      try {
        client.adminSetUserPassword(
            b ->
                b.userPoolId(userPoolId).username(p.username()).password(password).permanent(true));
      } catch (InvalidPasswordException e) {
        // The legacy password does not meet the pool's policy, so it cannot become the Cognito
        // password: the user stays on the users file until the team chooses (README): a temporary
        // password (AdminCreateUser with one: NEW_PASSWORD_REQUIRED at the next Cognito sign-in),
        // or a reset (AdminResetUserPassword: a code by e-mail or SMS).
        if (policyRejected.add(p.username())) {
          LOG.warn(
              "user {} cannot be migrated with their current password: it does not meet the user pool's "
                  + "password policy; they keep signing in from the users file (send a temporary password or a "
                  + "reset to move them)",
              p.username());
        }
        throw new PasswordPolicyException(p.username());
      }
    };
  }

  /**
   * Returns the users whose legacy password the pool's password policy refused during lazy
   * migration (no password in it): they keep signing in from the users file until a team sends them
   * a temporary password or a reset.
   */
  public Set<String> passwordPolicyRejections() {
    return Set.copyOf(policyRejected);
  }

  /** A legacy password the pool's policy refuses; the user stays on the old provider. */
  public static final class PasswordPolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PasswordPolicyException(String username) {
      super("the password of " + username + " does not meet the user pool's password policy");
    }
  }
}
