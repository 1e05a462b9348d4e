package io.caravan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import io.caravan.emulator.EmulatedNode;
import io.caravan.support.AdminHttp;
import io.caravan.support.CaravanUnderTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Admin changes survive a restart, and the inventory file stays the declarative source, re-read while running. */
@Tag("end-to-end")
class AdminPersistenceTest {

    private static AdminHttp admin(CaravanUnderTest caravan) {
        return new AdminHttp(caravan.baseUrl(), CaravanUnderTest.ADMIN_TOKEN);
    }

    private static String state(CaravanUnderTest caravan, String name) {
        return admin(caravan).get("/nodes/" + name).json().path("state").asText();
    }

    @Test
    void addedNodeAndCordonSurviveARestart() {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi().start();
                EmulatedNode extra = EmulatedNode.start("extra", 0, "extra-secret")) {
            assertEquals(201, admin(caravan).post("/nodes", "{\"name\":\"bbb9\",\"url\":\"" + extra.baseUrl()
                    + "\",\"secret\":\"extra-secret\"}").status());
            assertEquals(200, admin(caravan).post("/nodes/bbb1/cordon", null).status());
            assertEquals(200, admin(caravan).send("DELETE", "/nodes/bbb2", null).status());

            caravan.restart();

            assertEquals("cordoned", state(caravan, "bbb1"));
            assertEquals(404, admin(caravan).get("/nodes/bbb2").status());
            caravan.awaitOnline("bbb9", true);
            assertEquals(2, admin(caravan).get("/nodes").json().path("nodes").size());
        }
    }

    @Test
    void inventoryEditIsAppliedWithoutRestartAndDropsTheEditedNodesAdminChanges() throws Exception {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi().start();
                EmulatedNode extra = EmulatedNode.start("bbb3", 0, "extra-secret")) {
            assertEquals(200, admin(caravan).post("/nodes/bbb1/cordon", null).status());
            assertEquals(200, admin(caravan).post("/nodes/bbb2/disable", null).status());

            String yaml = Files.readString(caravan.inventory());
            String edited = yaml.replace("    secret: " + caravan.node(0).secret() + "\n",
                    "    secret: " + caravan.node(0).secret() + "\n    load-factor: 3\n")
                    + "  - name: bbb3\n    url: " + extra.baseUrl() + "\n    secret: extra-secret\n";
            Files.writeString(caravan.inventory(), edited);

            caravan.awaitOnline("bbb3", true);
            CaravanUnderTest.await(() -> "enabled".equals(state(caravan, "bbb1")), "bbb1 back to its file state");
            assertEquals(3.0, admin(caravan).get("/nodes/bbb1").json().path("loadFactor").asDouble());
            assertEquals("disabled", state(caravan, "bbb2"), "an unedited node keeps its admin change");
        }
    }

    @Test
    void nodeRemovedThroughTheApiStaysRemovedUntilItsFileEntryChanges() throws Exception {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi().start()) {
            assertEquals(200, admin(caravan).send("DELETE", "/nodes/bbb2", null).status());
            String yaml = Files.readString(caravan.inventory());
            Files.writeString(caravan.inventory(), yaml + "# touched\n");
            caravan.awaitPolls(3);
            assertEquals(404, admin(caravan).get("/nodes/bbb2").status());

            Files.writeString(caravan.inventory(), yaml.replace("    secret: " + caravan.node(1).secret() + "\n",
                    "    secret: " + caravan.node(1).secret() + "\n    tags: [back]\n"));
            CaravanUnderTest.await(() -> admin(caravan).get("/nodes/bbb2").status() == 200, "bbb2 back");
        }
    }

    @Test
    void invalidInventoryEditIsIgnoredAndTheRunningNodesStay() throws Exception {
        try (CaravanUnderTest caravan = CaravanUnderTest.builder().nodes(2).adminApi().start()) {
            Files.writeString(caravan.inventory(), "nodes:\n  - name: broken\n    url: not-a-url\n");
            caravan.awaitPolls(3);
            assertEquals(2, admin(caravan).get("/nodes").json().path("nodes").size());
            assertTrue(caravan.registry().canServe("bbb1"));
            assertFalse(caravan.registry().node("broken").isPresent());
        }
    }
}
