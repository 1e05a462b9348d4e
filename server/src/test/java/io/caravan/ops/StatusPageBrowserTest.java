package io.caravan.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.caravan.emulator.EmulatedNode;
import io.caravan.inventory.NodeState;
import io.caravan.support.AdminHttp;
import io.caravan.support.BbbClient;
import io.caravan.support.CaravanUnderTest;
import io.caravan.support.PublishedRecordings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import javax.imageio.ImageIO;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
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
                // the charts need a few samples within the test's seconds, not one every 30 s
                .property("caravan.history.interval", "200ms")
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
                "--disable-quic", "--no-first-run", "--window-size=1400,2200", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    /** The meetings a test created end, so that another test's counts start from none. */
    @AfterEach
    void endMeetings() {
        caravan.nodes().forEach(EmulatedNode::endAllMeetings);
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
    @Test
    void chartsDrawEveryNodesLoadAndMeetingsOfTheLastHour() throws Exception {
        caravan.client().get("create", "name=Charted&meetingID=charted-1");
        caravan.client().get("create", "name=Charted&meetingID=charted-2");
        signIn(TOKEN);
        for (String chart : List.of("chart-load", "chart-meetings")) {
            // a line per node, drawn from more than one sample, with a width and a height on the page
            waitUpTo(20).until(d -> d.findElements(By.cssSelector("#" + chart + " polyline")).size() == 3);
            for (WebElement line : browser.findElements(By.cssSelector("#" + chart + " polyline"))) {
                assertTrue(line.getAttribute("points").trim().split(" ").length >= 2, line.getAttribute("points"));
            }
            Number width = (Number) ((JavascriptExecutor) browser).executeScript(
                    "return document.getElementById(arguments[0]).getBBox().width", chart);
            assertTrue(width.doubleValue() > 100, chart + " drawn " + width + " px wide");
            String legend = browser.findElement(By.id(chart.replace("chart", "legend"))).getText();
            assertTrue(legend.contains("bbb1") && legend.contains("bbb3"), legend);
        }
        // what an operator sees: the chart's pixels, not only its DOM. Axes, grid and labels are grey; the lines are
        // the only strongly coloured pixels, so counting those tells a drawn chart from a blank one
        for (String chart : List.of("chart-load", "chart-meetings")) {
            WebElement svg = browser.findElement(By.id(chart));
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", svg);
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(svg.getScreenshotAs(OutputType.BYTES)));
            assertTrue(shot.getWidth() >= 500 && shot.getHeight() >= 150, shot.getWidth() + "x" + shot.getHeight());
            int coloured = 0;
            for (int x = 0; x < shot.getWidth(); x++) {
                for (int y = 0; y < shot.getHeight(); y++) {
                    int rgb = shot.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff;
                    int g = (rgb >> 8) & 0xff;
                    int b = rgb & 0xff;
                    if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                        coloured++;
                    }
                }
            }
            assertTrue(coloured > 300, chart + " has " + coloured + " coloured pixels: its lines are not drawn");
        }
    }

    @Test
    void eventsShowANodeGoingOfflineAndBackAndStateChangesFromTheButtons() {
        signIn(TOKEN);
        EmulatedNode bbb3 = caravan.node(2);
        bbb3.down(true);
        try {
            String offline = waitUpTo(20).until(d -> d.findElements(By.cssSelector("tr.event-node-offline")).stream()
                    .map(WebElement::getText).filter(text -> text.contains("bbb3")).findFirst().orElse(null));
            assertTrue(offline.contains("offline"), offline);
            waitUpTo(10).until(d -> rowText("bbb3").contains("offline"));
        } finally {
            bbb3.down(false);
        }
        waitUpTo(20).until(d -> d.findElements(By.cssSelector("tr.event-node-online")).stream()
                .anyMatch(row -> row.getText().contains("bbb3")));
        caravan.awaitOnline("bbb3", true);

        // disable and enable from the page: each change is an event too
        waitUpTo(10).until(d -> {
            d.findElement(By.cssSelector("tr[data-node='bbb1'] button.action-disable")).click();
            return true;
        });
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("tr.event-node-state")).stream()
                .anyMatch(row -> row.getText().contains("bbb1") && row.getText().contains("now disabled")));
        assertEquals(NodeState.DISABLED, caravan.registry().node("bbb1").orElseThrow().state());
        waitUpTo(10).until(d -> {
            d.findElement(By.cssSelector("tr[data-node='bbb1'] button.action-enable")).click();
            return true;
        });
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("tr.event-node-state")).stream()
                .anyMatch(row -> row.getText().contains("bbb1") && row.getText().contains("now enabled")));
        assertEquals(NodeState.ENABLED, caravan.registry().node("bbb1").orElseThrow().state());
        caravan.awaitOnline("bbb1", true);
    }

    @Test
    void aNodesMeetingsShowTheMeetingCreatedThroughTheApiWithItsAttendees() {
        caravan.client().get("create", "name=Listed%20meeting&meetingID=listed-1");
        EmulatedNode host = caravan.nodes().stream().filter(node -> node.hasMeeting("listed-1")).findFirst()
                .orElseThrow();
        host.addAttendees("listed-1", 3);
        signIn(TOKEN);
        waitUpTo(10).until(d -> {
            d.findElement(By.cssSelector("tr[data-node='" + host.name() + "'] a.node-link")).click();
            return true;
        });
        String meeting = waitUpTo(15).until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("tr.meeting[data-meeting='listed-1']"));
            return rows.isEmpty() || !rows.get(0).getText().contains(" 3 ") ? null : rows.get(0).getText();
        });
        assertTrue(meeting.contains("Listed meeting"), meeting);
        assertTrue(browser.findElement(By.id("node-meetings-title")).getText().contains(host.name()));
    }

    @Test
    void tenantsShowTheirMeetingsAndAttendeesAgainstTheirLimits() {
        // declared for this test only: with tenants, meetings of no tenant (the other tests') are refused
        AdminHttp admin = new AdminHttp(caravan.baseUrl(), TOKEN);
        assertEquals(201, admin.post("/tenants", """
                {"name": "acme", "secrets": ["acme-secret"], "maxMeetings": 4, "maxAttendees": 10}""").status());
        assertEquals(201, admin.post("/tenants", """
                {"name": "beta", "secrets": ["beta-secret"]}""").status());
        try {
            BbbClient acme = new BbbClient(caravan.baseUrl() + "/t/acme/bigbluebutton/api", "acme-secret");
            assertTrue(acme.get("create", "name=Acme&meetingID=acme-1").body().contains("SUCCESS"));
            caravan.nodes().stream().filter(node -> node.hasMeeting("acme~acme-1")).findFirst().orElseThrow()
                    .addAttendees("acme~acme-1", 2);
            signIn(TOKEN);
            String acmeRow = waitUpTo(30).until(d -> {
                String text = d.findElement(By.cssSelector("tr[data-tenant-limits='acme']")).getText();
                return text.contains("1 / 4") && text.contains("2 / 10") ? text : null;
            });
            assertTrue(acmeRow.startsWith("acme"), acmeRow);
            String beta = browser.findElement(By.cssSelector("tr[data-tenant-limits='beta']")).getText();
            assertTrue(beta.contains("0 (no limit)"), beta);
        } finally {
            admin.send("DELETE", "/tenants/acme", null);
            admin.send("DELETE", "/tenants/beta", null);
        }
    }

    @Test
    void aCordonsNoticeAndANodesMaintenanceWindowsAreShown() {
        AdminHttp admin = new AdminHttp(caravan.baseUrl(), TOKEN);
        AdminHttp.Answer window = admin.post("/nodes/bbb3/maintenance",
                "{\"cron\":\"0 0 2 ? * SUN\",\"message\":\"Sunday restart\",\"repeat\":\"10m\"}");
        assertEquals(201, window.status(), window.body());
        String id = window.json().path("id").asText();
        try {
            assertEquals(200, admin.post("/nodes/bbb3/cordon",
                    "{\"message\":\"Back at 22:00\",\"repeat\":\"15m\"}").status());
            signIn(TOKEN);
            String row = waitUpTo(15).until(d -> {
                String text = rowText("bbb3");
                return text.contains("Back at 22:00") ? text : null;
            });
            assertTrue(row.contains("cordoned") && row.contains("notice \"Back at 22:00\" every 15m")
                    && row.contains("stays cordoned when empty"), row);
            assertTrue(row.contains("1 maintenance window"), row);
            assertFalse(rowText("bbb2").contains("maintenance window"), rowText("bbb2"));

            // the node's windows with its meetings, once its name is clicked
            waitUpTo(10).until(d -> {
                d.findElement(By.cssSelector("tr[data-node='bbb3'] a.node-link")).click();
                return true;
            });
            String listed = waitUpTo(15).until(d -> d.findElement(By.cssSelector("tr.window[data-window='" + id
                    + "']")).getText());
            assertTrue(listed.contains("0 0 2 ? * SUN") && listed.contains("Sunday restart")
                    && listed.contains("10m") && listed.contains("disabled"), listed);
            assertFalse(listed.contains("past"), "a cron window has a next time: " + listed);
            assertTrue(browser.findElement(By.id("node-windows-title")).getText().contains("times in UTC"));

            // enabled again: the notice goes, the window stays
            assertEquals(200, admin.post("/nodes/bbb3/enable", null).status());
            String enabled = waitUpTo(15).until(d -> {
                String text = rowText("bbb3");
                return text.contains("enabled") ? text : null;
            });
            assertFalse(enabled.contains("Back at 22:00"), enabled);
            assertTrue(enabled.contains("1 maintenance window"), enabled);
        } finally {
            admin.post("/nodes/bbb3/enable", null);
            admin.send("DELETE", "/nodes/bbb3/maintenance/" + id, null);
        }
    }
}
