package io.caravan.recordings;

import java.time.Clock;
import java.util.function.Supplier;

import io.caravan.catalog.CatalogDatabase;
import io.caravan.catalog.RecordingCatalog;

/**
 * The recordings catalog, opened when first needed: opening runs the database's migrations (seconds on the first
 * start), which a Caravan that never receives an upload should not pay for at every start. Closed with Caravan.
 */
public final class RecordingCatalogOnDemand implements Supplier<RecordingCatalog>, AutoCloseable {

    private final Supplier<CatalogDatabase> opener;
    private CatalogDatabase database;
    private RecordingCatalog catalog;

    /** @param opener opens the database (embedded or shared, from the settings) */
    public RecordingCatalogOnDemand(Supplier<CatalogDatabase> opener) {
        this.opener = opener;
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
