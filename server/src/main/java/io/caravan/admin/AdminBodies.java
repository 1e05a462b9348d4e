package io.caravan.admin;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads an admin request body: a JSON object whose fields are checked against what the request allows. */
final class AdminBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminBodies() {
    }

    /**
     * The request's JSON object with its fields renamed to inventory keys; unknown or not allowed fields are refused,
     * not ignored.
     *
     * @param fields  admin JSON field → inventory key
     * @param allowed the admin fields this request may hold
     */
    static ObjectNode entry(String body, Map<String, String> fields, Set<String> allowed)
            throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw AdminError.badRequest("a JSON object body is required");
        }
        JsonNode request = JSON.readTree(body);
        if (!(request instanceof ObjectNode object)) {
            throw AdminError.badRequest("the body must be a JSON object");
        }
        ObjectNode entry = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!allowed.contains(field.getKey())) {
                throw AdminError.badRequest("unknown field '" + field.getKey() + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            entry.set(fields.get(field.getKey()), field.getValue());
        }
        return entry;
    }
}
