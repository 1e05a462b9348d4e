package io.caravan.catalog;

import java.time.Instant;

/**
 * A recording read from the catalog, with what the catalog keeps of its own about it.
 *
 * @param recording    the recording
 * @param importStatus the transfer of its files into Caravan's storage
 * @param created      when it was first catalogued
 * @param updated      when it last changed
 */
public record CatalogEntry(Recording recording, ImportStatus importStatus, Instant created, Instant updated) {
}
