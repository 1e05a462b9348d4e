package io.caravan.inventory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import io.caravan.bbb.ChecksumAlgorithm;
import org.junit.jupiter.api.Test;

class InventoryLoaderTest {

    private final InventoryLoader loader = new InventoryLoader(ChecksumAlgorithm.SHA256);

    private String error(String yaml) {
        return assertThrows(InventoryError.class, () -> loader.parse(yaml, "inventory.yaml")).getMessage();
    }

    @Test
    void readsNodesClustersAndDefaults() {
        Inventory inventory = loader.parse("""
                clusters:
                  - name: big
                    f_atn: 2
                    f_mtg: 10
                    cpu_max: 1000
                    cpu_order: 3
                    checksum: sha512
                nodes:
                  - name: bbb1
                    url: https://bbb1.example.org/bigbluebutton/
                    secret: s1
                  - name: bbb2
                    url: https://bbb2.example.org/bigbluebutton/api
                    secret: s2
                    cluster: big
                    state: cordoned
                    tags: [gpu, eu]
                    load-factor: 0.5
                    load-url: https://bbb2.example.org/load
                """, "inventory.yaml");
        Node first = inventory.nodes().get(0);
        assertEquals("https://bbb1.example.org/bigbluebutton/api", first.apiUrl());
        assertEquals(Cluster.DEFAULT, first.cluster());
        assertEquals(NodeState.ENABLED, first.state());
        assertEquals(1.0, first.loadFactor());
        assertEquals(ChecksumAlgorithm.SHA256, first.checksum());
        Node second = inventory.nodes().get(1);
        assertEquals(NodeState.CORDONED, second.state());
        assertEquals(List.of("gpu", "eu"), second.tags());
        assertEquals(ChecksumAlgorithm.SHA512, second.checksum(), "cluster default applies");
        assertEquals(new LoadFormula(2, 10, 1000, 3), inventory.cluster("big").loadFormula());
        assertEquals(LoadFormula.DEFAULTS, inventory.cluster(Cluster.DEFAULT).loadFormula());
    }

    @Test
    void secretNeverAppearsInToString() {
        Node node = loader.parse("nodes: [{name: a, url: 'http://a/bigbluebutton', secret: topsecret}]", "x")
                .nodes().get(0);
        assertTrue(!node.toString().contains("topsecret"));
    }

    @Test
    void mistakesNameTheEntryAndTheProblem() {
        assertTrue(error("nodes: [{name: a, url: 'ftp://a', secret: s}]")
                .contains("nodes[0] (a): url 'ftp://a' is not an http(s) URL"));
        assertTrue(error("nodes: [{name: a, url: 'http://a'}]").contains("nodes[0] (a): 'secret' is required"));
        assertTrue(error("nodes: [{url: 'http://a', secret: s}]").contains("nodes[0]: 'name' is required"));
        assertTrue(error("nodes: [{name: a, url: 'http://a', secret: s}, {name: a, url: 'http://b', secret: s}]")
                .contains("nodes[1] (a): duplicate node name"));
        assertTrue(error("nodes: [{name: a, url: 'http://a', secret: s, state: broken}]")
                .contains("unknown state 'broken'"));
        assertTrue(error("nodes: [{name: a, url: 'http://a', secret: s, cluster: nope}]")
                .contains("unknown cluster 'nope'"));
        assertTrue(error("nodes: [{name: a, url: 'http://a', secret: s, loadfactor: 2}]")
                .contains("unknown key 'loadfactor'"));
        assertTrue(error("nodes: [{name: a, url: 'http://a', secret: s, load-factor: 0}]")
                .contains("load-factor must be greater than 0"));
        assertTrue(error("nodes: [{name: a, url: 'http://a', secret: s, checksum: md5}]")
                .contains("unknown checksum algorithm 'md5'"));
        assertTrue(error("clusters: [{name: c, cpu_order: 0}]").contains("clusters[0] (c): cpu_order"));
        assertTrue(error("nodes: {a: 1}").contains("'nodes' must be a list"));
        assertTrue(error("nodes: [unclosed").contains("not valid YAML"));
    }

    @Test
    void missingFileIsAClearError() {
        String message = assertThrows(InventoryError.class,
                () -> loader.load(Path.of("target/does-not-exist.yaml"))).getMessage();
        assertTrue(message.contains("not found") && message.contains("caravan.inventory"), message);
    }

    // the one example operators copy must stay a valid inventory, with every kind of entry it shows
    @Test
    void theExampleInventoryLoads() {
        Inventory inventory = loader.load(Path.of("inventory.example.yaml"));
        assertEquals(3, inventory.nodes().size());
        assertEquals(ChecksumAlgorithm.SHA512, inventory.nodes().stream().filter(n -> n.name().equals("bbb2"))
                .findFirst().orElseThrow().checksum());
    }
}
