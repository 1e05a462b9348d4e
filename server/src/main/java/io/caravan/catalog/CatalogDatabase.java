package io.caravan.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * The catalog's database, open and migrated: an H2 file under a directory of Caravan's (the default, nothing to
 * install, one instance), or PostgreSQL by JDBC URL (several instances sharing it).
 *
 * <p>Connections come from a small HikariCP pool: every getRecordings will read the catalog, and a new PostgreSQL
 * connection per call would add a TCP and authentication handshake to it; for H2 the pool also keeps the database
 * open between calls (H2 closes a file database with its last connection). A few connections suffice because each
 * operation is a short transaction.
 *
 * <p>The schema is Flyway's versioned migrations in {@code db/caravan} on the class path, applied on opening. Flyway
 * records what it applied in the database, so a restart applies nothing again, and it serialises instances that
 * open one PostgreSQL at once (with a lock in the database).
 */
public final class CatalogDatabase implements AutoCloseable {

    /** Where the migrations are, on the class path. */
    static final String MIGRATIONS = "classpath:db/caravan";

    private static final int POOL_SIZE = 4;
    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
    // a concurrent upsert of the same recording waits for the other's row lock instead of failing at H2's 1 s
    private static final String H2_OPTIONS = ";LOCK_TIMEOUT=10000";

    private final HikariDataSource dataSource;
    private final int migrationsApplied;

    private CatalogDatabase(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setPoolName("caravan-catalog");
        this.dataSource = new HikariDataSource(config);
        try {
            this.migrationsApplied = Flyway.configure().dataSource(dataSource).locations(MIGRATIONS)
                    .load().migrate().migrationsExecuted;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The embedded catalog: an H2 file database {@code caravan} in this directory (created if missing). */
    public static CatalogDatabase embedded(Path directory) {
        Path file = directory.toAbsolutePath().resolve("caravan");
        return new CatalogDatabase("jdbc:h2:file:" + file + H2_OPTIONS, "caravan", "");
    }

    /** Whether this directory holds an embedded catalog (H2's file {@code caravan.mv.db}). */
    public static boolean embeddedExists(Path directory) {
        return Files.exists(directory.toAbsolutePath().resolve("caravan.mv.db"));
    }

    /** A shared catalog on this JDBC URL ({@code jdbc:postgresql://host/db}); user and password may be null. */
    public static CatalogDatabase shared(String jdbcUrl, String user, String password) {
        return new CatalogDatabase(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** How many migrations this opening applied: all of them on a new database, none on one already current. */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
