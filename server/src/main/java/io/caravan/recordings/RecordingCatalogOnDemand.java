package io.caravan.recordings;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.caravan.catalog.CatalogDatabase;
import io.caravan.catalog.RecordingCatalog;

/**
 * The recordings catalog, opened when first needed: opening runs the database's migrations (seconds on the first
 * start), which a Caravan that never receives an upload should not pay for at every start. Readers (getRecordings,
 * playback, retention) use {@link #ifAny()}: a catalog that was never created has no recordings, so they do not
 * create it. Closed with Caravan.
 */
public final class RecordingCatalogOnDemand implements Supplier<RecordingCatalog>, AutoCloseable {

    private final Supplier<CatalogDatabase> opener;
    private final BooleanSupplier exists;
    private CatalogDatabase database;
    private RecordingCatalog catalog;

    /**
     * @param opener opens the database (embedded or shared, from the settings)
     * @param exists whether there is a database to open without creating one (a shared database always is)
     */
    public RecordingCatalogOnDemand(Supplier<CatalogDatabase> opener, BooleanSupplier exists) {
        this.opener = opener;
        this.exists = exists;
    }

    /** The catalog if it exists (opened now if need be); empty while nothing was ever catalogued here. */
    public Optional<RecordingCatalog> ifAny() {
        synchronized (this) {
            if (catalog != null) {
                return Optional.of(catalog);
            }
        }
        return exists.getAsBoolean() ? Optional.of(get()) : Optional.empty();
    }

    @Override
    public synchronized RecordingCatalog get() {
        if (catalog == null) {
            database = opener.get();
            catalog = new RecordingCatalog(database, Clock.systemUTC());
        }
        return catalog;
    }

    @Override
    public synchronized void close() {
        if (database != null) {
            database.close();
            database = null;
            catalog = null;
        }
    }
}
