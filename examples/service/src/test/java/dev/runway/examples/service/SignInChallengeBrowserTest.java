package dev.runway.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.ChallengeResponse;
import dev.runway.core.auth.ChallengeType;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.ForwardingAuthProvider;
import dev.runway.examples.assistant.DemoUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The page's sign-in steps in headless Chromium: a new password, an MFA code, and a token that
 * expires while the page is open (refreshed before the next call). The identity provider is the
 * demo users with two accounts that answer with Cognito's challenge types, so the page is tested
 * against the API's challenge route as a Cognito pool drives it.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.main.allow-bean-definition-overriding=true")
class SignInChallengeBrowserTest {

  /**
   * The demo users, where {@code new.user} must choose a password and {@code mfa.user} give a code.
   */
  static final class ChallengingUsers extends ForwardingAuthProvider {
    final AtomicInteger refreshes = new AtomicInteger();

    ChallengingUsers() {
      super(DemoUsers.provider());
    }

    @Override
    public AuthResult authenticate(String username, String password) {
      if ((username.equals("new.user") || username.equals("mfa.user"))
          && password.equals(DemoUsers.PASSWORD)) {
        ChallengeType type =
            username.equals("new.user")
                ? ChallengeType.NEW_PASSWORD_REQUIRED
                : ChallengeType.SOFTWARE_TOKEN_MFA;
        return new AuthResult.ChallengeRequired(
            type,
            type.name(),
            username,
            "session-" + username,
            Instant.now().plusSeconds(180),
            Map.of());
      }
      return super.authenticate(username, password);
    }

    @Override
    public AuthResult respondToChallenge(ChallengeResponse response) {
      Map<String, String> a = response.answers();
      boolean ok =
          switch (response.challenge().type()) {
            case NEW_PASSWORD_REQUIRED -> a.getOrDefault("NEW_PASSWORD", "").length() >= 12;
            case SOFTWARE_TOKEN_MFA -> "123456".equals(a.get("SOFTWARE_TOKEN_MFA_CODE"));
            default -> false;
          };
      if (!ok
          || !response.challenge().session().equals("session-" + response.challenge().username())) {
        return new AuthResult.Failed(FailureCode.CHALLENGE_FAILED, "the answer is not right");
      }
      // signed in as the field engineer: the demo's users file has no other accounts
      return super.authenticate("field.engineer", DemoUsers.PASSWORD);
    }

    @Override
    public AuthResult refresh(String refreshToken) {
      refreshes.incrementAndGet();
      return super.refresh(refreshToken);
    }
  }

  @TestConfiguration
  static class Users {
    @Bean
    AuthProvider demoUsers() {
      return new ChallengingUsers();
    }
  }

  @LocalServerPort int port;

  @Autowired AuthProvider users;

  private ChromeDriver browser;

  @BeforeEach
  void startBrowser() {
    browser = Browsers.start();
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private void signIn(String user) {
    browser.get("http://127.0.0.1:" + port + "/");
    browser.findElement(By.id("username")).clear();
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(DemoUsers.PASSWORD);
    browser.findElement(By.id("login")).click();
  }

  @Test
  void aNewPasswordChallengeThenATokenRefresh() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    signIn("new.user");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("challenge-form")));
    assertThat(browser.findElement(By.id("challenge-label")).getText()).isEqualTo("New password");
    browser.findElement(By.id("challenge-answer")).sendKeys("short");
    browser.findElement(By.id("challenge-submit")).click();
    wait.until(ExpectedConditions.textToBe(By.id("signin-error"), "the answer is not right"));
    browser.findElement(By.id("challenge-answer")).clear();
    browser.findElement(By.id("challenge-answer")).sendKeys("a-much-longer-passphrase");
    browser.findElement(By.id("challenge-submit")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));

    // the access token runs out while the page is open: the next question refreshes it first
    ((JavascriptExecutor) browser)
        .executeScript(
            "const a = JSON.parse(sessionStorage.getItem('assistant.auth'));"
                + "a.expires_at = new Date(Date.now() - 1000).toISOString();"
                + "sessionStorage.setItem('assistant.auth', JSON.stringify(a));");
    browser.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
    browser.findElement(By.id("question")).sendKeys("fe.stuck-orders");
    browser.findElement(By.id("ask")).click();
    wait.until(ExpectedConditions.textToBe(By.id("cached"), "from the database"));
    assertThat(((ChallengingUsers) users).refreshes.get()).isPositive();
    assertThat(Browsers.consoleErrors(browser))
        .as("only the refused short password")
        .allMatch(e -> e.contains("/api/v1/auth/challenge") && e.contains("401"));
  }

  @Test
  void anMfaCodeChallenge() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    signIn("mfa.user");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("challenge-form")));
    assertThat(browser.findElement(By.id("challenge-label")).getText()).isEqualTo("Code");
    browser.findElement(By.id("challenge-answer")).sendKeys("123456");
    browser.findElement(By.id("challenge-submit")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
    assertThat(browser.findElement(By.id("who")).getText()).contains("field.engineer");
  }
}
