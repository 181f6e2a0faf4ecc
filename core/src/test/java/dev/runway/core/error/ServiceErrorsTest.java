package dev.runway.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceErrorsTest {

  @Test
  void category_byCodeAndStatus() {
    assertThat(ServiceErrors.category("ThrottlingException", 400))
        .isEqualTo(ErrorCategory.THROTTLED);
    assertThat(ServiceErrors.category("ProvisionedThroughputExceededException", 400))
        .isEqualTo(ErrorCategory.THROTTLED);
    assertThat(ServiceErrors.category("TooManyRequestsException", 400))
        .isEqualTo(ErrorCategory.THROTTLED);
    assertThat(ServiceErrors.category(null, 429)).isEqualTo(ErrorCategory.THROTTLED);
    assertThat(ServiceErrors.category("InternalServerException", 500))
        .isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(ServiceErrors.category("Anything", 502)).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(ServiceErrors.category("ServiceUnavailable", 503))
        .isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(ServiceErrors.category(null, 503)).isEqualTo(ErrorCategory.UNAVAILABLE);
    assertThat(ServiceErrors.category("ValidationException", 400))
        .isEqualTo(ErrorCategory.USER_ERROR);
    assertThat(ServiceErrors.category("AccessDeniedException", 403))
        .isEqualTo(ErrorCategory.USER_ERROR);
    assertThat(ServiceErrors.category(null, 0)).isEqualTo(ErrorCategory.TRANSIENT);
  }
}
