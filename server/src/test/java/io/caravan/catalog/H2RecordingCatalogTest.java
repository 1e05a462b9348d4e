package io.caravan.catalog;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The catalog's promises on its embedded default, an H2 file database under a directory of Caravan's. */
class H2RecordingCatalogTest extends RecordingCatalogContract {

    @TempDir
    Path dataDir;

    private Path directory;

    @Override
    void newDatabase() throws Exception {
        directory = Files.createDirectories(dataDir.resolve("catalog"));
    }

    @Override
    CatalogDatabase openDatabase() {
        return CatalogDatabase.embedded(directory);
    }
}
