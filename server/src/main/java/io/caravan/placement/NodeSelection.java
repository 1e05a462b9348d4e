package io.caravan.placement;
import java.util.Arrays;
import java.util.List;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.inventory.Node;
import io.caravan.inventory.Tenant;

/**
 * Which nodes may take a new meeting: those of the tenant's clusters, then by {@code meta_server-tag} (Scalelite's
 * semantics). {@code a;b} asks for a node with any of these tags and falls back to untagged nodes when none is
 * available; a trailing {@code !} makes the tags required. A create without a tag goes to untagged nodes only, so
 * tagged (special) nodes are kept for the meetings that ask for them.
 *
 * @param clusters    allowed clusters, empty for any
 * @param tags        requested tags, empty when the create asks for none
 * @param tagRequired whether an untagged node may not stand in
 */
public record NodeSelection(List<String> clusters, List<String> tags, boolean tagRequired) {

    /** The create parameter naming the tags, as Scalelite reads it. */
    public static final String TAG_PARAM = "meta_server-tag";

    public NodeSelection {
        clusters = List.copyOf(clusters);
        tags = List.copyOf(tags);
    }

    public static NodeSelection of(ApiRequest request, Tenant tenant) {
        List<String> clusters = tenant == null ? List.of() : tenant.clusters();
        String spec = request == null ? null : request.param(TAG_PARAM);
        if (spec == null || spec.isBlank()) {
            return new NodeSelection(clusters, List.of(), false);
        }
        String trimmed = spec.trim();
        boolean required = trimmed.endsWith("!");
        if (required) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        List<String> tags = Arrays.stream(trimmed.split(";")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        return new NodeSelection(clusters, tags, required && !tags.isEmpty());
    }

    /** The candidates among the eligible nodes; fails when a required tag is on none of them. */
    public List<Node> candidates(List<Node> eligible) {
        List<Node> inClusters = eligible.stream()
                .filter(n -> clusters.isEmpty() || clusters.contains(n.cluster()))
                .toList();
        List<Node> untagged = inClusters.stream().filter(n -> n.tags().isEmpty()).toList();
        if (tags.isEmpty()) {
            return untagged;
        }
        List<Node> tagged = inClusters.stream().filter(n -> n.tags().stream().anyMatch(tags::contains)).toList();
        if (!tagged.isEmpty()) {
            return tagged;
        }
        if (tagRequired) {
            throw BbbError.serverTagUnavailable(String.join(";", tags));
        }
        return untagged;
    }
}
