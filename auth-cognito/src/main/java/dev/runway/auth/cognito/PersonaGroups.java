package dev.runway.auth.cognito;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Maps persona names to Cognito group names and back. Cognito's {@code CreateGroup} accepts a
 * {@code GroupName} of 1 to 128 characters matching {@code [\p{L}\p{M}\p{S}\p{N}\p{P}]+} (Cognito
 * API reference): letters, marks, symbols, numbers and punctuation, no spaces. Personas such as
 * "Warehouse Manager" have spaces, so the rule is: a space is written {@code _}, and the two
 * characters that then need escaping are preceded by {@code ~} ({@code _} as {@code ~_}, {@code ~}
 * as {@code ~~}); reading a group name undoes it. "Warehouse Manager" is the group {@code
 * Warehouse_Manager}; "a_b c" is {@code a~_b_c}. A persona with other whitespace, or one whose
 * group name would be over 128 characters, is refused with the reason.
 */
public final class PersonaGroups {

  private static final Pattern GROUP_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");

  private PersonaGroups() {}

  /**
   * Returns the Cognito group name of {@code persona}.
   *
   * @throws IllegalArgumentException when the persona cannot be a group name by this rule
   */
  public static String groupName(String persona) {
    Objects.requireNonNull(persona, "persona");
    StringBuilder b = new StringBuilder(persona.length() + 8);
    for (int i = 0; i < persona.length(); i++) {
      char c = persona.charAt(i);
      switch (c) {
        case '~' -> b.append("~~");
        case '_' -> b.append("~_");
        case ' ' -> b.append('_');
        default -> b.append(c);
      }
    }
    String name = b.toString();
    if (name.isEmpty() || name.length() > 128 || !GROUP_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "persona '"
              + persona
              + "' cannot be a Cognito group name (1 to 128 "
              + "letters, numbers, symbols or punctuation; spaces are written _): rename it");
    }
    return name;
  }

  /** Returns the persona a group name stands for (the inverse of {@link #groupName}). */
  public static String persona(String groupName) {
    Objects.requireNonNull(groupName, "groupName");
    StringBuilder out = new StringBuilder(groupName.length());
    for (int i = 0; i < groupName.length(); i++) {
      char c = groupName.charAt(i);
      if (c == '~' && i + 1 < groupName.length()) {
        out.append(groupName.charAt(++i));
      } else {
        out.append(c == '_' ? ' ' : c);
      }
    }
    return out.toString();
  }
}
