package io.caravan.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.caravan.inventory.NodeState;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.PublishedRecordings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser: Debian's chromium driven through chromedriver (both installed by .ci/run).
 * A missing browser fails this test; it is never skipped.
 */
@Tag("end-to-end")
class StatusPageBrowserTest {

    private static final String TOKEN = "status-page-test-token";
    private static CaravanUnderTest caravan;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        File chromium = new File("/usr/bin/chromium");
        File chromedriver = new File("/usr/bin/chromedriver");
        assertTrue(chromium.canExecute() && chromedriver.canExecute(),
                "the status page test needs Debian's chromium and chromium-driver: apt-get install chromium "
                        + "chromium-driver (.ci/run does this)");
        caravan = CaravanUnderTest.builder().nodes(3).property("caravan.admin.token", TOKEN)
                .prepareNodes(nodes -> {
                    nodes.get(1).addRecording("lecture", "rec-shown-1", true, java.util.Map.of());
                    nodes.get(1).addRecording("lecture", "rec-shown-2", false, java.util.Map.of());
                }).start();
        Path profile = Files.createTempDirectory("caravan-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // no network but loopback here: everything that phones home is switched off
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (caravan != null) {
            caravan.close();
        }
    }

    // the page redraws its rows on every refresh, so an element found a moment ago may be gone: look again
    private static WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static String rowText(String node) {
        return waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr[data-node='" + node + "']")).getText());
    }

    private static void clickAction(String node) {
        waitUpTo(10).until(d -> {
            d.findElement(By.cssSelector("tr[data-node='" + node + "'] button.action")).click();
            return true;
        });
    }

    private static void signIn(String token) {
        browser.get("http://127.0.0.1:" + caravan.port() + "/status");
        browser.manage().deleteAllCookies();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        waitUpTo(10).until(d -> d.findElement(By.id("login")).isDisplayed());
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("signin")).click();
    }

    @Test
    void pageShowsNothingWithoutTheToken() {
        browser.get("http://127.0.0.1:" + caravan.port() + "/status");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        waitUpTo(10).until(d -> d.findElement(By.id("login")).isDisplayed());
        assertFalse(browser.getPageSource().contains("bbb1"));
        signIn("wrong-token");
        waitUpTo(10).until(d -> d.findElement(By.id("login")).isDisplayed()
                && !d.findElement(By.id("message")).getText().isBlank());
        assertTrue(browser.findElements(By.cssSelector("tr[data-node]")).isEmpty());
    }

    @Test
    void pageShowsTheNodesLiveAndCordonsFromTheButton() {
        signIn(TOKEN);
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("tr[data-node]")).size() == 3);
        List<String> names = waitUpTo(10).until(d -> d.findElements(By.cssSelector("tr[data-node]")).stream()
                .map(row -> row.getAttribute("data-node")).sorted().toList());
        assertEquals(List.of("bbb1", "bbb2", "bbb3"), names);
        String row = rowText("bbb2");
        assertTrue(row.contains("online"), row);
        assertTrue(row.contains("enabled"), row);
        // the recordings index per node, and in all
        waitUpTo(15).until(d -> d.findElement(By.cssSelector("tr[data-node='bbb2'] td.recordings")).getText()
                .equals("2"));
        waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr[data-node='bbb1'] td.recordings")).getText()
                .equals("0"));
        waitUpTo(10).until(d -> d.findElement(By.id("totals")).getText().contains("2 recordings"));

        // live: a meeting created through the API shows up without reloading the page
        caravan.client().get("create", "name=Live&meetingID=live-1");
        waitUpTo(15).until(d -> d.findElement(By.id("totals")).getText().contains("1 meetings"));

        clickAction("bbb2");
        waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr[data-node='bbb2']")).getText()
                .contains("cordoned"));
        assertEquals(NodeState.CORDONED, caravan.registry().node("bbb2").orElseThrow().state());

        clickAction("bbb2");
        waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr[data-node='bbb2']")).getText()
                .contains("enabled"));
        assertEquals(NodeState.ENABLED, caravan.registry().node("bbb2").orElseThrow().state());
    }

    @Test
    void pageShowsTheRecordingsCaravanKeepsAndItsImports(@TempDir Path published) throws Exception {
        String recordId = "a4b2c3d4e5f60718293a4b5c6d7e8f9012345678-1760000000000";
        PublishedRecordings node = new PublishedRecordings(published);
        node.publish(recordId, "lecture", 1_760_000_000_000L, "presentation");
        assertEquals(0, node.upload(caravan, recordId, 0).exitCode());
        HttpResponse<String> corrupt = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(caravan.baseUrl() + "/recordings/upload")).header("Authorization", "Bearer "
                + PublishedRecordings.credential(caravan.node(0).name(), caravan.node(0).secret()))
                .POST(HttpRequest.BodyPublishers.ofString("not a tar archive at all")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, corrupt.statusCode(), corrupt.body());

        signIn(TOKEN);
        String storage = waitUpTo(15).until(d -> d.findElement(By.cssSelector("tr[data-tenant='-']")).getText());
        assertTrue(storage.contains("(no tenant)") && storage.contains("1"), storage);
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("tr.import")).size() >= 2);
        String imports = browser.findElement(By.id("imports")).getText();
        assertTrue(imports.contains(recordId) && imports.contains("imported"), imports);
        assertTrue(imports.contains("failed") && imports.contains("NOT_A_RECORDING"), "a failure with its reason: " + imports);
        assertTrue(browser.findElement(By.id("spool")).getText().contains("off"));
    }
}
