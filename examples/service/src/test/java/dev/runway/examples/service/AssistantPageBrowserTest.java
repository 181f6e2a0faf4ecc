package dev.runway.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.examples.assistant.DemoUsers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The web page in a real browser: headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}) signs in, asks a question twice (a suggestion, then typed), sees the answer,
 * the table, the chart and "cached" the second time, the conversation and the day's cost update,
 * and a reload keeps it all; the browser logs no error (a CSP violation would be one). A screenshot
 * is saved under {@code target/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AssistantPageBrowserTest {

  @LocalServerPort int port;

  private WebDriver browser;

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

  @Test
  void signIn_askTwice_secondAnswerIsCached_andAReloadKeepsTheConversation() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get("http://127.0.0.1:" + port + "/");
    browser.findElement(By.id("username")).clear();
    browser.findElement(By.id("username")).sendKeys("field.engineer");
    browser.findElement(By.id("password")).sendKeys(DemoUsers.PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
    assertThat(browser.findElement(By.id("who")).getText()).contains("field.engineer");
    assertThat(browser.findElement(By.id("interpreter")).getText()).isEqualTo("named questions");

    Select persona = new Select(browser.findElement(By.id("persona")));
    assertThat(persona.getOptions())
        .extracting(WebElement::getText)
        .containsExactly("Field Engineer");
    browser
        .findElement(By.cssSelector("#suggestions button[data-label='fe.parts-availability']"))
        .click();
    wait.until(ExpectedConditions.textToBe(By.id("cached"), "from the database"));
    String firstId = browser.findElement(By.id("query-id")).getText();
    assertThat(browser.findElements(By.cssSelector("#result tbody tr"))).isNotEmpty();
    assertThat(browser.findElement(By.cssSelector("#result thead")).getText())
        .contains("warehouse_id");
    assertThat(browser.findElement(By.id("agent-response")).getText())
        .contains("rows; the first: warehouse_id");
    assertThat(browser.findElements(By.cssSelector("#chart svg rect")))
        .as("a bar per warehouse")
        .hasSizeGreaterThan(1);
    assertThat(browser.findElement(By.id("cost-total")).getText()).isNotEmpty();

    // typed this time
    browser.findElement(By.id("question")).sendKeys("fe.parts-availability");
    browser.findElement(By.id("ask")).click();
    wait.until(d -> !d.findElement(By.id("query-id")).getText().equals(firstId));
    assertThat(browser.findElement(By.id("cached")).getText()).isEqualTo("cached");
    wait.until(d -> d.findElements(By.cssSelector("#conversation li")).size() == 4);
    assertThat(browser.findElement(By.id("daily-queries")).getText()).isNotEqualTo("0");

    browser.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
    wait.until(d -> d.findElements(By.cssSelector("#conversation li")).size() == 4);
    assertThat(browser.findElements(By.cssSelector("#conversation li.user"))).hasSize(2);
    assertThat(Browsers.consoleErrors(browser)).isEmpty();

    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Path out = Path.of("target", "screenshots", "assistant-page.png");
    Files.createDirectories(out.getParent());
    Files.copy(shot.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(out)).isGreaterThan(1000);
  }
}
