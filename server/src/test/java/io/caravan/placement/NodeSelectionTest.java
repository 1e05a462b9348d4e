package io.caravan.placement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.caravan.bbb.ApiRequest;
import io.caravan.bbb.BbbError;
import io.caravan.bbb.ChecksumAlgorithm;
import io.caravan.inventory.Node;
import io.caravan.inventory.NodeState;
import io.caravan.inventory.ParameterRules;
import io.caravan.inventory.Tenant;
import org.junit.jupiter.api.Test;

/** How a create's meta_server-tag and its tenant's clusters narrow the nodes a new meeting may go to. */
class NodeSelectionTest {

    private static final Node PLAIN_EU = node("plain-eu", "eu");
    private static final Node GPU_EU = node("gpu-eu", "eu", "gpu");
    private static final Node BIG_EU = node("big-eu", "eu", "big", "fast");
    private static final Node PLAIN_US = node("plain-us", "us");
    private static final Node GPU_US = node("gpu-us", "us", "gpu");
    private static final List<Node> ALL = List.of(PLAIN_EU, GPU_EU, BIG_EU, PLAIN_US, GPU_US);

    private static Node node(String name, String cluster, String... tags) {
        return new Node(name, "http://" + name + "/bigbluebutton/api", "secret", cluster, NodeState.ENABLED,
                List.of(tags), 1, ChecksumAlgorithm.SHA256, null);
    }

    private static ApiRequest create(String tagSpec) {
        Map<String, List<String>> params = tagSpec == null ? Map.of("meetingID", List.of("m"))
                : Map.of("meetingID", List.of("m"), NodeSelection.TAG_PARAM, List.of(tagSpec));
        return new ApiRequest("create", "GET", "", params, null, null);
    }

    private static Tenant tenantOf(String... clusters) {
        return new Tenant("acme", List.of("s"), List.of(), 0, 0, List.of(clusters), ParameterRules.NONE, null, null);
    }

    private static List<Node> candidates(String tagSpec, Tenant tenant) {
        return NodeSelection.of(create(tagSpec), tenant).candidates(ALL);
    }

    @Test
    void aCreateWithoutATagAsksForNothingAndAnyCluster() {
        NodeSelection selection = NodeSelection.of(create(null), null);
        assertEquals(new NodeSelection(List.of(), List.of(), false), selection);
        // no request at all (a call that is not a create) reads the same way
        assertEquals(selection, NodeSelection.of(null, null));
    }

    @Test
    void aBlankTagOrOneOfOnlySeparatorsIsNoTag() {
        for (String spec : List.of("", "   ", ";", " ; ; ", "!", " ;! ")) {
            NodeSelection selection = NodeSelection.of(create(spec), null);
            assertEquals(List.of(), selection.tags(), "'" + spec + "'");
            // a lone '!' requires nothing: there is no tag it could require
            assertFalse(selection.tagRequired(), "'" + spec + "'");
        }
    }

    @Test
    void tagsAreSplitOnSemicolonsAndTrimmedAndATrailingBangRequiresThem() {
        NodeSelection optional = NodeSelection.of(create(" gpu ; big "), null);
        assertEquals(List.of("gpu", "big"), optional.tags());
        assertFalse(optional.tagRequired());

        NodeSelection required = NodeSelection.of(create(" gpu ;;big ! "), null);
        assertEquals(List.of("gpu", "big"), required.tags());
        assertTrue(required.tagRequired());
    }

    @Test
    void aCommaDoesNotSeparateTags() {
        // Scalelite's separator is ';' (README "Tags"): "gpu,big" is one tag that no node here carries
        assertEquals(List.of("gpu,big"), NodeSelection.of(create("gpu,big"), null).tags());
        assertEquals(List.of(PLAIN_EU, PLAIN_US), candidates("gpu,big", null));
    }

    @Test
    void aBangInsideTheListIsPartOfATagAndRequiresNothing() {
        NodeSelection selection = NodeSelection.of(create("gpu!;big"), null);
        assertEquals(List.of("gpu!", "big"), selection.tags());
        assertFalse(selection.tagRequired());
    }

    @Test
    void theTenantsClustersAreTakenAsDeclared() {
        assertEquals(List.of("eu"), NodeSelection.of(create(null), tenantOf("eu")).clusters());
        assertEquals(List.of(), NodeSelection.of(create(null), tenantOf()).clusters());
    }

    @Test
    void withoutATagOnlyUntaggedNodesAreCandidatesSoTaggedOnesStayFreeForTheirMeetings() {
        assertEquals(List.of(PLAIN_EU, PLAIN_US), candidates(null, null));
    }

    @Test
    void aTenantWithClustersGetsOnlyTheirNodesAndOneWithoutAnyGetsAll() {
        assertEquals(List.of(PLAIN_EU), candidates(null, tenantOf("eu")));
        assertEquals(List.of(PLAIN_EU, PLAIN_US), candidates(null, tenantOf("eu", "us")));
        assertEquals(List.of(PLAIN_EU, PLAIN_US), candidates(null, tenantOf()));
        assertEquals(List.of(), candidates(null, tenantOf("asia")));
    }

    @Test
    void aTagSelectsTheNodesCarryingAnyOfItsTagsAndNoUntaggedOne() {
        assertEquals(List.of(GPU_EU, GPU_US), candidates("gpu", null));
        assertEquals(List.of(GPU_EU, BIG_EU, GPU_US), candidates("gpu;fast", null));
        assertEquals(List.of(GPU_EU, BIG_EU, GPU_US), candidates("gpu;fast!", null));
    }

    @Test
    void tagsAreMatchedOnlyAmongTheTenantsClusters() {
        assertEquals(List.of(GPU_US), candidates("gpu", tenantOf("us")));
        // the only "big" node is in eu: for a us tenant an optional tag falls back to its untagged nodes...
        assertEquals(List.of(PLAIN_US), candidates("big", tenantOf("us")));
        // ...and a required one is unavailable, although another cluster has it
        BbbError unavailable = assertThrows(BbbError.class, () -> candidates("big!", tenantOf("us")));
        assertEquals("serverTagUnavailable", unavailable.messageKey());
    }

    @Test
    void anOptionalTagNoNodeCarriesFallsBackToTheUntaggedNodesNotToOtherTaggedOnes() {
        assertEquals(List.of(PLAIN_EU, PLAIN_US), candidates("vr", null));
        assertEquals(List.of(PLAIN_EU), candidates("vr", tenantOf("eu")));
    }

    @Test
    void aRequiredTagNoNodeCarriesIsServerTagUnavailableNamingTheTags() {
        BbbError unavailable = assertThrows(BbbError.class, () -> candidates("vr;3d!", null));
        assertEquals("serverTagUnavailable", unavailable.messageKey());
        assertTrue(unavailable.getMessage().contains("vr;3d"), unavailable.getMessage());
    }

    @Test
    void withNoEligibleNodeAnOptionalTagGivesNoCandidateAndARequiredOneIsUnavailable() {
        NodeSelection optional = NodeSelection.of(create("gpu"), null);
        assertEquals(List.of(), optional.candidates(List.of()));
        NodeSelection required = NodeSelection.of(create("gpu!"), null);
        assertEquals("serverTagUnavailable",
                assertThrows(BbbError.class, () -> required.candidates(List.of())).messageKey());
    }
}
