/**
 * The error model: {@link dev.runway.core.error.RunwayException}, the unchecked base of every
 * failure Runway reports from a call (split into {@link
 * dev.runway.core.error.RunwayClientException} and {@link
 * dev.runway.core.error.RunwayServiceException}), its {@link dev.runway.core.error.ErrorCategory},
 * {@link dev.runway.core.error.ConfigurationException} for bad configuration, and {@link
 * dev.runway.core.error.ServiceErrors}, which classifies an AWS service's error code and HTTP
 * status the same way for every module. Depends on nothing else in core.
 */
@NullMarked
package dev.runway.core.error;

import org.jspecify.annotations.NullMarked;
