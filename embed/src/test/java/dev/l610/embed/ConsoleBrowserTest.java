package dev.l610.embed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web console in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium):
 * what the host sends shows on the page, a fault button reaches the host's line, a line typed into the
 * page's field reaches the host. Without chromium the tests are skipped, unless {@code -Dl610.interop=required}
 * (as .ci/run sets), where they fail.
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration SAFETY = Duration.ofSeconds(30); // a safety net on a busy machine, not a timing claim

    private static WebDriver browser;
    private static Path profile;
    private VirtualL610 l610;
    private TestHost host;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "the web console's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver";
            if ("required".equals(System.getProperty("l610.interop"))) {
                throw new AssertionError(why + " (-Dl610.interop=required)");
            }
            Assumptions.abort(why);
        }
        profile = Files.createTempDirectory("l610-chromium");
        ChromeOptions options = new ChromeOptions();
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setBinary(CHROMIUM.toFile()); // given explicitly, so Selenium Manager never looks for a browser
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File(profile.toFile(), "chromedriver.log")).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(SAFETY).scriptTimeout(SAFETY);
    }

    /** Script errors and Content-Security-Policy refusals the page ran into (a refused request's 4xx is not one). */
    private static List<String> pageErrors() {
        return browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource"))
                .toList();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void start() throws IOException {
        l610 = VirtualL610.builder().noGateway().control(new InetSocketAddress("127.0.0.1", 0)).start();
        host = new TestHost(l610.atAddress());
        host.command("ATE0");
        browser.get("http://127.0.0.1:" + l610.controlAddress().getPort() + "/");
        await().atMost(SAFETY).until(() -> browser.findElement(By.id("live")).getText().equals("live"));
    }

    @AfterEach
    void stop() throws IOException {
        assertThat(pageErrors()).as("the page's console").isEmpty();
        host.close();
        l610.close();
    }

    /** The texts of the page's line rows of one direction ({@code host} or {@code modem}), URCs only if asked. */
    private List<String> rows(String dir, boolean urcOnly) {
        String css = "#line .row." + dir + (urcOnly ? ".urc" : "") + " .text";
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    @Test
    void thePageShowsWhatTheHostSends() throws IOException {
        host.send("AT+CSQ\r");
        host.readUntil("OK\r\n");
        await().atMost(SAFETY).until(() -> rows("host", false).contains("AT+CSQ\\r"));
        await().atMost(SAFETY).until(() -> rows("modem", false).stream().anyMatch(t -> t.contains("+CSQ: ")));
        // and the state: the status panel is filled from the same stream
        await().atMost(SAFETY).until(() -> browser.findElement(By.id("network")).getText().contains("registered"));
    }

    @Test
    void aFaultButtonBreaksTheHostsConnection() throws IOException {
        host.send("AT+MQTTOPEN=1,\"127.0.0.1\"," + l610.brokerAddress().getPort() + ",1,60\r");
        host.readUntil("+MQTTOPEN: 1,1\r\n");
        await().atMost(SAFETY).until(() -> browser.findElement(By.cssSelector("#clients tr[data-client='1']")).getText()
                .contains("OPEN"));
        browser.findElement(By.id("fault-deregister")).click();
        assertThat(host.readUntil("+MQTTBREAK: 1,3\r\n")).contains("+MQTTBREAK: 1,3\r\n");
        // the page marks it as a URC, and shows the result of its call
        await().atMost(SAFETY).until(() -> rows("modem", true).stream().anyMatch(t -> t.contains("+MQTTBREAK: 1,3")));
        await().atMost(SAFETY).until(() -> browser.findElement(By.id("fault-result")).getText().equals("deregister: done"));
    }

    @Test
    void aLineTypedIntoThePageReachesTheHost() throws IOException {
        WebElement field = browser.findElement(By.id("inject-line"));
        field.sendKeys("+CPIN: NOT READY");
        browser.findElement(By.id("inject-send")).click();
        assertThat(host.readUntil("+CPIN: NOT READY\r\n")).isEqualTo("\r\n+CPIN: NOT READY\r\n");
        await().atMost(SAFETY).until(() -> browser.findElement(By.id("inject-result")).getText().equals("inject: done"));
        // a bad line gets the API's reason on the page, and the host sees nothing
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript( // past the field's own maxlength
                "const f = document.getElementById('inject-line'); f.removeAttribute('maxlength'); f.value = 'x'.repeat(1025);");
        browser.findElement(By.id("inject-send")).click();
        await().atMost(SAFETY).until(() -> browser.findElement(By.id("inject-result")).getText().contains("at most 1024"));
        assertThat(host.command("AT")).isEqualTo("\r\nOK\r\n");
        // raw bytes: the field's escapes are the bytes, nothing added
        field.clear();
        field.sendKeys("RD\\xffY\\r\\n");
        browser.findElement(By.id("inject-raw")).click();
        assertThat(host.readUntil("\r\n")).isEqualTo("RD\u00ffY\r\n");
        await().atMost(SAFETY).until(() -> browser.findElement(By.id("inject-result")).getText().equals("raw: done"));
    }

    @Test
    void theScenarioPanelShowsARunningScenariosExpectations() throws Exception {
        // GET /scenario answers 404 before any scenario: the page hides the panel
        await().atMost(SAFETY).until(() -> !browser.findElement(By.id("faults")).findElements(By.tagName("button")).isEmpty());
        assertThat(browser.findElement(By.id("scenario-panel")).isDisplayed()).isFalse();
        String yaml = String.join("\n", "name: console", "expect:", "  - name: asks-for-signal", "    expect: 'AT\\+CSQ'",
                "    within: 60s", "  - name: never-resets", "    expect-not: 'AT\\+CFUN=1,1'", "    within: 60s", "");
        java.net.http.HttpResponse<String> started = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + l610.controlAddress().getPort() + "/scenario"))
                .header("X-L610", "1").POST(java.net.http.HttpRequest.BodyPublishers.ofString(yaml)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        await().atMost(SAFETY).until(() -> browser.findElement(By.id("scenario-panel")).isDisplayed());
        await().atMost(SAFETY).until(() -> scenarioRows().stream().anyMatch(r -> r.startsWith("asks-for-signal|pending")));
        host.send("AT+CSQ\r");
        host.readUntil("OK\r\n");
        await().atMost(SAFETY).until(() -> scenarioRows().stream().anyMatch(r -> r.startsWith("asks-for-signal|passed")));
        assertThat(browser.findElement(By.id("scenario-verdict")).getText()).startsWith("console: running");
        if (System.getProperty("l610.console.screenshot") != null) { // -Dl610.console.screenshot=FILE.png: how the page looks
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(Path.of(System.getProperty("l610.console.screenshot")), png);
        }
    }

    /** The scenario panel's expectations, each as "name|status|reason" (read at once: the panel is redrawn as it polls). */
    @SuppressWarnings("unchecked")
    private List<String> scenarioRows() {
        return (List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#scenario-checks tr')].map(tr => [...tr.cells].map(c => c.textContent).join('|'));");
    }
}
