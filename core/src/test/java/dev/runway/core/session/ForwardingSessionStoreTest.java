package dev.runway.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingSessionStoreTest {

  /**
   * A decorator that did not forward a default method would run the interface's default on top of
   * the delegate (appendMessages as appendMessage each and a touch), silently losing the store's
   * own implementation: every method of the interface, defaults included, must be forwarded.
   */
  @Test
  void forwardsEveryMethodOfTheInterface_defaultsIncluded() {
    List<String> notForwarded = new ArrayList<>();
    for (Method m : SessionStore.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      try {
        Method own =
            ForwardingSessionStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
        assertThat(own.getDeclaringClass()).isEqualTo(ForwardingSessionStore.class);
      } catch (NoSuchMethodException e) {
        notForwarded.add(m.getName() + m.getParameterTypes().length);
      }
    }
    assertThat(notForwarded).isEmpty();
  }
}
