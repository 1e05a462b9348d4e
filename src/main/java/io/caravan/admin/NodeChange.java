package io.caravan.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the admin API changed about one node, on top of the inventory file.
 *
 * @param base    fingerprint of the node's inventory file entry when the change was made ("" when the file had none);
 *                once the file's entry differs, the operator has edited the source of truth and the change is dropped
 * @param removed the node was removed through the API
 * @param entry   the node's whole entry in inventory keys (with its secret), when not removed
 */
public record NodeChange(String base, boolean removed, ObjectNode entry) {
}
