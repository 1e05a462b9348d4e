package io.caravan.catalog;

/**
 * What one tenant's recordings take.
 *
 * @param tenant      the tenant; null for the recordings of no tenant
 * @param recordings  how many recordings it has
 * @param rawBytes    the sum of their raw sizes (what the nodes recorded)
 * @param formatBytes the sum of their playback formats' sizes (what Caravan's storage holds once imported)
 */
public record TenantStorage(String tenant, long recordings, long rawBytes, long formatBytes) {
}
