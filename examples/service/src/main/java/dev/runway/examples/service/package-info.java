/**
 * The supply-chain assistant service: the seed's REST API and web page on Runway and Spring Boot.
 */
package dev.runway.examples.service;
