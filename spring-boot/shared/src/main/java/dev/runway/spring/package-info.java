/**
 * Spring Boot auto-configuration for Runway: {@code runway.*} properties, the {@code Runway} bean
 * and its four components, the {@code runway} health contributor and Micrometer meters.
 */
@NullMarked
package dev.runway.spring;

import org.jspecify.annotations.NullMarked;
