package io.caravan;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure docs/architecture.md describes, checked on the compiled product classes: dependencies
 * between packages point one way, and the BBB protocol needs nothing but the JDK and Jackson.
 */
class ArchitectureTest {

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() throws URISyntaxException {
        // the product's compiled classes only (a dependency on a class not imported, such as the emulator's, is
        // still seen); scanning the whole classpath for io.caravan would take seconds
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of(Application.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.caravan.(*)..").should().beFreeOfCycles().check(product);
    }

    @Test
    void theBbbProtocolIsALeaf() {
        classes().that().resideInAPackage("io.caravan.bbb").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.caravan.bbb", "java..", "javax..", "org.w3c..", "org.xml..",
                        "com.fasterxml.jackson..")
                .check(product);
    }

    @Test
    void theExchangeContractAndWhatInstancesShareDependOnNoOtherCaravanPackage() {
        noClasses().that().resideInAnyPackage("io.caravan.routes", "io.caravan.shared").should()
                .dependOnClassesThat().resideInAnyPackage("io.caravan.(*)..")
                .andShould().dependOnClassesThat().resideOutsideOfPackages("io.caravan.routes", "io.caravan.shared",
                        "java..", "com.fasterxml.jackson..", "org.slf4j..")
                .check(product);
    }

    @Test
    void theInventoryKnowsNothingOfCamelOrVertx() {
        noClasses().that().resideInAPackage("io.caravan.inventory").should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.camel..", "io.vertx..")
                .check(product);
    }

    @Test
    void recordingStorageKnowsNothingOfCamelVertxOrTheRestOfCaravan() {
        // the upload endpoint of issue #13 builds on it; the catalog and routes are above it. Its libraries: the
        // archive reader, and for the S3 store the AWS SDK and the pointer cache
        classes().that().resideInAPackage("io.caravan.storage").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.caravan.storage", "io.caravan.bbb", "java..", "javax..", "org.w3c..",
                        "org.xml..", "com.fasterxml.jackson..", "org.apache.commons.compress..",
                        "software.amazon.awssdk..", "com.github.benmanes.caffeine..")
                .check(product);
    }

    @Test
    void theRecordingsCatalogNeedsOnlyTheBbbProtocolAndItsDatabaseLibraries() {
        classes().that().resideInAPackage("io.caravan.catalog").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.caravan.catalog", "io.caravan.bbb", "java..", "javax.sql..",
                        "org.flywaydb..", "com.zaxxer.hikari..")
                .check(product);
    }

    @Test
    void playbackNeedsOnlyTheStoreTheCatalogAndTheHttpEngine() {
        // not the recordings package: getRecordings there lists PlaybackLinks, and the two must not use each other
        classes().that().resideInAPackage("io.caravan.playback").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.caravan.playback", "io.caravan.storage", "io.caravan.catalog",
                        "io.caravan.routes", "io.caravan.http", "io.caravan.config", "io.caravan.shared", "java..",
                        "javax.crypto..", "org.apache.camel..", "io.micrometer..", "com.github.benmanes.caffeine..",
                        "org.slf4j..")
                .check(product);
    }

    @Test
    void onlyTheWiringAndTheSharedSpentTokensUsePlayback() {
        noClasses().that().resideInAPackage("io.caravan..")
                .and().resideOutsideOfPackages("io.caravan.playback", "io.caravan.wiring", "io.caravan.store")
                .should().dependOnClassesThat().resideInAPackage("io.caravan.playback")
                .check(product);
    }

    @Test
    void maintenanceStandsOnTheInventoryTheNodesAndTheirCalls() {
        // the poll route and the admin API call into it, its claims are kept in Redis by the store; it calls nothing
        // above the nodes and their meetings
        classes().that().resideInAPackage("io.caravan.maintenance").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.caravan.maintenance", "io.caravan.inventory", "io.caravan.nodes",
                        "io.caravan.nodecalls", "io.caravan.meetings", "io.caravan.bbb", "io.caravan.routes",
                        "java..", "org.apache.camel..", "com.fasterxml.jackson..", "org.quartz..", "org.slf4j..")
                .check(product);
        noClasses().that().resideInAPackage("io.caravan..")
                .and().resideOutsideOfPackages("io.caravan.maintenance", "io.caravan.wiring", "io.caravan.admin",
                        "io.caravan.store")
                .should().dependOnClassesThat().resideInAPackage("io.caravan.maintenance")
                .check(product);
    }

    @Test
    void onlyTheWiringAndTheRedisHooksUseTheWebhooksRelay() {
        // the API pipeline reaches the hooks API by bean name from the routes, never by a Java dependency
        noClasses().that().resideInAPackage("io.caravan..")
                .and().resideOutsideOfPackages("io.caravan.webhooks", "io.caravan.wiring", "io.caravan.store")
                .should().dependOnClassesThat().resideInAPackage("io.caravan.webhooks")
                .check(product);
    }

    @Test
    void theProductNeverUsesTheEmulator() {
        noClasses().that().resideOutsideOfPackage("io.caravan.emulator").should().dependOnClassesThat()
                .resideInAPackage("io.caravan.emulator")
                .check(product);
    }
}
