package io.caravan.inventory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the admin API changed about one node or tenant (one entry of an inventory section), on top of the inventory file.
 *
 * @param base    fingerprint of the entry in the inventory file when the change was made ("" when the file had none);
 *                once the file's entry differs, the operator has edited the source of truth and the change is dropped
 * @param removed the entry was removed through the API
 * @param entry   the whole entry in inventory keys (with its secrets), when not removed
 */
public record NodeChange(String base, boolean removed, ObjectNode entry) {
}
